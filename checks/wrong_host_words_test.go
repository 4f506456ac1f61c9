package checks

import "testing"

// The server's words that the request went to the wrong host (another
// plan's endpoint, another region) name a host mismatch, whoever says it
// (issue 14 §2); next to a credential word they stay a credential reading.
func TestWrongHostWording(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"a plan's other endpoint", 403, `{"message":"Wrong endpoint. Use https://api-free.translate.example"}`, HostMismatch},
		{"another region", 421, `{"error":{"type":"misdirected_request","message":"Wrong region","data":{"region":"fra"}}}`, HostMismatch},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://api.example/v2/items"), resp(c.status, c.body, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
		})
	}
	// The words themselves, whatever the status: both vendors' wording is
	// read as the wrong host.
	for _, text := range []string{"Wrong endpoint. Use https://api-free.translate.example", "misdirected_request: Wrong region"} {
		found := false
		for _, h := range readWords(lexWords(text), 403) {
			found = found || h.m.Cause == HostMismatch
		}
		if !found {
			t.Errorf("%q: no wrong-host reading", text)
		}
	}
	// Either a bad key or the wrong endpoint: the words do not settle on
	// the host.
	either := `{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}`
	rep := Run(exchange(get("https://api.example/v2/items"), resp(401, either, "Content-Type: application/json")))
	if len(rep.Likely) > 0 && rep.Likely[0] == HostMismatch {
		t.Errorf("likely %v: an either-or of key and endpoint read as the host", rep.Likely)
	}
}
