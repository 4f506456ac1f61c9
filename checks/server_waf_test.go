package checks

import "testing"

// A Server header whose product calls itself a WAF says a firewall answers
// for the site: its 403 is read as the firewall's block (indicated, not
// named), and its good answers stay good.
func TestServerNamingAWAF(t *testing.T) {
	page := "<html><head><title>403 Forbidden</title></head><body><div class=\"page\"></div></body></html>"
	for _, c := range []struct{ name, server string }{
		// Wangsu's CDN firewall.
		{"Wangsu", "waf/4.24.1-6.el6"},
		// SafeDog's fingerprint: Server: WAF/2.0.
		{"SafeDog", "WAF/2.0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("http://www.example.test/"), resp(403, page, "Content-Type: text/html", "Server: "+c.server)))
			if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
				t.Fatalf("likely %v, want %s first", rep.Likely, WAFBlock)
			}
			f, _ := findingOf(rep, WAFBlock)
			if f.Strength != Indicated {
				t.Errorf("strength %d, want Indicated (%s)", f.Strength, f.Title)
			}
		})
	}
	t.Run("a good answer through it", func(t *testing.T) {
		// An IP echo service in China answering 200 with Server: WAF.
		rep := Run(exchange(get("http://ip.example.test/"), resp(200, "当前 IP：113.108.77.66", "Content-Type: text/plain; charset=utf-8", "Server: WAF")))
		if len(rep.Likely) != 0 {
			t.Fatalf("likely %v on a good answer", rep.Likely)
		}
	})
	t.Run("a word that only contains waf", func(t *testing.T) {
		if serverNamesWAF("wafflehouse/1.0") {
			t.Fatal("wafflehouse read as a WAF")
		}
	})
}
