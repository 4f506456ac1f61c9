package checks

import "testing"

// A credential asked for is not a role: "admin secret required".
func TestRoleWordsAroundACredentialAreNoRole(t *testing.T) {
	for _, text := range []string{
		"x-hasura-admin-secret/x-hasura-access-key required, but not found",
		"Admin API key required",
	} {
		if got := firstCause(text, 403); got == PermissionScope {
			t.Errorf("%q read as %s", text, got)
		}
	}
}

// A request or an address that is blocked is not the account's state.
func TestBlockedRequestIsNoAccountState(t *testing.T) {
	for _, text := range []string{
		"The requested resource is blocked by a security rule.",
		"Your IP address has been blocked from this account's API.",
		"Access to this resource has been blocked.",
		"Requests from your organization's network are blocked.",
	} {
		if got := firstCause(text, 403); got == AccountState {
			t.Errorf("%q read as %s", text, got)
		}
	}
}

// A server that does not list a directory is no web filter.
func TestDirectoryBrowsingIsNoWebFilter(t *testing.T) {
	for _, text := range []string{
		"A default document is not configured for the requested URL, and directory browsing is not enabled on the server.",
		"You are not allowed to browse the catalog.",
	} {
		if got := firstCause(text, 403); got == ProxyDenied {
			t.Errorf("%q read as %s", text, got)
		}
	}
}

// "Invalid or missing" does not say which: it stays the generic reading.
func TestInvalidOrMissingIsNoEmptyCredential(t *testing.T) {
	for _, text := range []string{"Invalid or missing token", "Missing or invalid API key."} {
		if got := firstCause(text, 401); got == AuthMissing {
			t.Errorf("%q read as %s", text, got)
		}
	}
}

// A role's denial of the invoke action is a permission, not model access.
func TestModelActionDenialIsNoModelAccess(t *testing.T) {
	text := "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-east-1::foundation-model/x"
	if got := firstCause(text, 403); got == AccountState {
		t.Errorf("%q read as %s", text, got)
	}
}

// A site owner's block is the site's rule, not a person blocking the caller.
func TestSiteOwnerBlockIsNoPersonsBlock(t *testing.T) {
	text := "Access to this page has been blocked by the owner of this site."
	if got := firstCause(text, 403); got == PermissionScope {
		t.Errorf("%q read as %s", text, got)
	}
}

// firstCause is the cause of the first meaning the lexicon reads in text.
func firstCause(text string, status int) string {
	hits := readWords(lexWords(dropAddresses(text)), status)
	if len(hits) == 0 {
		return ""
	}
	return hits[0].m.Cause
}

// Meaning classes of issue 14 §2 ("the body's words name the cause"), each
// on more than one vendor's real wording.
func TestLexiconWordingClasses(t *testing.T) {
	cases := []struct {
		vendor, text, cause string
	}{
		// client identification
		{"Reddit", "Make sure your User-Agent is not empty, is something unique and descriptive and try again.", UserAgentRequired},
		{"Wikimedia", "Please set a user-agent and respect our robot policy https://w.wiki/4wJS.", UserAgentRequired},
		{"GitHub", "Request forbidden by administrative rules. Please make sure your request has a User-Agent header", UserAgentRequired},
		// membership
		{"Matrix Synapse", `{"errcode":"M_FORBIDDEN","error":"You are not invited to this room."}`, PermissionScope},
		{"VRChat", `{"error":{"message":"You're not a member․","status_code":403}}`, PermissionScope},
		// role required
		{"PocketBase", `{"code":403,"message":"Only admins can perform this action.","data":{}}`, PermissionScope},
		{"GitHub", "Must have admin rights to Repository.", PermissionScope},
		// blocked by a person, not by a firewall
		{"Telegram Bot API", "Forbidden: bot was blocked by the user", PermissionScope},
		{"Twitter", "You have been blocked from the author of this tweet.", PermissionScope},
		// account blocked
		{"Azure OpenAI", `{"error":{"code":"Forbidden","message":"Your resource has been temporarily blocked because we detected unusual behavior."}}`, AccountState},
		{"a web app", `{"success":false,"error":"Your account has been blocked. Please contact support."}`, AccountState},
		// sandbox or trial
		{"Mailgun", "Domain sandboxe1164ceef2a340a89c348279b0dde46b.mailgun.org is not allowed to send: Sandbox subdomains are for test purposes only.", AccountState},
		{"Twilio", `{"code":21608,"message":"The number +13142559156 is unverified. Trial accounts cannot send messages to unverified numbers"}`, AccountState},
		// a network's web filter
		{"FortiGate", "Web Filter Violation", ProxyDenied},
		{"Blue Coat ProxySG", "Access Denied (content_filter_denied)", ProxyDenied},
		{"Zscaler", "<mycompany> currently blocks access to this website. This action is blocked because of the following reason: Not allowed to browse FileHost category", ProxyDenied},
		// an empty credential, even beside "invalid"
		{"Google IAP", "Invalid IAP credentials: empty token", AuthMissing},
		{"a gRPC service", "invalid token: token is empty", AuthMissing},
		// a ticket is a login's credential
		{"Proxmox VE", "permission denied - invalid PVE ticket", AuthInvalid},
		{"Apereo CAS", `<cas:serviceResponse><cas:authenticationFailure code="INVALID_TICKET">Ticket ST-1856339-aA5Yuvrxzpv8Tau1cYQ7 not recognized</cas:authenticationFailure></cas:serviceResponse>`, AuthInvalid},
		// an empty user name: no one was named
		{"etcd", `{"error":"etcdserver: user name is empty","code":3}`, AuthMissing},
		{"JWT Authentication for WP REST API", `{"message":"<strong>ERROR</strong>: The username field is empty.","data":{"status":403}}`, AuthMissing},
		// a credential named missing inside invalid_request (RFC 6749 §5.2)
		{"Plaid", `{"error_code":"MISSING_FIELDS","error_message":"the following required fields are missing: client_id","error_type":"INVALID_REQUEST"}`, AuthMissing},
		{"an OAuth server", `{"error":"invalid_request","error_description":"missing client_id"}`, AuthMissing},
		{"an OAuth userinfo endpoint", `{"error":"invalid_request","error_description":"Missing Authorization header"}`, AuthMissing},
		// the account's access to a model
		{"Amazon Bedrock", "You don't have access to the model with the specified model ID.", AccountState},
		{"OpenAI", `{"error":{"message":"Project ` + "`proj_abc123`" + ` does not have access to model ` + "`gpt-4o`" + `","type":"invalid_request_error","code":"model_not_found"}}`, AccountState},
	}
	for _, c := range cases {
		if got := firstCause(c.text, 403); got != c.cause {
			t.Errorf("%s: %q read as %q first, want %s", c.vendor, c.text, got, c.cause)
		}
	}
}
