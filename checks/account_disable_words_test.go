package checks

import "testing"

// "Disable" told to the reader names a setting to turn off, not an account
// that is disabled. Vendors: Jupyter's host check, Transmission's RPC
// whitelist page; "disabled" still reads as the account's state.
func TestDisableInstructionIsNoAccountState(t *testing.T) {
	for _, text := range []string{
		"Blocking request with non-local 'Host' dev.example.com (dev.example.com:8888). If the notebook should be accessible at that name, set NotebookApp.allow_remote_access to disable the check.",
		"403: Forbidden. Unauthorized IP Address. Either disable the IP address whitelist or add your address to it.",
	} {
		for _, h := range readWords(lexWords(text), 403) {
			if h.m.Cause == AccountState {
				t.Errorf("%q read as %s (%s: %v)", text, h.m.Cause, h.m.Class, h.Words)
			}
		}
	}
	found := false
	for _, h := range readWords(lexWords(`{"error":"AppDisabled","message":"This app has been disabled by its owner"}`), 403) {
		found = found || h.m.Cause == AccountState
	}
	if !found {
		t.Error("a disabled app no longer reads as the account's state")
	}
}
