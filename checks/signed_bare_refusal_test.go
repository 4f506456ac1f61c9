package checks

import "testing"

// A refusal that gives no reason (an empty or status-only body) to a
// request carrying a signature its client computed: the server verifies
// the signature before it looks at any permission, and a signature that
// does not verify is the commonest refusal a signed API gives, so
// signature.mismatch is the first guess, not "the credential was accepted".
// Three vendors' signing as their APIs document it: a search-ad API's
// X-Signature header, a push service's sign form field and an exchange's
// Signature query parameter.
func TestSignedRequestBareRefusalGuessesSignature(t *testing.T) {
	reqs := map[string]func() Evidence{
		"a search-ad API's X-Signature header": func() Evidence {
			return exchange(get("https://api.example/ncc/criterion/grp-1?type=SD",
				"X-Timestamp: 1741968314000", "X-API-KEY: 0100000000a1b2c3d4e5f6", "X-Customer: 1234567", "X-Signature: q0m1x2Yl3h5Zc8o9pQ=="), resp(403, ""))
		},
		"a push service's sign field": func() Evidence {
			return exchange(post("http://api.example/rest/3.0/push/single_device",
				"apikey=Gx1l2H3k4J5m6N7b&timestamp=1741968314&sign=0f1e2d3c4b5a69788796a5b4c3d2e1f0&channel_id=3645&msg_type=1&msg=hi",
				"Content-Type: application/x-www-form-urlencoded;charset=utf-8"), resp(403, ""))
		},
		"an exchange's Signature parameter": func() Evidence {
			return exchange(get("https://api.example/v1/order/orders?AccessKeyId=e2xxxxxx-99xxxxxx&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2025-03-14T16%3A05%3A14&Signature=4F65x5A2bLyMWVQj3Aqp%2BB4w%2BivaA7n5Oi2SuYtCJ9o%3D"),
				resp(403, "Forbidden"))
		},
	}
	for name, ev := range reqs {
		t.Run(name, func(t *testing.T) {
			rep := Run(ev())
			if len(rep.Likely) == 0 || rep.Likely[0] != SignatureMismatch {
				t.Fatalf("likely %v, want %s first", rep.Likely, SignatureMismatch)
			}
			if !rep.Guess {
				t.Errorf("sure of %s with no word of the server's", SignatureMismatch)
			}
		})
	}
}

// The same bare refusal to a request with a key but no signature stays
// what it was: nothing points at a signature.
func TestUnsignedBareRefusalNoSignatureGuess(t *testing.T) {
	rep := Run(exchange(get("https://api.example/v1/items", "X-API-KEY: 0100000000a1b2c3d4e5f6"), resp(403, "")))
	if f, ok := findingOf(rep, SignatureMismatch); ok && f.Status == Fail {
		t.Errorf("signature.mismatch fails for an unsigned request: %s", f.Title)
	}
}
