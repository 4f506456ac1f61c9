package checks

import "testing"

// A browser form posted with an Origin and refused by a bare 403 meets a
// framework's cross-site form guard, not CORS (a form needs no preflight).
func TestFormWithOriginBare403(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		// Sinatra's default rack-protection, a form from domain.com posted to
		// sub.domain.com (sinatra issue 508).
		{"rack-protection", exchange(post("http://sub.domain.com/", "name=x", "Origin: http://domain.com", "Content-Type: application/x-www-form-urlencoded"),
			resp(403, ""))},
		// Hono's csrf() middleware on a multipart form (hono issue 4052).
		{"Hono csrf", exchange(post("http://localhost/ping", "--b\r\n", "Origin: http://localhost", "Content-Type: multipart/form-data; boundary=b"),
			resp(403, ""))},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != CSRF || !rep.Guess {
				t.Fatalf("likely %v (guess %v), want %s first, a guess", rep.Likely, rep.Guess, CSRF)
			}
		})
	}
	t.Run("a JSON body is no form", func(t *testing.T) {
		rep := Run(exchange(post("https://api.example.com/v1/items", `{"a":1}`, "Origin: https://app.example.com", "Content-Type: application/json"),
			resp(403, "")))
		if len(rep.Likely) > 0 && rep.Likely[0] == CSRF {
			t.Fatalf("likely %v: a JSON post read as a form's cross-site guard", rep.Likely)
		}
	})
	t.Run("a form refused in words of its own", func(t *testing.T) {
		rep := Run(exchange(post("https://shop.example.com/cart", "qty=1", "Origin: https://shop.example.com", "Content-Type: application/x-www-form-urlencoded"),
			resp(403, "Your IP address has been blocked", "Content-Type: text/plain")))
		if len(rep.Likely) > 0 && rep.Likely[0] == CSRF {
			t.Fatalf("likely %v: a 403 with words of its own read as a cross-site guard", rep.Likely)
		}
	})
}
