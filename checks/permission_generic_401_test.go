package checks

import "testing"

// A 401 to a request that carried a credential refuses that credential
// (RFC 9110 §15.5.2); generic permission words beside it name no
// permission, so the refusal of the credential ranks first, as a guess.
// Words that name a scope still decide. Two stacks' real wording: Azure
// App Service authentication and IIS's own 401 page.
func TestGenericPermissionWordsAt401(t *testing.T) {
	for _, body := range []string{
		"You do not have permission to view this directory or page.",
		"You do not have permission to view this directory or page using the credentials that you supplied.",
	} {
		rep := Run(exchange(get("https://myapp.example.net/api/values", "Authorization: Bearer opaque-token-0123456789abcdef"), resp(401, body)))
		if len(rep.Likely) < 2 || rep.Likely[0] != AuthInvalid || rep.Likely[1] != PermissionScope || !rep.Guess {
			t.Errorf("%q: likely %v (guess %v), want %s then %s as a guess", body, rep.Likely, rep.Guess, AuthInvalid, PermissionScope)
		}
	}
	rep := Run(exchange(get("https://myapp.example.net/api/values", "Authorization: Bearer opaque-token-0123456789abcdef"),
		resp(401, `{"error":"insufficient_scope","error_description":"The token does not have permission: missing scope files.read"}`)))
	if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
		t.Errorf("a named scope at 401: likely %v, want %s first", rep.Likely, PermissionScope)
	}
}
