package checks

import "strings"

// Firebase's data stores (Cloud Firestore, Cloud Storage for Firebase, the
// Realtime Database) answer a read or write their security rules deny with
// "Missing or insufficient permissions" / "Permission denied". The rules
// decide, not IAM: the fix is the rules (or signing the user in so that
// the rules see request.auth), never a role (issue 14 §3).

// firebaseRulesHosts are the hosts whose refusals come from security rules.
var firebaseRulesHosts = []string{".firebaseio.com", ".firebasedatabase.app", "firestore.googleapis.com", "firebasestorage.googleapis.com"}

// isFirebaseRulesHost reports a Firebase data store host.
func isFirebaseRulesHost(host string) bool {
	for _, h := range firebaseRulesHosts {
		if host == strings.TrimPrefix(h, ".") || strings.HasSuffix(host, h) {
			return true
		}
	}
	return false
}

// firebaseRulesFinding fails permission.scope for a rules refusal.
func firebaseRulesFinding(f *facts) (Finding, bool) {
	if !f.refused() || !isFirebaseRulesHost(f.req.Host) {
		return Finding{}, false
	}
	h, ok := f.saysCause(PermissionScope)
	if !ok || wordsNameOther(f, PermissionScope, AuthInvalid, AuthExpired) {
		// "App Check token is invalid": the credential, not the rules.
		return Finding{}, false
	}
	ev := []string{h.evidence(f.saidFrom), "host " + f.req.Host + ": a Firebase data store, whose security rules decide each read and write"}
	fix := "Change the security rules so that they allow this read or write (Firebase console, Rules; test with the Rules Playground), or sign the user in so that request.auth satisfies them. IAM roles do not apply to client requests."
	if !f.req.hasCredential() || onlyKeyCredential(f) {
		ev = append(ev, "no user credential was sent (an API key identifies the project, not a user): the rules saw request.auth == null")
	}
	return fail(PermissionScope, Named, "Firebase security rules deny this request", ev, fix), true
}

// onlyKeyCredential reports that the request's credentials are only API
// keys (a key= parameter or a key header), which name a project.
func onlyKeyCredential(f *facts) bool {
	for _, c := range f.req.Creds {
		n := strings.ToLower(c.Name)
		if !(n == "key" || strings.HasSuffix(n, "api-key") || n == "x-firebase-appcheck") {
			return false
		}
	}
	return true
}
