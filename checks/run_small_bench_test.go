package checks

import "testing"

// BenchmarkRunSmallRefusal judges a typical short refusal (a JSON 403 of
// a few hundred bytes): the case the app, the proxy and the experiments
// judge over and over in one process, where a per-call cost matters more
// than a table built once.
func BenchmarkRunSmallRefusal(b *testing.B) {
	req := get("https://api.example.com/v1/orders?page=2", "Authorization: Bearer "+validJWT(b, map[string]any{"scope": "orders:read"}), "Accept: application/json")
	r := resp(403, `{"error":{"code":"insufficient_scope","message":"The access token does not have the orders:write scope required for this resource.","request_id":"req_8f2a"}}`,
		"Server: nginx", "Content-Type: application/json")
	ev := exchange(req, r)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Run(ev)
	}
}
