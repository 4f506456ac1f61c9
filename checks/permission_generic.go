package checks

// genericPermission reports a permission phrase that names no permission,
// scope or role: any refusal may be worded so.
func genericPermission(phrase string) bool {
	return phrase == "permission denied" || phrase == "not have access to" || phrase == "you do not have permission"
}

// genericPermissionAt401 reports a 401 to a request that carried a
// credential, whose words are only generic permission words ("You do not
// have permission to view this directory or page", "permission denied -
// invalid ticket"): RFC 9110 §15.5.2 reads the 401 as the credential
// refused, and the words add no permission that would outweigh it.
func genericPermissionAt401(f *facts) (string, bool) {
	if f.status != 401 || !f.req.hasCredential() {
		return "", false
	}
	p, ex, ok := f.body.find(scopePhrases)
	if !ok || !genericPermission(p) {
		return "", false
	}
	return bodyLine(ex), true
}
