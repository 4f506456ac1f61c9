package checks

import "testing"

// A refusal of the key whose words give the address as the reason is the
// address's (ip.allowlist), never a sure refused key; the verb "does not
// allow" reads as its participle does.
func TestAddressGivenAsReason(t *testing.T) {
	cases := []struct {
		name, url, key string
		status         int
		body           string
	}{
		{"an invalid key because the IP does not match (UGRC)",
			"https://geo.example/api/v1/geocode/street/zone?apiKey=AGRC-0123456789ab", "", 400,
			`{"status":400,"message":"Invalid API key. The IP you provided does not match what the API is receiving. Double check your API key or create a new one using 10.72.30.1 as the pattern."}`},
		{"a key that does not allow access from this IP (Bitvavo)",
			"https://exchange.example/v2/balance", "Bitvavo-Access-Key: 0123456789abcdef0123456789abcdef", 403,
			`{"errorCode":307,"error":"This key does not allow access from this IP."}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var lines []string
			if c.key != "" {
				lines = append(lines, c.key)
			}
			rep := Run(exchange(get(c.url, lines...), resp(c.status, c.body)))
			t.Logf("likely %v guess %v", rep.Likely, rep.Guess)
			if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
				t.Fatalf("likely %v guess %v, want ip.allowlist first", rep.Likely, rep.Guess)
			}
			if f, ok := findingOf(rep, AuthInvalid); ok && f.Status == Fail && !rep.Guess && rep.Likely[0] == AuthInvalid {
				t.Fatalf("sure of a refused key: %+v", f)
			}
		})
	}
	// A list of alternatives names no address rule: the key stays first.
	rep := Run(exchange(get("https://exchange.example/api/v3/account", "X-MBX-APIKEY: 0123456789abcdef0123456789abcdef"),
		resp(401, `{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}`, "Content-Type: application/json")))
	if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
		t.Fatalf("alternatives: likely %v, want auth.invalid first", rep.Likely)
	}
}

// The address the request came from, named as such and refused, is an
// address rule at 400 too; an address the request names as data is not.
func TestRequestAddressRefused(t *testing.T) {
	rep := Run(exchange(get("https://nlu.example/message?q=hi", "Authorization: Bearer ABCDEFGHIJKLMNOPQRSTUVWX"),
		resp(400, `{"error":"Unauthorized source IP address","code":"bad-request"}`)))
	if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
		t.Fatalf("Wit.ai-like: likely %v, want ip.allowlist first", rep.Likely)
	}
	rep = Run(exchange(post("https://dns.example/records", `{"type":"A","content":"999.1.1.1"}`, "Authorization: Bearer ABCDEFGHIJKLMNOPQRSTUVWX", "Content-Type: application/json"),
		resp(400, `{"error":"Invalid IP address: 999.1.1.1"}`)))
	if len(rep.Likely) > 0 && rep.Likely[0] == IPAllowlist {
		t.Fatalf("a record's address read as the caller's: likely %v", rep.Likely)
	}
}
