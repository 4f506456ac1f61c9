package checks

import "testing"

// A not-found page that names a protection in passing (a host's footer,
// a blog post about WAFs) is no block: the path does not exist. The same
// page at 403 is the protection's.
func TestProtectionNamedInNotFoundPageIsNoBlock(t *testing.T) {
	for _, body := range []string{
		`<html><head><title>Page not found</title></head><body><h1>Page not found</h1><p>Our hosting includes Imunify360 and daily backups.</p></body></html>`,
		`<html><head><title>404</title></head><body><h1>Not found</h1><p>SafeLine is an open-source WAF; read our guide.</p></body></html>`,
	} {
		rep := Run(exchange(get("https://blog.example/missing"), resp(404, body, "Content-Type: text/html")))
		if len(rep.Likely) > 0 && rep.Likely[0] == WAFBlock {
			t.Errorf("a 404 naming a protection reads as its block: likely %v", rep.Likely)
		}
	}
}
