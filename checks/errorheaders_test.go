package checks

import "testing"

// A front end that refuses without a body says why in a header named for
// an error or a reason; its words decide as a body's would, whichever the
// vendor.
func TestErrorHeaderWordsDecide(t *testing.T) {
	cases := []struct {
		name string
		ev   Evidence
		want string
	}{
		// Alibaba Cloud CDN (Tengine): its access-control guide's values.
		{"Tengine IP blacklist", exchange(get("https://cdn.example.com/images/logo.png"),
			resp(403, "", "X-Tengine-Error: denied by IP ACL = blacklist")), IPAllowlist},
		{"Tengine IP whitelist", exchange(get("https://cdn.example.com/images/logo.png"),
			resp(403, "", "X-Tengine-Error: denied by IP ACL = not in whitelist")), IPAllowlist},
		// Databricks's gateway names the refusal in X-Databricks-Reason-Phrase
		// (databricks-sdk-go-invalid-access-token); here without its body.
		{"Databricks reason phrase", exchange(get("https://adb-1.2.azuredatabricks.net/api/2.0/clusters/list", "Authorization: Bearer dapi0123456789abcdef0123456789abcdef"),
			resp(403, "", "X-Databricks-Reason-Phrase: Invalid access token.")), AuthInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
		})
	}
	t.Run("names that carry no reason", func(t *testing.T) {
		for _, n := range []string{"x-request-id", "x-error-code", "x-ms-error-code", "error", "x-cache"} {
			if errorHeaderName(n) {
				t.Errorf("%s read as a reason header", n)
			}
		}
		for _, n := range []string{"x-cachewall-reason", "x-squid-error", "x-amzn-errortype", "x-status-reason"} {
			if !errorHeaderName(n) {
				t.Errorf("%s not read as a reason header", n)
			}
		}
	})
}

// "Expired timestamp" beside the credential's words, to a request whose
// only time is inside its signed link, is the link's lifetime, not a
// clock; to a signed request that carries its own time it stays the clock.
func TestExpiredTimestampOfCredential(t *testing.T) {
	t.Run("Tengine URL authentication", func(t *testing.T) {
		rep := Run(exchange(get("https://cdn.example.com/video/intro.mp4?auth_key=1598024587-0-0-0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
			resp(403, "", "X-Tengine-Error: denied by req auth: expired timestamp")))
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthExpired {
			t.Fatalf("likely %v, want %s first", rep.Likely, AuthExpired)
		}
	})
	t.Run("a signed request's own timestamp", func(t *testing.T) {
		// OKX's words, to a request signed with OK-ACCESS-TIMESTAMP
		// (okx-50102-timestamp-request-expired), with the key's word.
		rep := Run(exchange(get("https://www.okx.com/api/v5/account/balance",
			"OK-ACCESS-KEY: 0123456789abcdef", "OK-ACCESS-SIGN: c2lnbmF0dXJl", "OK-ACCESS-TIMESTAMP: 2025-03-14T15:05:14.000Z", "OK-ACCESS-PASSPHRASE: pass"),
			resp(401, `{"code":"50102","data":[],"msg":"Timestamp request expired: auth failed"}`, "Content-Type: application/json")))
		if len(rep.Likely) == 0 || rep.Likely[0] == AuthExpired {
			t.Fatalf("likely %v: a signed request's timestamp read as a credential's lifetime", rep.Likely)
		}
	})
}
