package checks

import "testing"

// When the response cannot tell the first two candidates apart, the
// report names the planned experiment that would.
func TestDecider(t *testing.T) {
	bearer := "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"
	cases := []struct {
		name       string
		ev         Evidence
		want       string
		likelyA, B string
	}{
		{"anonymous GET, nginx's bare 403: a login or the path",
			exchange(get("https://www.example.com/private/report"), resp(403, nginx403, "Server: nginx")),
			"trailing-slash", AuthMissing, ResourceDenied},
		{"a token POST with a body, a bare Forbidden: the body or the permission",
			exchange(post("https://api.example.com/v1/x", `{"a":1}`, bearer), resp(403, "Forbidden")),
			"no-credential", ContentType, PermissionScope},
		{"a sure answer needs no experiment",
			exchange(get("https://api.example.com/v1/x", bearer), resp(401, "", `WWW-Authenticate: Bearer error="invalid_token", error_description="The access token expired"`)),
			"", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if rep.Decider != c.want {
				t.Fatalf("decider %q (%s), want %q; likely %v guess %v", rep.Decider, rep.DeciderChange, c.want, rep.Likely, rep.Guess)
			}
			if c.want == "" {
				return
			}
			if !rep.Guess || len(rep.Likely) < 2 || rep.Likely[0] != c.likelyA || rep.Likely[1] != c.B || rep.DeciderChange == "" {
				t.Errorf("likely %v guess %v change %q; want a guess between %s and %s", rep.Likely, rep.Guess, rep.DeciderChange, c.likelyA, c.B)
			}
		})
	}
	// Once sent, the experiment is not proposed again.
	ev := exchange(get("https://www.example.com/private/report"), resp(403, nginx403, "Server: nginx"))
	ev.Experiments = []Experiment{{Name: "trailing-slash", Sent: true, Status: 403}}
	if rep := Run(ev); rep.Decider == "trailing-slash" {
		t.Errorf("decider %q proposed again after it was sent", rep.Decider)
	}
}
