package checks

import (
	"fmt"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// reportText renders a report for failure messages.
func reportText(rep Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "likely=%v guess=%v stack=%q reference=%q\n", rep.Likely, rep.Guess, rep.Stack, rep.Reference)
	for _, f := range rep.Findings {
		fmt.Fprintf(&b, "  %-16s %-4s %d %s\n", f.ID, f.Status, f.Strength, f.Title)
	}
	return b.String()
}

func TestRunOneFindingPerCauseInOrder(t *testing.T) {
	rep := Run(exchange(get("https://api.example.com/"), resp(200, `{"ok":true}`)))
	want := []string{AuthMissing, AuthExpired, AuthMalformed, AuthInvalid, IPAllowlist, PermissionScope, RateLimit, GeoBlock, ContentType, WAFBlock, TLSClientCert,
		CSRF, CORSOrigin, ClockSkew, SignatureMismatch, RedirectAuthDropped, UserAgentRequired, ResourceDenied, MethodDenied, ProxyDenied, HostMismatch, AccountState}
	if len(rep.Findings) != len(want) {
		t.Fatalf("%d findings, want %d", len(rep.Findings), len(want))
	}
	for i, f := range rep.Findings {
		if f.ID != want[i] {
			t.Errorf("finding %d is %s, want %s", i, f.ID, want[i])
		}
		if f.Title == "" {
			t.Errorf("%s has no title", f.ID)
		}
		if (f.Status == Pass || f.Status == Skip) && f.Strength != 0 {
			t.Errorf("%s %s with a strength", f.ID, f.Status)
		}
	}
}

func TestRunSuccessIsQuiet(t *testing.T) {
	req := get("https://api.example.com/v1/orders", "Authorization: Bearer "+validJWT(t, nil), "Content-Type: application/json")
	req.Method, req.Body = "POST", []byte(`{"item":"book"}`)
	rep := Run(exchange(req, resp(201, `{"id":1}`, "Content-Type: application/json", "X-RateLimit-Limit: 100", "X-RateLimit-Remaining: 99")))
	if len(rep.Likely) != 0 || rep.Guess {
		t.Fatalf("a clean 201 has likely causes:\n%s", reportText(rep))
	}
	for _, f := range rep.Findings {
		if f.Status == Fail || f.Status == Warn {
			t.Errorf("%s %s on a clean 201: %s", f.ID, f.Status, f.Title)
		}
	}
	passes := 0
	for _, f := range rep.Findings {
		if f.Status == Pass {
			passes++
		}
	}
	if passes < 8 {
		t.Errorf("only %d passes on a clean 201:\n%s", passes, reportText(rep))
	}
}

func TestRunNoResponse(t *testing.T) {
	ev := exchange(get("https://api.example.com/"), nil)
	ev.Exchange.Err = &probe.Error{Phase: probe.PhaseDNS, Message: "api.example.com does not resolve."}
	rep := Run(ev)
	for _, f := range rep.Findings {
		if f.ID == TLSClientCert {
			continue
		}
		if f.Status != Skip || f.Title != "no response: dns error" {
			t.Errorf("%s: %s %q, want skip \"no response: dns error\"", f.ID, f.Status, f.Title)
		}
	}
	if len(rep.Likely) != 0 {
		t.Errorf("likely %v with no response", rep.Likely)
	}
}

func TestRunStack(t *testing.T) {
	cases := []struct {
		name       string
		resp       *probe.Response
		stack, ref string
	}{
		{"Cloudflare", resp(403, cloudflarePage("1020", "Access denied", "Access denied"), cloudflareHeaders...), "Cloudflare", "CF-RAY: 8a1b2c3d4e5f6789-FRA"},
		{"CloudFront in front of API Gateway", resp(403, `{"message":"Forbidden"}`, "X-Amz-Cf-Id: Zx1Yw2Vu3Ts4Rq5Po6Nm7Lk8Ji9Hg0Fe==", "Via: 1.1 abc.cloudfront.net (CloudFront)", "x-amzn-RequestId: 5f1c0a7e-0000-4a52-9d3e-7d1b8b2e9a10", "x-amz-apigw-id: Ab1CdEfGhIjKlMn="),
			"CloudFront, AWS API Gateway", "X-Amz-Cf-Id: Zx1Yw2Vu3Ts4Rq5Po6Nm7Lk8Ji9Hg0Fe=="},
		{"API Gateway alone", resp(403, `{"message":"Forbidden"}`, "x-amzn-RequestId: 5f1c0a7e-0000-4a52-9d3e-7d1b8b2e9a10", "x-amzn-ErrorType: ForbiddenException"), "AWS API Gateway", "x-amzn-RequestId: 5f1c0a7e-0000-4a52-9d3e-7d1b8b2e9a10"},
		{"Akamai", resp(403, akamaiPage, "Server: AkamaiGHost"), "Akamai", "Reference #18.2d351ab8.1741968314.a4e16ab"},
		{"Sucuri", resp(403, sucuriPage, "Server: Sucuri/Cloudproxy", "X-Sucuri-ID: 16014"), "Sucuri", "X-Sucuri-ID: 16014"},
		{"F5", resp(200, f5Page), "F5 BIG-IP", "support ID 14593827365019283746"},
		{"nginx", resp(403, nginx403, "Server: nginx/1.25.3"), "nginx", ""},
		{"Apache", resp(403, apache403, "Server: Apache/2.4.62 (Debian)"), "Apache", ""},
		{"Kubernetes", resp(403, `{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"forbidden","reason":"Forbidden","code":403}`, "Audit-Id: 3f0e1c2d-aaaa-bbbb-cccc-0123456789ab"), "Kubernetes", "Audit-Id: 3f0e1c2d-aaaa-bbbb-cccc-0123456789ab"},
		{"GitHub", resp(401, `{"message":"Bad credentials"}`, "Server: github.com", "X-GitHub-Request-Id: C0DE:1234:5678:9ABC:65F2A1B3"), "GitHub", "X-GitHub-Request-Id: C0DE:1234:5678:9ABC:65F2A1B3"},
		{"Google", resp(403, `{"error":{"code":403,"status":"PERMISSION_DENIED","message":"x","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED"}]}}`, "Server: ESF"), "Google", ""},
		{"Azure", resp(403, `{"error":{"code":"AuthorizationFailed","message":"x"}}`, "x-ms-request-id: 5c6d7e8f-0000-4a1b-9c2d-3e4f5a6b7c8d"), "Azure", "x-ms-request-id: 5c6d7e8f-0000-4a1b-9c2d-3e4f5a6b7c8d"},
		{"Azure Application Gateway", resp(403, appGatewayPage, "Server: Microsoft-Azure-Application-Gateway/v2"), "Azure Application Gateway", ""},
		{"unknown", resp(403, "no"), "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://www.example.com/"), c.resp))
			if rep.Stack != c.stack || rep.Reference != c.ref {
				t.Errorf("stack %q ref %q, want %q %q", rep.Stack, rep.Reference, c.stack, c.ref)
			}
		})
	}
}

// bigPage is a 1 MiB HTML page: a refusal wrapped in a large document,
// the worst case for the body scan.
func bigPage() []byte {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>Store</title></head><body>\n")
	para := "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris.</p>\n"
	for b.Len() < 1<<20 {
		b.WriteString(para)
	}
	return []byte(b.String()[:1<<20])
}

func BenchmarkRun1MiB(b *testing.B) {
	body := bigPage()
	req := get("https://www.example.com/catalog?page=2", "Authorization: Bearer "+validJWT(b, map[string]any{"scope": "catalog:read"}))
	r := resp(403, "", "Server: nginx", "Content-Type: text/html")
	r.Body, r.BodySize = body, int64(len(body))
	ev := exchange(req, r)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Run(ev)
	}
}

func BenchmarkPreflight1MiB(b *testing.B) {
	req := post("https://api.example.com/v1/import", string(bigPage()), "Content-Type: text/html", "Authorization: Bearer "+validJWT(b, nil))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Preflight(req, t0)
	}
}

// An older record without FullURL: the origin-form target is resolved
// against the user's URL, so the host is still known.
func TestWireURLOriginForm(t *testing.T) {
	w := probe.WireRequest{URL: "/v1/orders?page=2"}
	if got := wireURL(w, "https://api.example.com/v1/x"); got != "https://api.example.com/v1/orders?page=2" {
		t.Errorf("got %s", got)
	}
	w.FullURL = "https://eu.example.com/v1/orders?page=2"
	if got := wireURL(w, "https://api.example.com/v1/x"); got != w.FullURL {
		t.Errorf("got %s", got)
	}
}
