package checks

import "testing"

// Words that name both readings, a credential refused or none present, to
// a request that carried one: the request rules out the absence.
func TestAbsentOrInvalidWithCredentialSent(t *testing.T) {
	for _, c := range []struct {
		name, auth string
		status     int
		body       string
	}{
		{"Up Bank", "Authorization: Bearer up:yeah:0123456789abcdef0123456789abcdef", 401,
			`{"errors":[{"status":"401","title":"Not Authorized","detail":"The request was not authenticated because no valid credential was found in the Authorization header, or the Authorization header was not present."}]}`},
		{"Vultr", "API-Key: 0123456789ABCDEF0123456789ABCDEF0123", 403,
			"Invalid or missing API key. Check that your API key is present and matches your assigned key."},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example/v1/util/ping", c.auth), resp(c.status, c.body)))
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
				t.Fatalf("likely %v, want auth.invalid first", rep.Likely)
			}
		})
	}
}
