package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A curl -v transcript records the server's Date but not the local clock:
// the report judges the token against the Date and claims nothing about
// "your clock", which clock.skew says was not recorded.
func TestExplainClaimsNothingAboutAnUnrecordedClock(t *testing.T) {
	code, out, errOut := run(t, "explain", explainFile("curl-v-expired-jwt.txt"))
	if code != ExitRefused || errOut != "" {
		t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, errOut)
	}
	if !strings.Contains(out, "Token expired 1h ago") || !strings.Contains(out, "The local time of the exchange was not recorded") {
		t.Fatalf("the report lost the expiry or the clock.skew skip:\n%s", out)
	}
	for _, claim := range []string{"your clock is off", "by your clock it is still valid"} {
		if strings.Contains(out, claim) {
			t.Errorf("the report claims %q, though the local time was not recorded:\n%s", claim, out)
		}
	}
}

// A plain 404 from a file server is no refusal: the report says the path
// was not found, guesses no cause and plans no experiment; the exit
// status stays 1 (the request was not accepted). A 5xx alike.
func TestCheckNotFoundIsNoRefusal(t *testing.T) {
	const nginx404 = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
	const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
	for _, tt := range []struct {
		status     int
		page, want string
	}{
		{404, nginx404, "Not found: the path was not found (HTTP 404 Not Found)"},
		{502, nginx502, "Not refused: a server error (HTTP 502 Bad Gateway)"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Server", "nginx/1.25.3")
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(tt.status)
			io.WriteString(w, tt.page)
		}))
		code, out, _ := run(t, "check", srv.URL+"/nothing.html")
		srv.Close()
		if code != ExitRefused {
			t.Errorf("%d: exit %d, want %d (not accepted)", tt.status, code, ExitRefused)
		}
		if !strings.Contains(out, tt.want) {
			t.Errorf("%d: the report does not say %q:\n%s", tt.status, tt.want, out)
		}
		if strings.Contains(out, "Likely:") || strings.Contains(out, "a guess") {
			t.Errorf("%d: the report guesses a cause:\n%s", tt.status, out)
		}
		if strings.Contains(out, "sent on your behalf") {
			t.Errorf("%d: experiments were sent, with no cause to tell apart:\n%s", tt.status, out)
		}
	}
}

// Basic sent where the challenge asks for Bearer: the report names the
// scheme mismatch first and sure, not a proxy stripping the token.
func TestCheckWrongSchemeIsNamed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	code, out, _ := run(t, "check", "-u", "ada:lovelace-secret", srv.URL+"/v1/orders")
	if code != ExitRefused {
		t.Errorf("exit %d, want %d", code, ExitRefused)
	}
	for _, want := range []string{"The server asks for Bearer; you sent Basic", "Likely: auth.malformed", "Fix: Send Authorization: Bearer"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "strips") {
		t.Errorf("the report blames a proxy stripping the token:\n%s", out)
	}
}

// The lab's s3-clock-skew request is signed an hour before the server's
// Date by a clock that is right now: the report names the stale
// X-Amz-Date and says to sign again, never to set a clock that agrees.
func TestCheckS3StaleSignatureSaysSignAgain(t *testing.T) {
	l := startLab(t)
	var args []string
	for _, sc := range l.Scenarios() {
		if sc.Name == "s3-clock-skew" {
			args = sc.Args
		}
	}
	if args == nil {
		t.Fatal("no s3-clock-skew scenario")
	}
	code, out, _ := run(t, append([]string{"check", "--no-experiments"}, args...)...)
	if code != ExitRefused {
		t.Errorf("exit %d, want %d", code, ExitRefused)
	}
	for _, want := range []string{"the request was signed at", "(X-Amz-Date), 1h before the server's Date", "Likely: clock.skew", "sign it again"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	for _, wrong := range []string{"Set the clock right", "your clock is"} {
		if strings.Contains(out, wrong) {
			t.Errorf("the report says %q though the local clock agrees:\n%s", wrong, out)
		}
	}
}

// nginx's bare 403 to an anonymous GET cannot tell a missing login from
// the path refused by the server: the report says so and names the
// experiment that would decide, in text and in JSON.
func TestExplainSaysWhatWouldDecide(t *testing.T) {
	code, out, _ := run(t, "explain", explainFile("curl-v-nginx-403-anonymous.txt"))
	if code != ExitRefused {
		t.Errorf("exit %d, want %d", code, ExitRefused)
	}
	const want = "Cannot tell from this response: auth.missing or resource.denied; the experiment trailing-slash would decide"
	if !strings.Contains(out, want) {
		t.Errorf("the report lacks %q:\n%s", want, out)
	}
	_, js, _ := run(t, "explain", "--json", explainFile("curl-v-nginx-403-anonymous.txt"))
	var d explainReport
	if err := json.Unmarshal([]byte(js), &d); err != nil {
		t.Fatal(err)
	}
	if !d.Guess || len(d.Likely) < 2 || d.DecidedBy != "trailing-slash" {
		t.Errorf("JSON likely %v guess %v decided_by %q; want a guess of two and trailing-slash", d.Likely, d.Guess, d.DecidedBy)
	}
}
