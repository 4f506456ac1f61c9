package checks

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// neutralPage is a bare refusal page that names no protection and says
// nothing of blocking: only the marker under test can name the vendor.
const neutralPage = "<html><head><title>Forbidden</title></head><body><h1>Forbidden</h1></body></html>"

// fingerprintCase is one marker of one protection, as a response carries it.
type fingerprintCase struct {
	vendor, marker string
	presence       bool // a Server value, header or cookie: rides good answers too
	lines          []string
	body, reason   string
}

// wafFingerprintCases turns every marker of wafVendors into a response.
func wafFingerprintCases() []fingerprintCase {
	var out []fingerprintCase
	for _, v := range wafVendors {
		for _, m := range v.Headers {
			out = append(out, fingerprintCase{vendor: v.Name, marker: "header " + m.Name, presence: true,
				lines: []string{headerLineFor(m)}, body: neutralPage})
		}
		for _, c := range v.Cookies {
			out = append(out, fingerprintCase{vendor: v.Name, marker: "cookie " + c, presence: true,
				lines: []string{"Set-Cookie: " + cookieLineFor(c)}, body: neutralPage})
		}
		for _, m := range v.Block {
			out = append(out, fingerprintCase{vendor: v.Name, marker: "block header " + m.Name, lines: []string{headerLineFor(m)}, body: neutralPage})
		}
		for _, r := range v.Reason {
			out = append(out, fingerprintCase{vendor: v.Name, marker: "reason " + r, body: neutralPage, reason: r})
		}
		for _, b := range v.Body {
			out = append(out, fingerprintCase{vendor: v.Name, marker: "body " + b,
				body: "<html><head><title>Forbidden</title></head><body><p>" + b + "</p></body></html>"})
		}
	}
	return out
}

// headerLineFor is a header carrying the marker: a value around Contains.
func headerLineFor(m headerMarker) string {
	if m.Contains == "" {
		return m.Name + ": 7f3a91"
	}
	return m.Name + ": " + m.Contains + "/2.1"
}

// cookieLineFor is a Set-Cookie value whose name starts with prefix.
func cookieLineFor(prefix string) string {
	if strings.HasSuffix(prefix, "=") {
		return prefix + "a1b2c3; path=/"
	}
	return prefix + "=a1b2c3; path=/"
}

func (c fingerprintCase) response(status int) *probe.Response {
	r := resp(status, c.body, append([]string{"Content-Type: text/html"}, c.lines...)...)
	if c.reason != "" {
		r.Reason = strings.ToUpper(c.reason[:1]) + c.reason[1:]
	}
	return r
}

// Every marker of every protection makes a 403 that protection's block
// (named by its own page, indicated by its presence), named in the title,
// the evidence and the fix; a header or cookie marker (a Server value, a
// session cookie, even a header sent when it acts) gives no cause on a 200.
func TestWAFFingerprintsNameTheProtection(t *testing.T) {
	cases := wafFingerprintCases()
	if n := len(wafVendors); n < 60 {
		t.Fatalf("%d protections, want 60 or more", n)
	}
	for _, c := range cases {
		t.Run(c.vendor+"/"+c.marker, func(t *testing.T) {
			rep := Run(exchange(get("https://shop.example/"), c.response(403)))
			if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
				t.Fatalf("403: likely %v, want %s first", rep.Likely, WAFBlock)
			}
			f, _ := findingOf(rep, WAFBlock)
			// The protection's own answer names the block; its presence
			// alone indicates it (the site behind it may have refused).
			want := Named
			if c.presence {
				want = Indicated
			}
			if f.Status != Fail || f.Strength != want || !strings.Contains(f.Title, c.vendor) {
				t.Fatalf("403: %v %v %q, want a block by %s of strength %v", f.Status, f.Strength, f.Title, c.vendor, want)
			}
			if !strings.Contains(strings.Join(f.Evidence, "\n"), c.vendor) {
				t.Errorf("403: evidence %q does not name %s", f.Evidence, c.vendor)
			}
			if !strings.Contains(f.Fix, c.vendor) || !strings.Contains(f.Fix, "site owner") {
				t.Errorf("403: fix %q does not say whom to tell", f.Fix)
			}
			if c.body != neutralPage || c.reason != "" {
				// The protection's page or reason phrase is its answer
				// whatever the status (F5 and DenyALL block with 200).
				return
			}
			good := c
			good.body = "<html><head><title>Shop</title></head><body><h1>Our products</h1></body></html>"
			rep = Run(exchange(get("https://shop.example/"), good.response(200)))
			if len(rep.Likely) > 0 {
				t.Fatalf("200 carrying %s: likely %v, want no cause", c.marker, rep.Likely)
			}
		})
	}
}

// A presence marker names the protection only where it blocks: a 401 or
// 404 passed on by it is the site's answer, not the protection's.
func TestWAFPresenceMarkerIsNoBlockOn401(t *testing.T) {
	rep := Run(exchange(get("https://shop.example/"), resp(401, "<html><title>Sign in</title><body>Please sign in</body></html>",
		"Content-Type: text/html", "Server: ddos-guard", "WWW-Authenticate: Basic realm=\"shop\"")))
	if f, _ := findingOf(rep, WAFBlock); f.Status == Fail {
		t.Fatalf("a 401 passed on by DDoS-Guard read as its block: %s", f.Title)
	}
}

// Two protections' block pages, written as their fingerprints describe
// them, sent by a loopback server and read end to end.
func TestWAFBlockPagesEndToEnd(t *testing.T) {
	pages := []struct {
		vendor string
		hdr    map[string]string
		status int
		body   string
	}{
		{"Safedog", map[string]string{"Server": "Safedog/4.0", "Set-Cookie": "safedog-flow-item=5C0A1E; path=/"}, 403,
			`<html><head><meta charset="utf-8"><title>网站防火墙</title></head><body>
<img src="http://404.safedog.cn/images/safedogsite/head.png">
<div>您的请求带有不合法参数，已被网站管理员设置拦截！</div>
<div>可能原因：您提交的内容包含危险的攻击请求</div></body></html>`},
		{"Cloudbric", map[string]string{"Server": "nginx"}, 403,
			`<!DOCTYPE html><html><head><title>Cloudbric | ERROR!</title></head><body>
<h1>Your request was blocked by Cloudbric.</h1>
<p>If you think you should be able to access this page, please contact Cloudbric Support at support@cloudbric.com.</p>
<p>Visit the <a href="https://cloudbric.zendesk.com">Cloudbric Help Center</a>.</p></body></html>`},
	}
	for _, p := range pages {
		t.Run(p.vendor, func(t *testing.T) {
			rep := judgePage(t, p.hdr, "text/html; charset=utf-8", p.status, p.body, "/checkout?id=1")
			if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock || rep.Guess {
				t.Fatalf("likely %v (guess %v), want a sure %s", rep.Likely, rep.Guess, WAFBlock)
			}
			f, _ := findingOf(rep, WAFBlock)
			if !strings.Contains(f.Title, p.vendor) || !strings.Contains(f.Fix, "site owner") {
				t.Fatalf("finding %q / fix %q: want %s named and the site owner told", f.Title, f.Fix, p.vendor)
			}
		})
	}
}

// IIS's detailed 404 page lists "a custom filter or module, such as
// URLScan" among the likely causes of every missing file: a product named
// as a possibility is no block.
func TestIISDetailed404IsNoURLScanBlock(t *testing.T) {
	page := `<html><head><title>IIS 10.0 Detailed Error - 404.0 - Not Found</title></head><body><div id="content">
<h3>HTTP Error 404.0 - Not Found</h3><h4>The resource you are looking for has been removed, had its name changed, or is temporarily unavailable.</h4>
<fieldset><h4>Most likely causes:</h4><ul><li>The directory or file specified does not exist on the Web server.</li>
<li>The URL contains a typographical error.</li><li>A custom filter or module, such as URLScan, restricts access to the file.</li></ul></fieldset></div></body></html>`
	rep := Run(exchange(get("https://shop.example/missing.aspx"), resp(404, page, "Content-Type: text/html", "Server: Microsoft-IIS/10.0")))
	if f, _ := findingOf(rep, WAFBlock); f.Status == Fail {
		t.Fatalf("IIS's 404 read as a block: %s (likely %v)", f.Title, rep.Likely)
	}
}

// A short good page of a protected site may speak of blocking attacks; the
// protection's presence does not make it a block page.
func TestWAFPresenceOnGoodPageSpeakingOfBlocks(t *testing.T) {
	page := "<html><head><title>News</title></head><body><p>Last year our firewall blocked 3 million bot attacks.</p></body></html>"
	rep := Run(exchange(get("https://shop.example/news"), resp(200, page, "Content-Type: text/html", "Server: ddos-guard")))
	if len(rep.Likely) > 0 {
		t.Fatalf("a 200 news page read as a refusal: likely %v", rep.Likely)
	}
}
