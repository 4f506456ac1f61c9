package app

import (
	"strings"
	"testing"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
)

// A hand-added Authorization header and the Token field: one is sent
// (the header), the screen says the field is not, the Token tab reads the
// header's token, and ctrl+y emits one credential.
func TestOneCredentialWhenAHeaderAndTheTokenFieldBothHoldOne(t *testing.T) {
	r := probe.NewRequest("https://api.example.com/v1")
	r.Auth.Bearer = "field-token-aaaaaaaaaaaa"
	m := testModel(t, &r, 120, 40)
	m.req.headers = append(m.req.headers, headerRow{Header: probe.Header{Name: "Authorization", Value: "Bearer header-token-bbbbbbbbbbbb"}})
	m.req.changed()
	m = step(t, m, sizeMsg(120, 40))
	req := m.req.Request()
	if req.Auth.Bearer != "" {
		t.Errorf("both credentials would be sent: Auth.Bearer %q beside the header", req.Auth.Bearer)
	}
	if !strings.Contains(plain(m), "not sent: the Authorization header is") {
		t.Errorf("the screen does not say which credential is sent:\n%s", plain(m))
	}
	if src, tok := m.req.tokenSource(); !strings.HasPrefix(tok, "header-token") {
		t.Errorf("the Token tab reads %s %q, not the header that is sent", src, tok)
	}
	cmd := curlargs.QuoteWith(req, curlargs.QuoteOptions{Redactor: probe.NewRedactor(req, false)})
	if strings.Contains(cmd, "--oauth2-bearer") || strings.Count(cmd, "Authorization") != 1 {
		t.Errorf("ctrl+y emits more than one credential: %s", cmd)
	}
}
