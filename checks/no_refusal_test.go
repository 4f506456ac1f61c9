package checks

import (
	"strings"
	"testing"
)

// RFC 9110: a 404 or a 5xx that names no refusal is not a refusal at all.
// No cause is guessed (Likely is empty), and Outcome says what happened.
func TestNotFoundAndServerErrorsAreNoRefusal(t *testing.T) {
	nginx404 := "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n"
	apache404 := "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr>\n<address>Apache/2.4.62 (Debian) Server at www.example.com Port 443</address>\n</body></html>\n"
	nginx502 := "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"
	cases := []struct {
		name    string
		ev      Evidence
		outcome string
	}{
		{"nginx 404, no credential", exchange(get("https://www.example.com/nothing.html"), resp(404, nginx404, "Server: nginx/1.25.3", "Content-Type: text/html")), "not found"},
		{"Apache 404", exchange(get("https://www.example.com/nothing.html"), resp(404, apache404, "Server: Apache", "Content-Type: text/html")), "not found"},
		{"JSON 404 with a token", exchange(get("https://api.example.com/v1/nothing", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"), resp(404, `{"error":"not found"}`, "Content-Type: application/json")), "not found"},
		{"nginx 502", exchange(get("https://www.example.com/app"), resp(502, nginx502, "Server: nginx", "Content-Type: text/html")), "server error"},
		{"plain 500", exchange(get("https://www.example.com/app"), resp(500, "Internal Server Error", "Content-Type: text/plain")), "server error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) != 0 || rep.Guess {
				t.Errorf("likely %v (guess %v), want no cause", rep.Likely, rep.Guess)
			}
			if !strings.Contains(rep.Outcome, c.outcome) {
				t.Errorf("outcome %q, want it to say %q", rep.Outcome, c.outcome)
			}
		})
	}
	// A 404 or 5xx that does name a refusal keeps its cause.
	named := []struct {
		name string
		ev   Evidence
		want string
	}{
		{"503 with a spent rate limit", exchange(get("https://api.example.com/x"), resp(503, "", "X-RateLimit-Limit: 2", "X-RateLimit-Remaining: 0", "X-RateLimit-Reset: 58")), RateLimit},
		{"404 that says the token is invalid", exchange(get("https://api.example.com/x", "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123"), resp(404, `{"message":"Invalid API key"}`, "Content-Type: application/json")), AuthInvalid},
	}
	for _, c := range named {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want || rep.Outcome != "" {
				t.Errorf("likely %v, outcome %q; want %s first and no outcome", rep.Likely, rep.Outcome, c.want)
			}
		})
	}
}
