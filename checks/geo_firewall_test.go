package checks

import "testing"

// A firewall's block page whose stated reason is the place the request
// comes from is a regional block: the firewall is how, the place is why.
func TestFirewallPageGivingAPlaceIsAGeoBlock(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		ct     string
	}{
		{"Wordfence", 503, "Your access to this site has been limited\nYour access to this service has been temporarily limited. Please try again in a few minutes. (HTTP response code 503)\nReason: Access from your area has been temporarily limited for security reasons.\n", "text/plain"},
		{"Sucuri", 403, "<html><head><title>Sucuri WebSite Firewall - Access Denied</title></head><body><h1>Access Denied - Sucuri Website Firewall</h1><p>Block ID: GEO02</p><p>Block reason: Access from your Country was disabled.</p></body></html>", "text/html"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("http://www.example.org/"), resp(c.status, c.body, "Content-Type: "+c.ct)))
			if len(rep.Likely) == 0 || rep.Likely[0] != GeoBlock {
				t.Fatalf("likely %v, want geo.block first", rep.Likely)
			}
			if f, _ := findingOf(rep, WAFBlock); f.Status != Fail {
				t.Errorf("the firewall's page is still its evidence: waf.block is %s, want fail", f.Status)
			}
		})
	}
	// The same firewall's page without a place stays a firewall block.
	rep := Run(exchange(get("http://www.example.org/"), resp(503, "Your access to this site has been limited\nReason: Blocked for a security rule.\n", "Content-Type: text/plain")))
	if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
		t.Errorf("a Wordfence page without a place: likely %v, want waf.block first", rep.Likely)
	}
}
