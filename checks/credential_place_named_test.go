package checks

import (
	"strings"
	"testing"
)

// The server's words say where it reads the credential ("carry the API
// secret key in the 'Authorization' field of the request header"), and
// the request carried its key in another header: the key is not where
// the server looks (auth.missing), whatever the words call it.
func TestWordsNameTheCredentialsPlace(t *testing.T) {
	key := "x-api-key: sk-0123456789abcdef0123456789abcdef"
	cases := []struct {
		name string
		ev   Evidence
	}{
		// MiniMax's Anthropic-compatible endpoint (its 401 message).
		{"MiniMax: carry the key in the Authorization field", exchange(post("https://api.minimaxi.com/anthropic/v1/messages", `{"model":"m"}`, key, "Content-Type: application/json"),
			resp(401, `{"type":"error","error":{"type":"authentication_error","message":"login fail: Please carry the API secret key in the 'Authorization' field of the request header"}}`, "Content-Type: application/json"))},
		// OpenAI's documented 401 message.
		{"OpenAI: provide your API key in an Authorization header", exchange(post("https://api.openai.com/v1/chat/completions", `{"model":"m"}`, key, "Content-Type: application/json"),
			resp(401, `{"error":{"message":"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":null}}`, "Content-Type: application/json"))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != AuthMissing {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, AuthMissing, reportText(rep))
			}
			g, _ := findingOf(rep, AuthMissing)
			if !strings.Contains(g.Title+" "+g.Fix, "Authorization") {
				t.Errorf("the finding does not name the header the server reads: %s / %s", g.Title, g.Fix)
			}
		})
	}
}
