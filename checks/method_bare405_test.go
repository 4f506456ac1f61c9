package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

// A bare 405 to GET or HEAD (no Allow header, no words naming the method)
// is how WAFs block (Alibaba Cloud WAF's default status, AWS WAF's CAPTCHA): method.denied stays first, as a guess. A 405 that
// lists the methods or names the refusal stays sure.
func TestBare405ToGetIsAGuess(t *testing.T) {
	runSureCases(t, []sureCase{
		// Alibaba Cloud WAF blocks with 405 by default (WhatWaf#1256).
		{"Alibaba Cloud WAF's 405 page", get("http://xingkong.example.cn/"),
			resp(405, `<!DOCTYPE html><html lang="zh-cn"><head><meta charset="utf-8"/><title>405</title></head><body></body></html>`,
				"Content-Type: text/html; charset=utf-8", "Server: Tengine", "Set-Cookie: acw_tc=0bc1a05816265426167994437e9817d0;path=/;HttpOnly;Max-Age=1800"),
			MethodDenied, false},
		// An openresty-based firewall's bare 405 to a home page
		// (WhatWaf#1253).
		{"openresty's bare 405 Not Allowed", get("http://www.example.com/"),
			resp(405, "<html>\n<head><title>405 Not Allowed</title></head>\n<body>\n<center><h1>405 Not Allowed</h1></center>\n<hr/><center>openresty</center>\n</body>\n</html>\n", "Content-Type: text/html"),
			MethodDenied, false},
		{"a relay that takes POST only, saying so", get("https://exit.example.net/"),
			resp(405, `{"e":"method_not_allowed"}`, "Content-Type: application/json", "Via: 1.1 Caddy"), MethodDenied, true},
		{"GET refused with an Allow header", get("https://api.example.com/v1/hooks"),
			resp(405, "", "Allow: POST"), MethodDenied, true},
		{"PUT refused with a bare 405", func() (r probe.Request) { r = get("https://api.example.com/v1/items/1"); r.Method = "PUT"; return }(),
			resp(405, ""), MethodDenied, true},
	})
}
