package checks

import (
	"strings"
	"testing"
)

// A server whose words name the header it reads its key from (not
// Authorization), to a request that sent its credential in Authorization:
// the credential is missing from where the server looks (auth.missing,
// with that header in the fix), not malformed.
func TestNamedKeyHeaderMissing(t *testing.T) {
	bearer := "Authorization: Bearer opaque0token0value0123"
	runSureCases(t, []sureCase{
		// Meilisearch before v0.25 read only X-MEILI-API-KEY
		// (meilisearch/meilisearch#3807).
		{"Meilisearch: X-MEILI-API-KEY is missing", get("http://my_server:27700/keys", bearer),
			resp(401, `{"message":"The X-MEILI-API-KEY header is missing.","code":"missing_authorization_header","type":"auth","link":"https://docs.meilisearch.com/errors#missing_authorization_header"}`, "Content-Type: application/json"),
			AuthMissing, true},
		// Anthropic reads x-api-key (n8n-io/n8n#37930, karthink/gptel#354).
		{"Anthropic: x-api-key header is required", post("https://api.anthropic.com/v1/messages", `{"model":"claude-3-haiku-20240307","max_tokens":8,"messages":[]}`, bearer, "Content-Type: application/json"),
			resp(401, `{"type":"error","error":{"type":"authentication_error","message":"x-api-key header is required"}}`, "Content-Type: application/json"),
			AuthMissing, true},
		// Words that name no header keep the Authorization reading: the
		// server does not read the credential in the form it was sent.
		{"Klaviyo-like: credentials were not provided", get("https://a.klaviyo.com/api/profiles/", bearer),
			resp(401, `{"errors":[{"status":401,"code":"not_authenticated","title":"Authentication credentials were not provided.","detail":"Missing or invalid authorization scheme. Please use Klaviyo-API-Key."}]}`, "Content-Type: application/json"),
			AuthMalformed, true},
	})
	rep := Run(exchange(get("http://my_server:27700/keys", bearer),
		resp(401, `{"message":"The X-MEILI-API-KEY header is missing.","code":"missing_authorization_header"}`, "Content-Type: application/json")))
	g, _ := findingOf(rep, AuthMissing)
	if !strings.Contains(g.Title+" "+g.Fix, "X-MEILI-API-KEY") {
		t.Errorf("the finding does not name the header the server reads: %q / %q", g.Title, g.Fix)
	}
}
