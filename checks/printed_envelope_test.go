package checks

import (
	"strings"
	"testing"
	"time"
)

// An error envelope as a client library printed it (JavaScript's
// util.inspect, Python's repr, key=value pairs) is read as its JSON would
// be: a refusal at 200, named by its words.
func TestPrintedEnvelopeAt200(t *testing.T) {
	cases := []struct {
		name  string
		req   string
		body  string
		want  string
		lines []string
	}{
		{"util.inspect of a signature error (Tuya)",
			"https://openapi.example/v1.0/token?grant_type=1",
			`{ code: 1004, msg: 'sign invalid', success: false, t: 1626081150299 }`,
			SignatureMismatch, []string{"client_id: 0123456789abcdef", "t: 1626081150299", "sign_method: HMAC-SHA256", "sign: 0123456789ABCDEF0123456789ABCDEF"}},
		{"util.inspect of a nested error member (VK)",
			"https://social.example/method/wall.deleteComment",
			"{\n  error: {\n    error_code: 6,\n    error_msg: 'Too many requests per second',\n    request_params: [ [Object], [Object] ]\n  }\n}",
			RateLimit, nil},
		{"Python's repr of an error (VK)",
			"https://social.example/method/wall.get",
			`{'error': {'error_code': 6, 'error_msg': 'Too many requests per second', 'request_params': [{'key': 'v', 'value': '5.199'}]}}`,
			RateLimit, nil},
		{"an error_response member holding an IP whitelist refusal (Taobao)",
			"https://gw.example/router/rest",
			"{ error_response: \n   { code: 11,\n     msg: 'Insufficient isv permissions',\n     sub_code: 'isv.permission-ip-whitelist-limit' } }",
			IPAllowlist, nil},
		{"key=value pairs naming an address not allowed (LINE Pay)",
			"https://pay.example/v2/payments/oneTimeKeys/pay",
			`returnCode=1106,returnMessage=Header information error. Ip address [203.0.113.7] is not allowed to access this API`,
			IPAllowlist, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get(c.req, c.lines...), resp(200, c.body)))
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
		})
	}
}

// The shapes are read only where they are envelopes: prose, a single
// pair, a success and a form-encoded success are no refusal; a form-encoded
// failure (PayPal's NVP) is.
func TestPrintedJSONShapes(t *testing.T) {
	for _, s := range []string{
		"Hello, world",
		"token=abc",
		"{ status: 'ok', items: [ 1, 2 ] }",
		`{"already": "json"}`,
	} {
		p := printedJSON(s)
		if p == "" {
			continue
		}
		if b := newBodyFacts([]byte(s), int64(len(s)), false, nil); b.json != nil && b.json.Failed {
			t.Errorf("%q read as a failed envelope (%s)", s, p)
		}
	}
	nvp := "TIMESTAMP=2011%2d11%2d15T20%3a27%3a02Z&CORRELATIONID=5be53331d9700&ACK=Failure&VERSION=78%2e0&L_ERRORCODE0=10002&L_SHORTMESSAGE0=Security%20error&L_LONGMESSAGE0=Security%20header%20is%20not%20valid"
	if b := newBodyFacts([]byte(nvp), int64(len(nvp)), false, nil); b.json == nil || !b.json.Failed {
		t.Fatalf("PayPal NVP failure not read as a failed envelope: %q", printedJSON(nvp))
	}
}

// An XML envelope at 200 that reports failure (a Status attribute, a
// return_code FAIL) is a refusal read by its words; a page is not one.
func TestXMLEnvelopeAt200(t *testing.T) {
	namecheap := `<?xml version="1.0" encoding="utf-8"?>
<ApiResponse Status="ERROR" xmlns="http://api.example.com/xml.response">
  <Errors>
    <Error Number="1011150">Invalid request IP: 198.51.100.11</Error>
  </Errors>
  <Warnings />
  <RequestedCommand />
  <ExecutionTime>0</ExecutionTime>
</ApiResponse>`
	rep := Run(exchange(get("https://registrar.example/xml.response?ApiUser=u&ApiKey=0123456789abcdef&Command=domains.getList"), resp(200, namecheap)))
	if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
		t.Fatalf("Namecheap-like envelope: likely %v, want ip.allowlist first", rep.Likely)
	}
	wechat := "<xml><return_code><![CDATA[FAIL]]></return_code>\n<return_msg><![CDATA[签名错误，请检查后再试]]></return_msg>\n</xml>"
	if b := newBodyFacts([]byte(wechat), int64(len(wechat)), false, nil); b.json == nil || !b.json.Failed {
		t.Fatalf("WeChat Pay-like FAIL envelope not read as failed")
	}
	ok := "<xml><return_code><![CDATA[SUCCESS]]></return_code><return_msg><![CDATA[OK]]></return_msg></xml>"
	if b := newBodyFacts([]byte(ok), int64(len(ok)), false, nil); b.json != nil && b.json.Failed {
		t.Fatalf("a SUCCESS envelope read as failed")
	}
	page := "<p>Make sure your User-Agent is not empty</p>\n<p>contact us</p>"
	if b := newBodyFacts([]byte(page), int64(len(page)), false, nil); b.json != nil {
		t.Fatalf("an HTML fragment read as an envelope")
	}
}

// Hostile text is read in bounded time: many unclosed tags, a long
// object literal.
func TestPrintedJSONBounded(t *testing.T) {
	start := time.Now()
	for _, s := range []string{
		"<xml>" + strings.Repeat("<a>", 5000),
		"{ " + strings.Repeat("a: 'b', ", 2000) + "}",
		strings.Repeat("k=v,", 4000),
	} {
		printedJSON(s)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("printedJSON took %v on hostile text", d)
	}
}
