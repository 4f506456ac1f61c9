package checks

import (
	"strings"
	"testing"
)

// Consent not given is a refusal of the scopes asked for (permission.scope),
// even inside an OAuth invalid_grant, in every provider's wording.
func TestConsentNotGivenIsAScope(t *testing.T) {
	const form = "Content-Type: application/x-www-form-urlencoded"
	cases := []struct {
		vendor string
		ev     Evidence
	}{
		{"DocuSign", exchange(post("https://account-d.docusign.com/oauth/token",
			"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=0123456789abcdef0123", form),
			resp(400, `{"error":"consent_required"}`, "Content-Type: application/json"))},
		{"Entra ID", exchange(post("https://login.microsoftonline.com/common/oauth2/v2.0/token",
			"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&client_id=c&client_secret=s3cr3tvalue0&assertion=0123456789abcdef0123&requested_token_use=on_behalf_of", form),
			resp(400, `{"error":"invalid_grant","error_description":"AADSTS65001: The user or administrator has not consented to use the application with ID '5617d05d-fdc6-4c56-b1dc-38b8576cfafd' named 'AzureADBlob'. Send an interactive authorization request for this user and resource.","error_codes":[65001],"suberror":"consent_required"}`,
				"Content-Type: application/json"))},
	}
	for _, c := range cases {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
			t.Errorf("%s: likely %v, want %s first", c.vendor, rep.Likely, PermissionScope)
			continue
		}
		f, _ := findingOf(rep, PermissionScope)
		if !strings.Contains(f.Title, "consent") || !strings.Contains(strings.Join(f.Evidence, "\n"), "decided by: consent") {
			t.Errorf("%s: the finding does not name the consent: %q %q", c.vendor, f.Title, f.Evidence)
		}
		// consent_required (OpenID Connect Core §3.1.2.6) and AADSTS65001
		// are documented codes of this one cause (errorcodes.go): sure.
		if rep.Guess {
			t.Errorf("%s: a guess, though a documented code names the cause", c.vendor)
		}
	}
	// A cookie banner's consent on a block page is no grant refused.
	if got := firstCause("We use cookies. If you do not consent to tracking, some features are not available. Access denied.", 403); got == PermissionScope {
		t.Errorf("a cookie banner read as %s", got)
	}
}
