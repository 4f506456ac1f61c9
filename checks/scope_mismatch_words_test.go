package checks

import "testing"

// Words that refuse a credential for its scopes ("does not match expected
// scopes", "scope does not match", "token has wrong scope") refuse what it
// grants, not the credential: they are no reading of auth.invalid, and at
// a 403 the permission words decide.
func TestScopeMismatchWordsAreNoRefusedCredential(t *testing.T) {
	for vendor, text := range map[string]string{
		"GitHub Packages": "Permission permission_denied: The token provided does not match expected scopes.",
		"Atlassian OAuth": `{"code":401,"message":"Unauthorized; scope does not match"}`,
		"Google AuthSub":  "Token invalid - AuthSub token has wrong scope",
	} {
		for _, status := range []int{401, 403} {
			for _, h := range readWords(lexWords(text), status) {
				if h.m.Cause == AuthInvalid {
					t.Errorf("%s at %d: %q read as a refused credential (%s)", vendor, status, text, h.m.Class)
				}
			}
		}
	}
	rep := Run(exchange(post("https://npm.pkg.github.com/@scope%2fpkg", "{}", "Authorization: Bearer abcdef0123456789", "Content-Type: application/json"),
		resp(403, "Permission permission_denied: The token provided does not match expected scopes.")))
	if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
		t.Fatalf("likely %v, want permission.scope first\n%s", rep.Likely, reportText(rep))
	}
}
