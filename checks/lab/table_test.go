package lab

import (
	"bytes"
	"strings"
	"testing"
)

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:8080/api/orders":       "http://127.0.0.1:8080/api/orders",
		"-H":                                     "-H",
		"Authorization: Bearer eyJ.x":            "'Authorization: Bearer eyJ.x'",
		"http://h/s?q=%27%20OR%201%3D1--":        "'http://h/s?q=%27%20OR%201%3D1--'",
		`{"a":1}`:                                `'{"a":1}'`,
		"it's":                                   `'it'\''s'`,
		"":                                       "''",
		`Authorization: Bearer x\n`:              `'Authorization: Bearer x\n'`,
		"comment=<script>alert(1)</script>":      "'comment=<script>alert(1)</script>'",
		"/home/ada/.cache/why403/lab/client.pem": "/home/ada/.cache/why403/lab/client.pem",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestFormatTable(t *testing.T) {
	list := Catalogue("http://127.0.0.1:PORT", "https://127.0.0.1:PORT", "/tmp/lab")
	var buf bytes.Buffer
	FormatTable(&buf, list)
	out := buf.String()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 1+2*len(list) {
		t.Fatalf("%d lines for %d scenarios:\n%s", len(lines), len(list), out)
	}
	if !strings.HasPrefix(lines[0], "NAME ") || !strings.Contains(lines[0], "CAUSE") {
		t.Errorf("header %q", lines[0])
	}
	causeCol := strings.Index(lines[0], "CAUSE")
	for i, s := range list {
		row, cmd := lines[1+2*i], lines[2+2*i]
		if !strings.HasPrefix(row, s.Name+" ") || !strings.HasPrefix(row[causeCol:], causeLabel(s.Cause)+" ") {
			t.Errorf("row %q is not aligned under the header", row)
		}
		if !strings.HasPrefix(cmd, "    why403 check ") || cmd != "    "+Command(s) {
			t.Errorf("command line %q", cmd)
		}
	}
	for _, want := range []string{
		"why403 check http://127.0.0.1:PORT/api/orders\n",
		"-H 'Authorization: Bearer eyJ",
		"'http://127.0.0.1:PORT/cf/waf/search?q=%27%20OR%201%3D1--'",
		"--cacert /tmp/lab/ca.pem https://localhost:PORT/mtls/",
		"-A python-requests/2.31.0 http://127.0.0.1:PORT/akamai/products",
		"(accepted)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
}

func TestStrictURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://127.0.0.1:8443":      "https://localhost:8443",
		"https://127.0.0.1:PORT":      "https://localhost:PORT",
		"https://127.0.0.1:8443/base": "https://localhost:8443/base",
		"https://127.0.0.1":           "https://localhost",
	} {
		if got := strictURL(in); got != want {
			t.Errorf("strictURL(%q) = %q, want %q", in, got, want)
		}
	}
}
