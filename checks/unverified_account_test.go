package checks

import "testing"

// An account whose email or user is not verified yet is the account's
// state, whatever the credentials: three identity providers' real wording.
// A signature or token that cannot be verified is not.
func TestUnverifiedAccountWording(t *testing.T) {
	for _, text := range []string{
		`{"message":"Email not verified","code":"EMAIL_NOT_VERIFIED"}`,
		`{"code":400,"error_code":"email_not_confirmed","msg":"Email not confirmed"}`,
		`{"__type":"UserNotConfirmedException","message":"User is not confirmed."}`,
	} {
		if got := firstCause(text, 401); got != AccountState {
			t.Errorf("%q read as %q, want %s", text, got, AccountState)
		}
	}
	for _, text := range []string{
		"Signature not verified",
		"The token could not be verified",
	} {
		if got := firstCause(text, 401); got == AccountState {
			t.Errorf("%q read as %s", text, got)
		}
	}
}

// At a 401 to a sign-in, the words decide before the status's default.
func TestUnverifiedAccountAtSignIn(t *testing.T) {
	rep := Run(exchange(post("http://localhost:3000/api/auth/sign-in/email", `{"email":"a@example.com","password":"hunter22"}`, "Content-Type: application/json"),
		resp(401, `{"message":"Email not verified","code":"EMAIL_NOT_VERIFIED"}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AccountState {
		t.Fatalf("likely %v, want %s first", rep.Likely, AccountState)
	}
}
