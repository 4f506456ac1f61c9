package checks

import (
	"slices"
	"testing"
)

// A refusal of the credential that also names its access to this resource
// ("a valid API key with access to the resource you've requested", "not
// supported for this endpoint") does not say whether the key is bad or
// only not granted here: both are candidates, and it is a guess.
func TestCredentialRefusedForThisResource(t *testing.T) {
	cases := []struct{ vendor, auth, body string }{
		{"Plausible", "Authorization: Bearer 0123456789abcdef0123456789abcdef",
			`{"error": "Invalid API key. Please make sure you're using a valid API key with access to the resource you've requested."}`},
		{"Bitbucket", "Authorization: Bearer ATATT3xFfGF0abcdef0123456789",
			`{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}`},
	}
	for _, c := range cases {
		t.Run(c.vendor, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example.com/api/v1/sites", c.auth), resp(401, c.body, "Content-Type: application/json")))
			if !slices.Contains(rep.Likely, PermissionScope) || !slices.Contains(rep.Likely, AuthInvalid) {
				t.Errorf("likely %v: want both %s and %s", rep.Likely, AuthInvalid, PermissionScope)
			}
			if !rep.Guess {
				t.Errorf("sure of %v; the words do not say which", rep.Likely)
			}
		})
	}
	// Said plainly, the lack of access is the permission.
	rep := Run(exchange(get("https://api.example.com/api/v1/sites", cases[0].auth),
		resp(403, `{"error":"This API key does not have access to the resource you requested."}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
		t.Errorf("plain lack of access: likely %v, want %s first", rep.Likely, PermissionScope)
	}
	// To a request without a key the same words ask for one.
	rep = Run(exchange(get("https://api.example.com/api/v1/sites"), resp(401, cases[0].body, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Errorf("no key sent: likely %v, want %s first", rep.Likely, AuthMissing)
	}
	// A plain refusal of the key stays sure.
	rep = Run(exchange(get("https://api.example.com/api/v1/sites", cases[0].auth), resp(401, `{"error":"Invalid API key."}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid || rep.Guess {
		t.Errorf("plain invalid key: likely %v guess %v, want %s sure", rep.Likely, rep.Guess, AuthInvalid)
	}
}
