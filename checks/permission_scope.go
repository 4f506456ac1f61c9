package checks

import (
	"fmt"
	"strings"
)

// after returns the text after marker up to the first stop byte ("" when
// marker is absent). It reads the original-case text at the same offset.
func after(lower, raw, marker string, stop string) string {
	i := strings.Index(lower, marker)
	if i < 0 {
		return ""
	}
	rest := raw[i+len(marker):]
	if j := strings.IndexAny(rest, stop); j >= 0 {
		rest = rest[:j]
	}
	return clip(rest, 160)
}

// missingGrants is wanted minus have, case-sensitively as scopes are.
func missingGrants(wanted, have []string) []string {
	h := map[string]bool{}
	for _, x := range have {
		h[x] = true
	}
	var out []string
	for _, w := range wanted {
		if !h[w] {
			out = append(out, w)
		}
	}
	return out
}

func checkPermissionScope(f *facts) Finding {
	if f.resp == nil {
		return skip(PermissionScope, f.noResponse(), f.noResponseEvidence()...)
	}
	tok := f.req.Token
	var have []string
	var grants []string
	if tok != nil && len(tok.Grants) > 0 {
		have = tok.allGrants()
		grants = []string{"token grants: " + tok.grantsLine()}
	}
	// RFC 6749 §5.2 unauthorized_client: the token endpoint knows the
	// client and does not allow it this grant type (a permission of the
	// client's registration, not a wrong secret: that is invalid_client).
	if j := f.body.json; j != nil && j.ErrorString == "unauthorized_client" && f.status >= 400 && f.status < 500 {
		ev := []string{f.statusLine(), bodyLine(j.summary())}
		return fail(PermissionScope, Named, "The OAuth client is not allowed this grant type (unauthorized_client, RFC 6749 §5.2)", ev,
			"Allow the grant type in the client's registration with the provider (or register a client of the kind that may use it), or use a grant the client is allowed.")
	}
	// RFC 6750 insufficient_scope, compared with the token's own grants.
	if c, ok := bearerError(f.challenges); ok && c.Param("error") == "insufficient_scope" {
		wanted := strings.Fields(c.Param("scope"))
		ev := append([]string{f.h.line("www-authenticate")}, grants...)
		title := "The token lacks a required scope (insufficient_scope)"
		switch miss := missingGrants(wanted, have); {
		case len(wanted) > 0 && tok != nil && len(have) > 0:
			title = fmt.Sprintf("Token has %s; server wants %s", listOf(have, 6), strings.Join(miss, " "))
			if len(miss) == 0 {
				title = fmt.Sprintf("Server wants %s, which the token claims to have: the server reads another claim or audience", strings.Join(wanted, " "))
			}
		case len(wanted) > 0:
			title = "Server wants scope " + strings.Join(wanted, " ") + " (insufficient_scope)"
		}
		if d := c.Param("error_description"); d != "" {
			ev = append(ev, "error_description: "+d)
		}
		return fail(PermissionScope, Named, title, ev,
			"Request a token with the missing scope (add it to the scope parameter of the token request; the client must be allowed to ask for it).")
	}
	// GitHub names the scopes a token has and the ones an endpoint accepts.
	if acc := f.h.get("x-accepted-oauth-scopes"); acc != "" && f.refused() {
		gotList := splitList(f.h.get("x-oauth-scopes"))
		wanted := splitList(acc)
		if len(missingGrants(wanted, gotList)) == len(wanted) {
			return fail(PermissionScope, Named,
				fmt.Sprintf("Token has scopes %q; this endpoint accepts %s", strings.Join(gotList, ", "), strings.Join(wanted, ", ")),
				[]string{f.h.line("x-oauth-scopes"), f.h.line("x-accepted-oauth-scopes")},
				"Regenerate the token with one of the accepted scopes (GitHub settings, Developer settings, Personal access tokens).")
		}
	}
	if _, ex, ok := f.body.find([]string{"resource not accessible by"}); ok {
		ev := []string{bodyLine(ex)}
		if f.h.has("x-accepted-github-permissions") {
			ev = append(ev, f.h.line("x-accepted-github-permissions"))
		}
		return fail(PermissionScope, Named, "GitHub: the token or app lacks a permission for this resource", ev,
			"Grant the permission named in X-Accepted-GitHub-Permissions to the fine-grained token or app (and its installation on this repository).")
	}
	if g, ok := firebaseRulesFinding(f); ok {
		return g
	}
	if g, ok := googleKeyFinding(f, PermissionScope); ok {
		return g
	}
	if isGoogleKeyReason(f.body.json) {
		return pass(PermissionScope, "Not IAM: a restriction of the API key refused the request (see "+IPAllowlist+")", bodyLine(f.body.json.summary()))
	}
	// Google: PERMISSION_DENIED, with the reason in details.
	if j := f.body.json; j != nil && strings.EqualFold(j.ErrStatus, "PERMISSION_DENIED") {
		ev := append([]string{bodyLine(j.summary())}, grants...)
		if len(j.Reasons) > 0 {
			ev = append(ev, "reasons: "+strings.Join(j.Reasons, ", "))
		}
		switch {
		case j.hasReason("ACCESS_TOKEN_SCOPE_INSUFFICIENT") || j.hasReason("insufficientPermissions") && strings.Contains(strings.ToLower(j.ErrMessage), "scope"):
			return fail(PermissionScope, Named, "Google: the access token lacks an OAuth scope (ACCESS_TOKEN_SCOPE_INSUFFICIENT)", ev,
				"Get a token with the API's scope (gcloud auth login --scopes=..., or add the scope to the OAuth consent request).")
		case accountReason(j) != "":
			// A disabled API or billing is an account setting, not a role.
			return pass(PermissionScope, "Not a permission: the project's API or billing is disabled (see "+AccountState+")", ev...)
		case j.hasReason("RATE_LIMIT_EXCEEDED") || j.hasReason("rateLimitExceeded"):
		case wordsNameOther(f, PermissionScope, IPAllowlist):
			// PERMISSION_DENIED is Google's status for every refusal; a
			// message naming an address or app restriction of the key
			// says which.
			h, _ := f.saysCause(IPAllowlist)
			return pass(PermissionScope, "Not IAM: the message names a restriction of the API key (see "+IPAllowlist+")", h.evidence(f.saidFrom))
		case wordsNameOther(f, PermissionScope, AuthInvalid, AuthExpired):
			// The message refuses the credential itself ("App attestation
			// failed.", "App Check token is invalid."): not a role.
			h, ok := f.saysCause(AuthExpired)
			if !ok || wordsNameOther(f, AuthExpired, AuthInvalid) {
				h, _ = f.saysCause(AuthInvalid)
			}
			return pass(PermissionScope, "Not IAM: the message says the credential itself was refused (see "+h.m.Cause+")", h.evidence(f.saidFrom))
		default:
			return fail(PermissionScope, Named, "Google: the caller lacks an IAM permission (PERMISSION_DENIED)", ev,
				"Grant the caller's account a role with the permission the message names (gcloud projects add-iam-policy-binding).")
		}
	}
	// Azure Resource Manager.
	if f.body.json.hasReason("AuthorizationFailed") {
		msg := f.body.json.summary()
		l := asciiLower(msg)
		action := after(l, msg, "perform action '", "'")
		scope := after(l, msg, "over scope '", "'")
		title := "Azure: the caller has no role allowing this action (AuthorizationFailed)"
		if action != "" {
			title = fmt.Sprintf("Azure: no role allows %s", action)
			if scope != "" {
				title += " over " + scope
			}
		}
		return fail(PermissionScope, Named, title, []string{bodyLine(msg)},
			"Assign the caller a role with this action at that scope (az role assignment create); new assignments take a few minutes to apply.")
	}
	// Kubernetes RBAC: a named user (system:anonymous is auth.missing).
	if j := f.body.json; j.isKubernetesStatus() && j.Reason == "Forbidden" && !strings.Contains(j.Message, "system:anonymous") {
		l := asciiLower(j.Message)
		user := after(l, j.Message, `user "`, `"`)
		verb := after(l, j.Message, `cannot `, ` `)
		res := after(l, j.Message, `resource "`, `"`)
		ns := after(l, j.Message, `namespace "`, `"`)
		title := "Kubernetes RBAC forbids this request"
		fix := "Bind the user or service account to a Role that allows it (a RoleBinding or ClusterRoleBinding)."
		if user != "" && verb != "" && res != "" {
			title = fmt.Sprintf("Kubernetes RBAC: %s cannot %s %s", user, verb, res)
			if ns != "" {
				title += " in namespace " + ns
			}
			fix = fmt.Sprintf("Check with kubectl auth can-i %s %s --as %s", verb, res, user)
			if ns != "" {
				fix += " -n " + ns
			}
			fix += ", then bind a Role that allows it (RoleBinding or ClusterRoleBinding)."
		}
		return fail(PermissionScope, Named, title, []string{bodyLine(clip(j.Message, maxExcerpt))}, fix)
	}
	// AWS IAM: "User: arn:... is not authorized to perform: s3:GetObject".
	// AWS answers an IAM denial with 403, never 401. The colon and the
	// action after it are AWS's: Azure Storage says "is not authorized to
	// perform this operation", which no IAM policy fixes.
	if i := f.body.index("is not authorized to perform:"); i >= 0 && f.status != 401 && !f.body.has("user: anonymous is not authorized") {
		action := after(f.body.lower, f.body.raw, "is not authorized to perform: ", " \"',<")
		who := after(f.body.lower, f.body.raw, "user: ", " ")
		title := "AWS IAM: the caller is not allowed this action"
		if action != "" {
			title = "AWS IAM: not allowed to perform " + action
			if who != "" {
				title += " (" + who + ")"
			}
		}
		if f.body.has("explicit deny") {
			title += ", by an explicit deny"
		}
		return fail(PermissionScope, Named, title, []string{bodyLine(f.body.excerpt(i, i+28))},
			"Add the action to an identity policy of the caller (and to the resource policy when there is one); an explicit deny must be removed, it beats any allow.")
	}
	if anonymousStoreDenied(f) {
		// An anonymous request has no caller whose policy could lack the
		// action.
		return pass(PermissionScope, "Not a caller's permission: the object store's AccessDenied answers a request that carried no credential (see "+ResourceDenied+")", f.statusLine())
	}
	if x := f.body.xml; x != nil && x.Code == "AccessDenied" && !strings.Contains(strings.ToLower(x.Message), "expired") {
		g := fail(PermissionScope, Indicated, "S3 AccessDenied: a policy does not allow this request",
			[]string{"S3 error AccessDenied: " + x.Message},
			"Check the caller's IAM policy and the bucket policy for this action and key; S3 also answers AccessDenied for a missing key when you lack s3:ListBucket.")
		g.wordsOnly = !s3PolicyDenial(x.Message)
		return g
	}
	if _, ex, ok := f.body.find([]string{"rbac: access denied"}); ok {
		g := fail(PermissionScope, Named, "Envoy/Istio RBAC denied the request (an AuthorizationPolicy)", []string{bodyLine(ex)},
			"Check the AuthorizationPolicy of the workload: which principals, namespaces and paths it allows.")
		if !f.req.hasCredential() {
			// The filter's words are the same whichever match refused:
			// an identity, a source address (an IP allow list), a path,
			// a method. With no credential sent, no identity of the
			// caller's own decided it for sure.
			g.Evidence = append(g.Evidence, "the RBAC message does not say what the policy matched on: the caller's identity, its source address, the path or the method")
			g.Fix = "Check the policy on this route (AuthorizationPolicy, SecurityPolicy, MeshTrafficPermission): which principals, source addresses, paths and methods it allows."
			g.wordsOnly = true
		}
		return g
	}
	if j := f.body.json; j != nil && j.Failed && strings.EqualFold(j.ErrorString, "missing_scope") {
		ev := []string{f.statusLine(), `"error": "missing_scope"`}
		title := "The token lacks a scope this method needs (missing_scope)"
		fix := "Add the scope to the app's configuration and reinstall it, so that a new token carries it."
		if j.Needed != "" {
			title = "The token lacks scope " + j.Needed + " (missing_scope)"
			fix = "Add " + j.Needed + " to the app's scopes and reinstall it, so that a new token carries it."
			ev = append(ev, "needed: "+j.Needed)
		}
		if j.Provided != "" {
			ev = append(ev, "provided: "+j.Provided)
		}
		return fail(PermissionScope, Named, title, ev, fix)
	}
	if p, ex, ok := f.body.find(scopePhrases); ok && f.refused() {
		s := Named
		if genericPermission(p) {
			s = Indicated
			if f.status == 401 && f.req.hasCredential() {
				// Generic words name no permission: at a 401 they do not
				// outweigh the status's refusal of the credential sent
				// (see genericPermissionAt401).
				s = Inferred
			}
		}
		title := fmt.Sprintf("The server says the caller lacks a permission: %q", p)
		if why := authFirst(f); why != "" {
			s, title = Inferred, title+", but "+why
		}
		g := fail(PermissionScope, s, title,
			append([]string{bodyLine(ex)}, grants...),
			"Ask for the role, scope or permission this operation needs, or use an account that has it.")
		if f.status == 401 && f.req.hasCredential() {
			// RFC 9110 §15.5.2: a 401 to a request with a credential says
			// the credential was refused; many APIs also answer a valid
			// one that lacks a permission with 401, in these words. The
			// response cannot tell which: the likeliest reading, not a
			// sure one.
			g.Evidence = append(g.Evidence, "a 401 says the credential itself was refused; APIs also answer a missing permission with 401: this response cannot tell which")
			g.wordsOnly = true
		}
		return g
	}
	if f.status == 403 && inferPermission(f) {
		return byStatus(fail(PermissionScope, Inferred, "Authenticated but refused (403): the credential was accepted, the permission is missing",
			append(append([]string{f.statusLine()}, f.req.credentialLines()...), grants...),
			"Compare the token's roles and scopes with what this operation needs; the API's docs or its owner know which."))
	}
	if f.success() {
		return pass(PermissionScope, "Allowed ("+f.statusLine()+")", grants...)
	}
	return pass(PermissionScope, "No scope or permission wording in the response", append([]string{f.statusLine()}, grants...)...)
}

// authFirst says why the server's permission wording yields to
// authentication, "" when it does not. A permission belongs to someone the
// server authenticated. RFC 9110 §15.5.4 reads a 403 as "the credentials
// are insufficient" only "if authentication credentials were provided":
// to a request that carried none, "permission denied" is what the
// anonymous caller may not do, and the first fix is to authenticate
// (auth.missing, a guess: nothing asked for a credential). A 401 (§15.5.2)
// says the request "lacks valid authentication credentials": when the words
// also refuse the credential sent ("Invalid key ... or not authorized"),
// the 401 agrees with that reading, and it comes first (auth.invalid).
// Permission words alone at a 401 stay a permission: many APIs answer a
// valid token without the permission with 401.
func authFirst(f *facts) string {
	switch {
	case f.reqUnknown || identifiedCaller(f):
		return ""
	case !f.req.hasCredential():
		return "no credential was sent: the anonymous caller lacks it, so authenticate first"
	case f.status == 401 && credentialRefusedWords(f):
		return "the 401 and the words say the credential itself was refused"
	}
	return ""
}

// identifiedCaller reports permission words that presuppose a caller the
// server knows (lexicon's Identified meanings).
func identifiedCaller(f *facts) bool {
	for _, h := range f.said {
		if h.m.Identified || f.status == 403 && h.m.Cause == PermissionScope && namesScope(h) {
			return true
		}
	}
	return false
}

// namesScope reports permission words that name a scope ("Insufficient
// scope", "missing required scopes"). A scope is what a token the server
// read grants: RFC 6750 §3.1 answers a token short of one with 403
// insufficient_scope, and a request without one with 401. So a 403 that
// names the scope answers a token a recording left out (a session's,
// a browser's), not an anonymous caller.
func namesScope(h lexHit) bool {
	for _, w := range h.Words {
		if strings.HasPrefix(w, "scope") {
			return true
		}
	}
	return false
}

// credentialRefusedWords reports the server's words refusing the
// credential as such.
func credentialRefusedWords(f *facts) bool {
	if _, ok := f.saysCause(AuthInvalid); ok {
		return true
	}
	_, _, ok := f.body.find(invalidPhrases)
	return ok
}

// permissionWords is the evidence of the server's words saying the caller
// lacks a permission, "" when they do not.
func permissionWords(f *facts) string {
	if _, ex, ok := f.body.find(scopePhrases); ok {
		return bodyLine(ex)
	}
	if h, ok := f.saysCause(PermissionScope); ok {
		return h.evidence(f.saidFrom)
	}
	return ""
}

// inferPermission reports a 403 to a request whose credential looks fine,
// from a server that gave no other reason: the classic "you are known but
// not allowed".
func inferPermission(f *facts) bool {
	r := &f.req
	if !r.hasCredential() || r.malformedStatus() == Fail || f.waf != nil || f.cfCode != 0 || f.rl.exhausted() {
		return false
	}
	if r.signedLink() {
		// A signed link names no identity that could lack a permission.
		return false
	}
	if f.generic == "nginx" || f.generic == "Apache" || f.generic == "empty" && f.cloudflare {
		return false
	}
	if _, _, ok := f.body.find(rateNamed); ok {
		return false
	}
	e := expiryOf(f)
	return !e.Expired && !e.NotYet && !e.Named
}

// asciiLower lowers A-Z only, so offsets match the original string.
func asciiLower(s string) string { return lowerASCII([]byte(s)) }

// splitList splits a comma-separated header value.
func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// s3PolicyDenial reports an S3 AccessDenied message that is the code's own
// words ("Access Denied") or speaks of a policy or permission. S3 and the
// services that speak its protocol answer AccessDenied for other refusals
// too, in words of their own ("Public use of objects is not allowed by
// this account", "Not allowed to access bucket because it is not
// s3-enabled"): there the code alone does not make a policy denial sure.
func s3PolicyDenial(msg string) bool {
	m := strings.Trim(strings.ToLower(strings.TrimSpace(msg)), ".")
	if m == "" || m == "access denied" {
		return true
	}
	for _, w := range []string{"policy", "permission", "not authorized", "entitled", "acl"} {
		if strings.Contains(m, w) {
			return true
		}
	}
	return false
}
