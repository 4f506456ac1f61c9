package checks

import "testing"

// A 200 whose JSON says it succeeded ("status": "ok") reports what was
// done, even when its message speaks of authorisation: it is no refusal,
// so no cause is named and no second opinion is added.
func TestSuccessEnvelopeIsNoNotice(t *testing.T) {
	for _, body := range []string{
		`{"status":"ok","message":"Your team is not authorized for this plan upgrade"}`,
		`{"status":"success","message":"The old key is not authorized to perform this action any more"}`,
	} {
		rep := Run(exchange(get("https://api.example.com/v1/plan", "Authorization: Bearer abcdefabcdef"), resp(200, body, "Content-Type: application/json")))
		if len(rep.Likely) > 0 || len(rep.SecondOpinion) > 0 {
			t.Errorf("%s: likely %q, second opinion %+v; want none", body, rep.Likely, rep.SecondOpinion)
		}
	}
}
