package checks

import "testing"

// RFC 9110 §8.3.1: a media type is type "/" subtype. A Content-Type that
// is not one is a defect of the request that WAFs refuse before anything
// else (lua-resty-waf rejects it with a bare 403; OWASP CRS 920420 refuses
// a type its policy does not list), with or without a body.
func TestContentTypeThatIsNoMediaType(t *testing.T) {
	for _, c := range []struct {
		name string
		rep  Report
	}{
		// lua-resty-waf: curl -H "Content-Type: foobar", a GET, a bare 403.
		{"lua-resty-waf", Run(exchange(get("http://proxy.example.test/index.html", "Content-Type: foobar"), resp(403, "")))},
		// ModSecurity with CRS in front of Apache: -H "Content-Type: form".
		{"ModSecurity CRS", Run(exchange(post("http://app.example.test/api/items", "name=a", "Content-Type: form"), resp(403, apache403, "Server: Apache", "Content-Type: text/html; charset=iso-8859-1")))},
	} {
		t.Run(c.name, func(t *testing.T) {
			if len(c.rep.Likely) == 0 || c.rep.Likely[0] != ContentType {
				t.Fatalf("likely %v, want %s first", c.rep.Likely, ContentType)
			}
			if !c.rep.Guess {
				t.Error("a bare refusal made sure")
			}
		})
	}
	t.Run("a well-formed type on a bare 403", func(t *testing.T) {
		rep := Run(exchange(get("http://proxy.example.test/", "Content-Type: application/json"), resp(403, "")))
		if f, _ := findingOf(rep, ContentType); f.Status == Fail {
			t.Fatalf("a well-formed Content-Type blamed: %s", f.Title)
		}
	})
}
