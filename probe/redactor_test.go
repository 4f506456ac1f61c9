package probe

import (
	"bytes"
	"mime/multipart"
	"strings"
	"testing"
)

// multipartBody is what curl -F password=… -F user=ada sends.
func multipartBody(t *testing.T, fields ...[2]string) ([]byte, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	return b.Bytes(), w.FormDataContentType()
}

func TestRedactorMasksWhatTheTrialFoundLeaking(t *testing.T) {
	const pw = "Summer2026W0rdX!"
	body, ct := multipartBody(t, [2]string{"user", "ada"}, [2]string{"password", pw})
	req := Request{
		Method: "POST", URL: "https://api.example.test/login?access_token=tok-1234567890",
		Headers: []Header{
			{Name: "Content-Type", Value: ct},
			{Name: "Referer", Value: "https://app.example.test/cb?token=ref-abcdefghij&page=2"},
			{Name: "X-Custom", Value: "custom-secret-value"},
		},
		Body:          body,
		SecretHeaders: []string{"x-custom"},
	}
	r := NewRedactor(req, false)
	if got := r.RequestBody(ct, body); strings.Contains(got, pw) || !strings.Contains(got, "ada") {
		t.Errorf("multipart body: %q", got)
	}
	if got := r.RequestHeader("Referer", req.Headers[1].Value); strings.Contains(got, "ref-abcdefghij") || !strings.Contains(got, "page=2") {
		t.Errorf("Referer: %q", got)
	}
	if got := r.RequestHeader("X-Custom", "custom-secret-value"); strings.Contains(got, "custom-secret") {
		t.Errorf("a header named secret by the user: %q", got)
	}
	if got := r.URL(req.URL); strings.Contains(got, "tok-1234567890") {
		t.Errorf("URL: %q", got)
	}
	// The server echoing any of them back.
	echo := "you sent " + pw + " and custom-secret-value and tok-1234567890"
	if got := r.Text(echo); strings.Contains(got, pw) || strings.Contains(got, "custom-secret-value") || strings.Contains(got, "tok-1234567890") {
		t.Errorf("echoed text: %q", got)
	}
	if got := r.ResponseBody("text/plain", echo); strings.Contains(got, pw) {
		t.Errorf("echoed body: %q", got)
	}
	// Revealed, everything is as it was.
	rv := NewRedactor(req, true)
	if rv.RequestBody(ct, body) != string(body) || rv.Text(echo) != echo || rv.URL(req.URL) != req.URL ||
		rv.RequestHeader("X-Custom", "custom-secret-value") != "custom-secret-value" {
		t.Error("revealed output differs from the input")
	}
}

// A proxy URL whose password holds '#', '/' or a space does not parse; its
// password is masked all the same, and the URL is not prefixed again.
func TestMaskURLUnparseableUserinfo(t *testing.T) {
	for _, raw := range []string{
		"http://user:Summer#2026W0rdX@127.0.0.1:3128",
		"http://user:pa/ss2026W0rd@127.0.0.1:3128",
		"http://user:pa ss2026W0rd@127.0.0.1:3128",
	} {
		got := MaskURL(raw)
		if strings.Contains(got, "2026W0") || strings.Contains(got, "Summer") || !strings.HasPrefix(got, "http://user:••••") ||
			strings.Count(got, "http://") != 1 || !strings.HasSuffix(got, "@127.0.0.1:3128") {
			t.Errorf("MaskURL(%q) = %q", raw, got)
		}
	}
	// One that parses keeps its query as it was.
	if got := MaskURL("http://h:80/p?e=a@b.com"); got != "http://h:80/p?e=a@b.com" {
		t.Errorf("a URL that parses: %q", got)
	}
}

// Response headers: the evidence stays, a credential handed out is masked.
func TestRedactorResponseHeaders(t *testing.T) {
	r := NewRedactor(Request{URL: "http://127.0.0.1/"}, false)
	if got := r.ResponseHeader("WWW-Authenticate", `Bearer error="invalid_token"`); got != `Bearer error="invalid_token"` {
		t.Errorf("challenge masked: %q", got)
	}
	if got := r.ResponseHeader("X-Auth-Token", "issued-token-123456"); strings.Contains(got, "issued-token") {
		t.Errorf("issued token: %q", got)
	}
	if got := r.ResponseHeader("Location", "https://x.test/cb?code=abcdef123456"); strings.Contains(got, "abcdef123456") {
		t.Errorf("Location: %q", got)
	}
}

// A URL that carries the request's own bearer token in its path (an API
// that takes it there too, a bot token) masks it: the History list, the
// diff and the bisection show URLs through URL, not Text.
func TestRedactorURLMasksSentSecretsInThePath(t *testing.T) {
	const bearer = "opaque-bearer-9f8e7d6c5b4a"
	req := NewRequest("https://api.example.com/v1/keys/" + bearer + "/items?x=1")
	req.Auth.Bearer = bearer
	got := NewRedactor(req, false).URL(req.URL)
	if strings.Contains(got, bearer) || !strings.HasPrefix(got, "https://api.example.com/v1/keys/") || !strings.HasSuffix(got, "/items?x=1") {
		t.Errorf("URL() = %q: want the path's token masked and the rest kept", got)
	}
	if got := NewRedactor(req, true).URL(req.URL); got != req.URL {
		t.Errorf("revealed URL() = %q", got)
	}
}
