package checks

import "testing"

// A 403 without a challenge whose words only state that authentication is
// required may be a framework's generic forbidden page (Play renders "You
// must be authenticated to access this page." for every 403, a failed CSRF
// check included): auth.missing stays first, as a guess. Words that say
// the caller is not authenticated describe the request and stay sure.
func TestAuthRequirementWordsAt403AreAGuess(t *testing.T) {
	cases := []struct {
		name  string
		ev    Evidence
		guess bool
	}{
		{"Play form post", exchange(post("http://localhost:9000/widgets", "", "Content-Type: application/x-www-form-urlencoded"),
			resp(403, "You must be authenticated to access this page.")), true},
		{"Jenkins anonymous", exchange(get("https://ci.example.com/job/build/api/json"),
			resp(403, "<html><head><title>Authentication required</title></head><body>Authentication required</body></html>", "Content-Type: text/html")), true},
		{"FastAPI not authenticated", exchange(get("https://api.example.com/items"),
			resp(403, `{"detail":"Not authenticated"}`, "Content-Type: application/json")), false},
		{"401 with the same words", exchange(get("https://ci.example.com/job/build/api/json"),
			resp(401, "Authentication required")), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("likely %v, want auth.missing first\n%s", rep.Likely, reportText(rep))
			}
			if rep.Guess != c.guess {
				t.Errorf("guess %v, want %v\n%s", rep.Guess, c.guess, reportText(rep))
			}
		})
	}
}

// A browser form posted without a cookie, refused by a 403 that only says
// authentication is required, has a failed CSRF check as a second
// candidate; a JSON body or a credential sent rules that reading out.
func TestFormPostAuthRequirement403HasCSRFCandidate(t *testing.T) {
	const page = "You must be authenticated to access this page."
	cases := []struct {
		name string
		req  Evidence
		want Status
	}{
		{"Play form post", exchange(post("http://localhost:9000/widgets", "name=a", "Content-Type: application/x-www-form-urlencoded"), resp(403, page)), Fail},
		{"multipart upload", exchange(post("http://localhost:9000/upload", "--x--", "Content-Type: multipart/form-data; boundary=x"), resp(403, "Authentication required")), Fail},
		{"JSON post", exchange(post("http://localhost:9000/api/widgets", `{"name":"a"}`, "Content-Type: application/json"), resp(403, page)), Pass},
		{"form post with a credential", exchange(post("http://localhost:9000/widgets", "name=a", "Content-Type: application/x-www-form-urlencoded", "Authorization: Bearer abcdef0123456789"), resp(403, page)), Pass},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.req)
			f, _ := findingOf(rep, CSRF)
			if f.Status != c.want {
				t.Fatalf("csrf %s, want %s: %s\n%s", f.Status, c.want, f.Title, reportText(rep))
			}
			if c.want == Fail && (len(rep.Likely) < 2 || rep.Likely[1] != CSRF || !rep.Guess) {
				t.Errorf("likely %v guess %v, want csrf second in a guess", rep.Likely, rep.Guess)
			}
		})
	}
}
