package checks

import "testing"

// A block by the reader's own organisation's policy is the network's web
// filter, whoever makes it.
func TestOrganisationPolicyBlockIsTheNetworksFilter(t *testing.T) {
	for _, c := range []struct {
		text   string
		status int
	}{
		// PAN-OS URL filtering's response page
		{"Web Page Blocked. Access to the web page you were trying to visit has been blocked in accordance with company policy. Please contact your system administrator if you believe this is in error.", 503},
		// Cisco WSA's block page
		{"This Page Cannot Be Displayed. Based on your organization's access policies, this web site has been blocked because it has been determined by Web Reputation Filters to be a security threat.", 403},
		// a corporate filter's page, as a user quotes it (boards.straightdope.com/t/202413)
		{"This site violates our corporate use policy; please contact user support if you feel this message is in error.", 403},
	} {
		if got := firstCause(c.text, c.status); got != ProxyDenied {
			t.Errorf("%q (%d) read as %q, want %s", c.text, c.status, got, ProxyDenied)
		}
	}
	for _, text := range []string{
		"Your IP address is not allowed to access this API.",
		"Requests from your organization's network are blocked.",
	} {
		if got := firstCause(text, 403); got == ProxyDenied {
			t.Errorf("%q read as %s", text, got)
		}
	}
}

// An address a firewall names in its report of a threat it detected is a
// field of the report, not the reason: the threat is.
func TestAddressBesideADetectedThreatIsNoAddressRule(t *testing.T) {
	for _, text := range []string{
		// WatchGuard's IPS page
		`Request denied by WatchGuard Firewall. Reason: IPS detected for "WEB Cross-site Scripting -9/Web threats".`,
		// Cisco WSA's block page codes
		"Username: Source IP: 10.1.2.3 URL: GET http://app.example.com/_fetch Category: Reason: BLOCK-MALWARE Threat Type: othermalware",
	} {
		if got := firstCause(text, 403); got == IPAllowlist {
			t.Errorf("%q read as %s", text, got)
		}
	}
	for _, text := range []string{
		"Your IP address has been blocked.",
		"Access denied: IP 203.0.113.9 is not in the allowlist.",
	} {
		if got := firstCause(text, 403); got != IPAllowlist {
			t.Errorf("%q read as %q, want %s", text, got, IPAllowlist)
		}
	}
}

// A front end that says it does not know the name asked for picks sites by
// Host: the host is the cause.
func TestHostNotServedWording(t *testing.T) {
	for _, c := range []struct {
		text   string
		status int
	}{
		// Fastly answers 500
		{"Fastly error: unknown domain: mpv.io. Please check that this domain has been added to a service.", 500},
		// Pantheon's page for a domain not added to a site
		{"404 - Unknown site", 404},
	} {
		if got := firstCause(c.text, c.status); got != HostMismatch {
			t.Errorf("%q (%d) read as %q, want %s", c.text, c.status, got, HostMismatch)
		}
	}
	for _, text := range []string{
		"An unknown error occurred on this site.",
		"Unknown host key",
	} {
		if got := firstCause(text, 403); got == HostMismatch {
			t.Errorf("%q read as %s", text, got)
		}
	}
}
