package probe

import (
	"strings"
	"testing"
)

func TestIsCredentialHeader(t *testing.T) {
	secret := []string{
		"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
		"X-Api-Key", "X-API-KEY", "Api_Key", "X-Apikey", "Private-Token", "X-Auth-Token", "X-Auth-User",
		"X-Amz-Security-Token", "X-Session-Id", "X-Client-Secret", "X-Password", "X-Signature",
		"Ocp-Apim-Subscription-Key", "X-Functions-Key", "X-Goog-Api-Key", "X-Custom-Key",
		// "key" run together with its owner, or alone
		"AccessKey", "X-AppKey", "ClientKey", "KEY",
	}
	for _, n := range secret {
		if !IsCredentialHeader(n) {
			t.Errorf("IsCredentialHeader(%q) = false", n)
		}
	}
	evidence := []string{
		"WWW-Authenticate", "Proxy-Authenticate", "Authentication-Info", "Proxy-Authentication-Info",
		"Content-Type", "Accept", "Keyboard", "X-Request-Id", "X-Turkey", "X-Ms-Documentdb-Partitionkey",
	}
	for _, n := range evidence {
		if IsCredentialHeader(n) {
			t.Errorf("IsCredentialHeader(%q) = true", n)
		}
	}
}

// HTTP/2 and HTTP/3 pseudo-headers (":authority", ":path", ...) are the
// request line and the host, never a credential, though ":authority"
// holds "auth" and a crafted name could hold any credential word.
func TestPseudoHeadersAreNeverCredentials(t *testing.T) {
	for _, n := range []string{":authority", ":Authority", " :authority", ":method", ":path", ":scheme", ":status", ":protocol",
		":x-api-key", ":token", ":cookie", ":authorization"} {
		if IsCredentialHeader(n) {
			t.Errorf("IsCredentialHeader(%q) = true", n)
		}
		if IsOriginCredential(n) {
			t.Errorf("IsOriginCredential(%q) = true", n)
		}
		if got := MaskHeaderValue(n, "127.0.0.1:8443"); got != "127.0.0.1:8443" {
			t.Errorf("MaskHeaderValue(%q, host) = %q, want it unmasked", n, got)
		}
	}
}

func TestIsOriginCredential(t *testing.T) {
	for n, want := range map[string]bool{
		"Authorization": true, "Cookie": true, "X-Api-Key": true, "Ocp-Apim-Subscription-Key": true,
		"Proxy-Authorization": false, "Set-Cookie": false, "X-CSRF-Token": false, "X-XSRF-TOKEN": false,
		"Idempotency-Key": false, "WWW-Authenticate": false, "Accept": false,
	} {
		if got := IsOriginCredential(n); got != want {
			t.Errorf("IsOriginCredential(%q) = %v", n, got)
		}
	}
}

func TestMaskHeaderValue(t *testing.T) {
	cases := []struct{ name, value, want string }{
		{"Authorization", "Bearer abcdefghijkl3f9a", "Bearer ••••3f9a"},
		{"Authorization", "bearer abcdefghijkl3f9a", "bearer ••••3f9a"},
		{"Authorization", "AWS4-HMAC-SHA256 Credential=AKIA/x, Signature=abcd1234", "AWS4-HMAC-SHA256 ••••1234"},
		{"Proxy-Authorization", "Basic dXNlcjpwYXNzd29yZA==", "Basic ••••ZA=="},
		{"Authorization", "SharedKey acct:sig0123456789", "SharedKey ••••6789"},
		// The first word is no scheme: it may be the secret itself.
		{"Authorization", "sk_live_0123456789abcdef trailing", "••••ling"},
		{"Authorization", "abcdefghij-secret-xyz0 Bearer", "••••arer"},
		{"X-Api-Key", "0123456789abcdef", "••••cdef"},
		{"X-Api-Key", "Token 0123456789abcdef", "Token ••••cdef"},
		{"Cookie", "sid=0123456789abcdef; theme=dark", "sid=••••cdef; theme=••••"},
		{"WWW-Authenticate", `Bearer error="invalid_token", error_description="token expired"`, `Bearer error="invalid_token", error_description="token expired"`},
		{"Content-Type", "text/plain", "text/plain"},
	}
	for _, c := range cases {
		if got := MaskHeaderValue(c.name, c.value); got != c.want {
			t.Errorf("MaskHeaderValue(%q, %q) = %q, want %q", c.name, c.value, got, c.want)
		}
	}
}

func TestIsSecretQueryParam(t *testing.T) {
	for _, n := range []string{"access_token", "ID_TOKEN", "refresh_token", "token", "api_key", "apikey", "key",
		"sig", "signature", "X-Amz-Signature", "X-Amz-Security-Token", "X-Amz-Credential", "X-Goog-Signature",
		"X-Goog-Credential", "private_token", "password", "passwd", "secret", "client_secret", "code",
		"session", "sessionid", "auth"} {
		if !IsSecretQueryParam(n) {
			t.Errorf("IsSecretQueryParam(%q) = false", n)
		}
	}
	for _, n := range []string{"page", "q", "author", "X-Amz-Expires", "se"} {
		if IsSecretQueryParam(n) {
			t.Errorf("IsSecretQueryParam(%q) = true", n)
		}
	}
	if IsCredentialQueryParam("code") || !IsCredentialQueryParam("subscription-key") || IsCredentialQueryParam("author") {
		t.Error("IsCredentialQueryParam: code and author are no credential; subscription-key is")
	}
}

func TestMaskURL(t *testing.T) {
	cases := []struct{ in, want string }{
		// Only the secret values change: order, encoding and the other
		// parameters stay as given (no re-encoding of the bullets).
		{"https://h/p?z=1&token=abcdefghijkl3f9a&a=%20b&X-Amz-Signature=0123456789abcdef",
			"https://h/p?z=1&token=••••3f9a&a=%20b&X-Amz-Signature=••••cdef"},
		{"https://bob:hunter2hunter2@h:8443/p", "https://bob:••••ter2@h:8443/p"},
		{"https://bob@h/p?q=1", "https://bob@h/p?q=1"},
		{"/v1/x?api_key=short&b=2", "/v1/x?api_key=••••&b=2"},
		{"example.com/x?sig=0123456789abcdef", "example.com/x?sig=••••cdef"},
		{"http://h/cb#access_token=0123456789abcdef&state=s", "http://h/cb#access_token=••••cdef&state=s"},
		{"https://h/p?flag&token=&q=a+b", "https://h/p?flag&token=&q=a+b"},
		{"https://h/p", "https://h/p"},
		{"", ""},
	}
	for _, c := range cases {
		if got := MaskURL(c.in); got != c.want {
			t.Errorf("MaskURL(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

const testJWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

func TestMaskJWTs(t *testing.T) {
	got := MaskJWTs("a " + testJWT + " b eyJnotajwt c")
	if got != "a ••••sR8U b eyJnotajwt c" {
		t.Errorf("MaskJWTs = %q", got)
	}
}

func TestMaskBody(t *testing.T) {
	cases := []struct{ ct, in, want string }{
		{"application/x-www-form-urlencoded", "user=bob&password=hunter2hunter2&remember=1",
			"user=bob&password=••••ter2&remember=1"},
		{"application/x-www-form-urlencoded", "grant_type=client_credentials&client_secret=0123456789abcdef",
			"grant_type=client_credentials&client_secret=••••"}, // last field: may be cut
		{"application/x-www-form-urlencoded", "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=0123456789abcdef&scope=x",
			"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=••••cdef&scope=x"},
		{"application/x-www-form-urlencoded", "client_assertion=0123456789abcdef&client_id=c",
			"client_assertion=••••cdef&client_id=c"},
		{"application/json", `{"user": "bob", "password" : "hunter2hunter2", "n": 1, "apiKey":"0123456789abcdef"}`,
			`{"user": "bob", "password" : "••••ter2", "n": 1, "apiKey":"••••cdef"}`},
		{"application/vnd.api+json; charset=utf-8", `{"data":{"refresh_token":"0123456789abcdef","list":["token","x"]}}`,
			`{"data":{"refresh_token":"••••cdef","list":["token","x"]}}`},
		// Cut short in the middle of a secret: hidden whole.
		{"application/json", `{"access_token":"0123456789ab`, `{"access_token":"••••`},
		{"", `{"secret":"0123456789abcdef"}`, `{"secret":"••••cdef"}`},
		{"text/plain", "password=hunter2hunter2", "password=hunter2hunter2"},
		{"text/plain", "jwt " + testJWT, "jwt " + MaskSecret(testJWT)},
		{"text/plain", "cut " + testJWT[:40], "cut ••••"},
	}
	for _, c := range cases {
		if got := MaskBody(c.ct, []byte(c.in)); got != c.want {
			t.Errorf("MaskBody(%q, %q)\n got %q\nwant %q", c.ct, c.in, got, c.want)
		}
	}
	if strings.Contains(MaskBody("application/json", []byte(`{"token":"`+testJWT+`"}`)), "eyJzdWIi") {
		t.Error("a JWT in a secret field leaked")
	}
}
