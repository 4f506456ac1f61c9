package checks

import "testing"

// Cloudflare's block page, quoted by a client library without the
// response headers (no Server: cloudflare, no CF-Ray), is still
// Cloudflare's: its title names Cloudflare and it links Cloudflare's own
// error stylesheet. Real pages: BTC Markets' API (corpus) and LibreView's
// login API (joelhi/glucose-viewer-pico issue 9), both cut after the head.
func TestCloudflarePageWithoutHeaders(t *testing.T) {
	head := func(stylesheet string) string {
		return "<!DOCTYPE html>\n<html class=\"no-js\" lang=\"en-US\">\n<head>\n<title>Attention Required! | Cloudflare</title>\n" +
			"<meta charset=\"UTF-8\" />\n<meta name=\"robots\" content=\"noindex, nofollow\" />\n" + stylesheet +
			"\n<style>body{margin:0;padding:0}</style>\n"
	}
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		{"BTC Markets, signed request", exchange(get("https://api.btcmarkets.example/account/balance", "apikey: 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9", "signature: c2lnbmF0dXJlLXZhbHVlLWhlcmU="),
			resp(403, head(`<link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/cf.errors.css" type="text/css" media="screen,projection" />`)))},
		{"LibreView login", exchange(post("https://api.libreview.example/llu/auth/login", `{"email":"a@example.com","password":"hunter2hunter2"}`, "Content-Type: application/json"),
			resp(403, head(`<link rel="stylesheet" id="cf_styles-css" href="/cdn-cgi/styles/cf.errors.css" />`)))},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, WAFBlock, reportText(rep))
			}
		})
	}
	// A page that only mentions Cloudflare is no Cloudflare page.
	rep := Run(exchange(get("https://api.example.com/v1/zones", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
		resp(403, `<html><head><title>Forbidden</title></head><body>Your token cannot list Cloudflare zones.</body></html>`)))
	if len(rep.Likely) > 0 && rep.Likely[0] == WAFBlock {
		t.Errorf("likely %v: a page that names Cloudflare in its text is not Cloudflare's block page\n%s", rep.Likely, reportText(rep))
	}
}
