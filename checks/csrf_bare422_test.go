package checks

import "testing"

// A 422 that names nothing, to a state-changing request without a CSRF
// token, is the answer of a framework's authenticity check (Rails'
// InvalidAuthenticityToken) that ran before any field was validated: a
// CSRF guess. A 422 that lists field errors is a validation answer.
func TestBare422ToUnsafeRequestIsACSRFGuess(t *testing.T) {
	signIn := func() Evidence {
		return exchange(post("http://localhost:3000/users/sign_in.json", `{"email":"a@example.com","password":"x"}`, "Content-Type: application/json"), nil)
	}
	cases := []struct {
		name string
		resp string
		want Status
	}{
		{"Rails API, empty body", "", Fail},
		{"bare reason text", "Unprocessable Entity", Fail},
		{"field errors named", `{"errors":{"email":["is invalid"]}}`, Pass},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := signIn()
			ev.Exchange.Response = resp(422, c.resp)
			rep := Run(ev)
			f, _ := findingOf(rep, CSRF)
			if f.Status != c.want {
				t.Fatalf("csrf %s, want %s: %s\n%s", f.Status, c.want, f.Title, reportText(rep))
			}
			if c.want == Fail && (!rep.Guess || len(rep.Likely) == 0 || rep.Likely[0] != CSRF) {
				t.Errorf("likely %v guess %v, want csrf first as a guess", rep.Likely, rep.Guess)
			}
		})
	}
}
