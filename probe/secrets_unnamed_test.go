package probe

import (
	"strings"
	"testing"
)

func TestIsUnnamedKeyHeader(t *testing.T) {
	const key = "mainnetQ7xK2pL9vR4tW8zN3bC6dF1hJ"
	for _, tc := range []struct {
		name, value string
		want        bool
	}{
		{"project_id", key, true},                                     // Blockfrost
		{"X-Partner-Code", "pc_8Hk2Lm5Np9Qr3St7", true},               // a gateway's own
		{"Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", true},             // a JWT under a wrong name
		{"project_id", "3f2b8c1e-9d4a-4b7e-8f6a-2c1d0e9b7a54", false}, // a UUID identifies
		{"project_id", "my-project", false},                           // no digit
		{"project_id", "1234567890123456789", false},                  // no letter
		{"project_id", "short1", false},
		{"X-Request-Id", "req8Hk2Lm5Np9Qr3St7Uv1", false},
		{"X-Device-Id", "dev8Hk2Lm5Np9Qr3St7Uv1Wx4", false},
		{"X-DeviceId", "dev8Hk2Lm5Np9Qr3St7Uv1Wx4", false}, // camelCase words count
		{"X-Amzn-Trace-Id", "Root=1-67891233-abcdef012345678912345678", false},
		{"traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", false},
		{"If-None-Match", `W/"abc123def456ghi789"`, false},
		{"X-Amz-Content-Sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", false},
		{"X-Api-Key", key, false}, // secret by its name, not by this rule
		{":path", "/v1/orders/1234567890", false},
	} {
		if got := IsUnnamedKeyHeader(tc.name, tc.value); got != tc.want {
			t.Errorf("IsUnnamedKeyHeader(%q, %q) = %v, want %v", tc.name, tc.value, got, tc.want)
		}
	}
}

// A key under a name that says nothing is masked in the request's
// headers and wherever the server echoes it; a response header is never
// judged by its value (CF-Ray, ETag and request IDs are the evidence).
func TestRedactorMasksUnnamedKeys(t *testing.T) {
	const key = "mainnetQ7xK2pL9vR4tW8zN3bC6dF1hJ"
	const device = "dev8Hk2Lm5Np9Qr3St7Uv1Wx4"
	req := Request{Method: "GET", URL: "http://127.0.0.1/api/v0/blocks/latest", Headers: []Header{
		{Name: "project_id", Value: key}, {Name: "X-Device-Id", Value: device},
	}}
	r := NewRedactor(req, false)
	if got := r.RequestHeader("project_id", key); got != MaskSecret(key) {
		t.Errorf("RequestHeader(project_id) = %q, want %q", got, MaskSecret(key))
	}
	if got := r.RequestHeader("X-Device-Id", device); got != device {
		t.Errorf("RequestHeader(X-Device-Id) = %q, want it whole", got)
	}
	if !r.IsSecretRequestHeader("project_id", key) || r.IsSecretRequestHeader("X-Device-Id", device) {
		t.Error("IsSecretRequestHeader: want project_id secret, X-Device-Id not")
	}
	if got := r.Text(`{"error":"invalid project token ` + key + `"}`); strings.Contains(got, key) {
		t.Errorf("echoed key not masked: %q", got)
	}
	if got := r.ResponseHeader("X-Echo", key); strings.Contains(got, key) {
		t.Errorf("echoed key in a response header not masked: %q", got)
	}
	for _, h := range []Header{{Name: "CF-Ray", Value: "8f2b3c4d5e6f7a8b-AMS"}, {Name: "X-Served-By", Value: "cache8Hk2Lm5Np9Qr3St7"},
		{Name: "X-Trace", Value: "t9Hk2Lm5Np9Qr3St7Uv1"}, {Name: "project_id", Value: "p9Hk2Lm5Np9Qr3St7Uv1"}} {
		if got := r.ResponseHeader(h.Name, h.Value); got != h.Value {
			t.Errorf("response header %s: %q, want it whole", h.Name, got)
		}
	}
	if got := NewRedactor(req, true).RequestHeader("project_id", key); got != key {
		t.Errorf("revealed: %q", got)
	}
}
