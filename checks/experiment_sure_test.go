package checks

import "testing"

// A cause the server's words alone left a guess is sure once an
// experiment shows it: the experiment is evidence beyond the words.
func TestExperimentMakesAGuessSure(t *testing.T) {
	ev := exchange(get("https://api.example.com/", "Authorization: Bearer opaque0token0value0123"),
		resp(401, "Origin authentication failed.", "Content-Type: text/plain", "Server: istio-envoy"))
	if rep := Run(ev); !rep.Guess || rep.Likely[0] != AuthInvalid {
		t.Fatalf("before the experiment: likely %v guess %v, want auth.invalid as a guess", rep.Likely, rep.Guess)
	}
	ev.Experiments = []Experiment{{Name: "no-credential", Change: "without the credential", Sent: true, Status: 401,
		Conclusion: "the same refusal without the credential: the one sent is not accepted", Shows: []string{AuthInvalid}}}
	rep := Run(ev)
	if rep.Guess || len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
		t.Errorf("after the experiment: likely %v guess %v, want auth.invalid, sure", rep.Likely, rep.Guess)
	}
}
