package checks

import "testing"

// A header named for a captcha whose value names a challenge is the edge
// saying its bot protection answered instead of the site, whatever the
// status (SiteGround answers 202, Cloudflare's cf-mitigated rides a 403).
func TestCaptchaHeaderNamesAChallenge(t *testing.T) {
	page := `<html><head><meta http-equiv="refresh" content="0;/.well-known/sgcaptcha/?r=%2Fapi"></meta></head></html>`
	cases := []struct {
		name   string
		status int
		header string
	}{
		// SiteGround's anti-bot check: 202 with sg-captcha: challenge.
		{"SiteGround, 202", 202, "SG-Captcha: challenge"},
		// Cloudflare documents cf-mitigated: challenge on every challenge page.
		{"Cloudflare, 403", 403, "cf-mitigated: challenge"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://shop.example.test/wp-json/wc/v3/orders"),
				resp(c.status, page, "Content-Type: text/html", "Server: nginx", c.header)))
			if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
				t.Fatalf("likely %v, want %s first", rep.Likely, WAFBlock)
			}
		})
	}
	t.Run("a captcha header that names no challenge", func(t *testing.T) {
		rep := Run(exchange(get("https://shop.example.test/"),
			resp(200, "<html><body>shop</body></html>", "Content-Type: text/html", "X-Captcha-Version: 3", "X-Captcha-Provider: recaptcha")))
		if len(rep.Likely) != 0 {
			t.Fatalf("likely %v on a good page", rep.Likely)
		}
	})
}
