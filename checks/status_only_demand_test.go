package checks

import "testing"

// A 401 without a challenge to an upload whose multipart body was not
// read (its token or signature field unseen), with words that call
// something sent wrong: "no credential was sent" rests on the status
// alone and the words speak against it, so auth.missing is no sure
// answer. Two vendors' real wording (a storage upload's put policy, an
// image upload's signature).
func TestStatusOnlyDemandToUnreadBody(t *testing.T) {
	for _, said := range []string{
		`{"error":"invalid put policy encoding"}`,
		`{"error":{"message":"Invalid Signature fd6a0434ac39cb3fbeeaf04cd6dfa18ed198eed2. String to sign - 'timestamp=1446836936'."}}`,
	} {
		rep := Run(exchange(post("https://upload.example/", "", "Content-Type: multipart/form-data; boundary=x"), resp(401, said)))
		if len(rep.Likely) > 0 && rep.Likely[0] == AuthMissing && !rep.Guess {
			t.Errorf("%s: sure of auth.missing (likely %v)", said, rep.Likely)
		}
	}
	// Words that say something is absent keep the status's reading sure.
	rep := Run(exchange(post("https://db.example/v2/pipeline", "", "Content-Type: application/json"),
		resp(401, `{"error":"Unauthorized: unauthorized access attempt on database: empty JWT token"}`)))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing || rep.Guess {
		t.Errorf("empty token: likely %v guess %v, want auth.missing sure", rep.Likely, rep.Guess)
	}
}
