package checks

import "strings"

// Google API keys carry application restrictions (Android apps, iOS apps,
// HTTP referrers, IP addresses) and API restrictions. A request outside
// them is refused 403 PERMISSION_DENIED with an ErrorInfo reason naming
// the restriction. It is the key's settings that refuse, not IAM: granting
// a role changes nothing (issue 14 §3).

// googleKeyRestriction is what one reason means and how to fix it.
type googleKeyRestriction struct {
	Reason string
	Cause  string
	Title  string
	Fix    string
}

var googleKeyRestrictions = []googleKeyRestriction{
	{"API_KEY_ANDROID_APP_BLOCKED", IPAllowlist,
		"Google: the API key is restricted to certain Android apps, and this request names none of them (API_KEY_ANDROID_APP_BLOCKED)",
		"Send the app's identity with the key: X-Android-Package (the package name) and X-Android-Cert (the signing certificate's SHA-1, without colons); or add this package and SHA-1 to the key's application restrictions in the Cloud console (APIs & Services, Credentials). Not IAM."},
	{"API_KEY_IOS_APP_BLOCKED", IPAllowlist,
		"Google: the API key is restricted to certain iOS apps, and this request names none of them (API_KEY_IOS_APP_BLOCKED)",
		"Send X-Ios-Bundle-Identifier with the app's bundle ID, or add the bundle ID to the key's application restrictions in the Cloud console (APIs & Services, Credentials). Not IAM."},
	{"API_KEY_HTTP_REFERRER_BLOCKED", IPAllowlist,
		"Google: the API key is restricted to certain web sites, and this request's Referer is not one of them (API_KEY_HTTP_REFERRER_BLOCKED)",
		"Send the request from (or with a Referer of) an allowed site, or change the key's website restrictions; a key used from an app needs an app restriction instead. Not IAM."},
	{"API_KEY_IP_ADDRESS_BLOCKED", IPAllowlist,
		"Google: the API key is restricted to certain IP addresses, and yours is not one of them (API_KEY_IP_ADDRESS_BLOCKED)",
		"Add the caller's public address to the key's IP address restrictions, or call from an allowed address. Not IAM."},
	{"API_KEY_SERVICE_BLOCKED", PermissionScope,
		"Google: the API key may not call this API (API_KEY_SERVICE_BLOCKED: the key's API restrictions leave it out)",
		"Add this API to the key's API restrictions (Cloud console, APIs & Services, Credentials, the key, API restrictions), or use a key allowed to call it. Not IAM."},
}

// googleKeyRestricted is the restriction a Google error names, if any.
func googleKeyRestricted(f *facts) (googleKeyRestriction, bool) {
	j := f.body.json
	if j == nil {
		return googleKeyRestriction{}, false
	}
	for _, r := range googleKeyRestrictions {
		if j.hasReason(r.Reason) {
			return r, true
		}
	}
	return googleKeyRestriction{}, false
}

// googleKeyFinding fails id when the body names a key restriction of it.
func googleKeyFinding(f *facts, id string) (Finding, bool) {
	r, ok := googleKeyRestricted(f)
	if !ok || r.Cause != id {
		return Finding{}, false
	}
	ev := []string{bodyLine(f.body.json.summary()), "reason: " + r.Reason}
	if id == IPAllowlist {
		ev = append(ev, googleKeyIdentity(f)...)
	}
	return fail(id, Named, r.Title, ev, r.Fix), true
}

// googleKeyIdentity says which app-identity headers the request carried.
func googleKeyIdentity(f *facts) []string {
	var out []string
	for _, n := range []string{"X-Android-Package", "X-Android-Cert", "X-Ios-Bundle-Identifier", "Referer"} {
		if v, ok := f.reqHeader(n); ok {
			out = append(out, "request: "+n+": "+v)
		} else {
			out = append(out, "request: no "+n+" header")
		}
	}
	return out
}

// isGoogleKeyReason reports an API_KEY_* reason (for permission_scope,
// which must not read these as IAM).
func isGoogleKeyReason(j *jsonFacts) bool {
	if j == nil {
		return false
	}
	for _, r := range j.Reasons {
		if strings.HasPrefix(strings.ToUpper(r), "API_KEY_") && strings.HasSuffix(strings.ToUpper(r), "_BLOCKED") {
			return true
		}
	}
	return false
}
