package checks

import "testing"

// A header whose name says an address was refused (forbidden, blocked,
// denied IP) is the server naming an address rule, whatever the page.
func TestHeaderNamingARefusedAddress(t *testing.T) {
	for _, c := range []struct{ name, header string }{
		// Azure App Service access restrictions (Functions, Web Apps).
		{"Azure App Service", "x-ms-forbidden-ip: fd00:0:1200"},
		// A Next.js middleware enforcing an IP allow list.
		{"IP allow-list middleware", "X-Blocked-IP: 203.0.113.7"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://app.example.test/api/route"), resp(403, "", c.header)))
			if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
				t.Fatalf("likely %v, want %s first", rep.Likely, IPAllowlist)
			}
		})
	}
	t.Run("not a refusal", func(t *testing.T) {
		rep := Run(exchange(get("https://app.example.test/"), resp(200, "ok", "X-Blocked-IP: none")))
		if f, _ := findingOf(rep, IPAllowlist); f.Status == Fail {
			t.Fatalf("a good answer read as an address rule: %s", f.Title)
		}
	})
	t.Run("words that are no refusal", func(t *testing.T) {
		if refusedAddressHeader("x-client-ip") || refusedAddressHeader("x-forbidden-reason") || refusedAddressHeader("x-blocked-ipsum") {
			t.Fatal("a header read as naming a refused address")
		}
	})
}
