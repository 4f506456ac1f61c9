package checks

import "testing"

// A response header named for the proxy whose value says it blocked or
// denied (X-Proxy-Error: blocked-by-allowlist) is the proxy speaking.
func TestProxyHeaderSayingItBlocked(t *testing.T) {
	for _, name := range []string{
		// Anthropic's sandbox runtime (Claude Code, Cowork) egress proxy.
		"sandbox runtime",
		// OpenAI Codex's network proxy: the same header and value.
		"codex network proxy",
	} {
		t.Run(name, func(t *testing.T) {
			rep := Run(exchange(get("https://registry.example.test/pkg"),
				resp(403, "Connection blocked by network allowlist", "Content-Type: text/plain", "X-Proxy-Error: blocked-by-allowlist")))
			if len(rep.Likely) == 0 || rep.Likely[0] != ProxyDenied || rep.Guess {
				t.Fatalf("likely %v (guess %v), want %s first, sure", rep.Likely, rep.Guess, ProxyDenied)
			}
		})
	}
	t.Run("an API's proxy header naming no block", func(t *testing.T) {
		// An API gateway's x-proxy-error: 1 beside TOKEN_NOT_VALID.
		rep := Run(exchange(get("https://api.example.test/v1/items", "AuthToken: abcdef0123456789"),
			resp(401, `{"r":2,"msg":"TOKEN_NOT_VALID"}`, "Content-Type: application/json", "x-proxy-error: 1")))
		if len(rep.Likely) > 0 && rep.Likely[0] == ProxyDenied {
			t.Fatalf("likely %v: a proxy header without a block read as the proxy's refusal", rep.Likely)
		}
	})
}
