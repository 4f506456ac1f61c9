package checks

import (
	"strings"
	"testing"
)

// The server's words refuse a credential ("Invalid project token", "Token
// is not valid") to a request where why403 recognises none, but which
// carries a header whose value is shaped like a key under a name no check
// knows (Blockfrost's project_id, a gateway's custom header). The words
// decide first: the credential was read and refused (auth.invalid, a
// guess), and the evidence names the header, never its value. The
// wordings are the vendors' documented ones.
func TestRefusedCredentialInUnknownPlace(t *testing.T) {
	const key = "mainnetQ7pX2mK9vR4tL8wN3bJ6hF1dS5gA0zYc"
	cases := []struct {
		name   string
		ev     Evidence
		header string
	}{
		{"Blockfrost: Invalid project token to project_id",
			exchange(get("https://cardano-mainnet.blockfrost.io/api/v0/blocks/latest", "project_id: "+key),
				resp(403, `{"status_code":403,"error":"Forbidden","message":"Invalid project token."}`, "Content-Type: application/json")),
			"project_id"},
		// A server that echoes what it refused shows the key in its words.
		{"Blockfrost: the refused token echoed",
			exchange(get("https://cardano-mainnet.blockfrost.io/api/v0/blocks/latest", "project_id: "+key),
				resp(403, `{"status_code":403,"error":"Forbidden","message":"Invalid project token: `+key+`"}`, "Content-Type: application/json")),
			"project_id"},
		// OpenWeatherMap's documented 401 words, to a key in a header of
		// the owner's own gateway.
		{"custom gateway header: Invalid API key",
			exchange(get("https://weather.example.com/data/2.5/weather?q=London", "X-Weather-Gateway-Credential: "+key),
				resp(401, `{"cod":401, "message": "Invalid API key. Please see https://openweathermap.org/faq#error401 for more info."}`, "Content-Type: application/json")),
			"X-Weather-Gateway-Credential"},
		// Sensedia's API gateway documents this message for a key header
		// whose name the API's owner chose (docs.sensedia.com, FAQ
		// key_validation_401).
		{"Sensedia: identified by HEADER <owner's name>, is invalid",
			exchange(get("https://api.example.com.br/v1/pedidos", "chave-parceiro: "+key),
				resp(401, `{"result":"Chave in the request, identified by HEADER chave-parceiro, is invalid. Check docs.sensedia.com"}`, "Content-Type: application/json")),
			"chave-parceiro"},
		// djangorestframework-simplejwt's documented detail and code, to a
		// token in a header its owner named.
		{"simplejwt: Given token not valid for any token type",
			exchange(get("https://api.example.de/v1/konto", "Mandant-Zugang: "+key),
				resp(401, `{"detail":"Given token not valid for any token type","code":"token_not_valid"}`, "Content-Type: application/json")),
			"Mandant-Zugang"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, AuthInvalid, reportText(rep))
			}
			if !rep.Guess {
				t.Errorf("sure of %v: a credential where none is recognised is a guess", rep.Likely)
			}
			text := reportText(rep)
			for _, f := range rep.Findings {
				text += strings.Join(f.Evidence, "\n") + "\n"
			}
			if !strings.Contains(text, c.header) {
				t.Errorf("the evidence does not name the header %s:\n%s", c.header, text)
			}
			// The server's words are shown folded ("mainnet q 7 p x 2 m").
			if strings.Contains(text, key) || strings.Contains(text, key[:12]) || strings.Contains(text, "q 7 p x 2") {
				t.Errorf("the key's value is shown:\n%s", text)
			}
		})
	}
}

// Headers that identify a request, a device or a trace are no credential,
// whatever their value looks like: the refusal of a credential to a request
// that carries only those stays a credential that never arrived.
func TestIdentifierHeadersAreNoCredentialPlace(t *testing.T) {
	ev := exchange(get("https://api.example.com/v1/items",
		"X-Request-Id: 7f3a9c2e1b4d4e8f9a0b1c2d3e4f5a6b",
		"X-Device-Id: 3f9a7c2e-1b4d-4e8f-9a0b-1c2d3e4f5a6b",
		"traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
		resp(401, `{"message":"Invalid token"}`, "Content-Type: application/json"))
	rep := Run(ev)
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
		t.Fatalf("likely %v, want %s first\n%s", rep.Likely, AuthMissing, reportText(rep))
	}
}

// A good answer to a request with a key in an unknown header has no cause.
func TestUnknownCredentialPlaceOnSuccessGivesNoCause(t *testing.T) {
	rep := Run(exchange(get("https://cardano-mainnet.blockfrost.io/api/v0/blocks/latest", "project_id: mainnetQ7pX2mK9vR4tL8wN3bJ6hF1dS5gA0zYc"),
		resp(200, `{"height":1}`, "Content-Type: application/json")))
	if len(rep.Likely) != 0 {
		t.Fatalf("likely %v for a 200\n%s", rep.Likely, reportText(rep))
	}
}
