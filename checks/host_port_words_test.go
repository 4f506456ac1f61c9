package checks

import "testing"

// A host name with its port inside a message is an address, not words:
// the words around it ("Virtual Host to handle ... has not been defined")
// are read as if it were not there.
func TestHostNotDefinedAroundHostPort(t *testing.T) {
	for _, c := range []struct{ name, page string }{
		// IBM WebSphere Application Server's SRVE0255E, as WhatWaf's report shows it.
		{"WebSphere", `<h1>SRVE0255E: A WebGroup/Virtual Host to handle /index.html has not been defined.</h1><br/><h3>SRVE0255E: A WebGroup/Virtual Host to handle thuedientu.gdt.gov.vn:9081 has not been defined.</h3><br/>`},
		// Open Liberty's servlet container answers the same message for a
		// host and port it has no virtual host for.
		{"Open Liberty", `Error 404: SRVE0255E: A WebGroup/Virtual Host to handle app.example.internal:9443 has not been defined.`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("http://shop.example.com/"), resp(404, c.page, "Content-Type: text/html")))
			if len(rep.Likely) == 0 || rep.Likely[0] != HostMismatch {
				t.Fatalf("likely %v, want %s first", rep.Likely, HostMismatch)
			}
		})
	}
	t.Run("what is a host and port", func(t *testing.T) {
		for _, s := range []string{"app.example.com:8443", "thuedientu.gdt.gov.vn:9081"} {
			if !isHostPort(s) {
				t.Errorf("%s not read as a host and port", s)
			}
		}
		for _, s := range []string{"10:30", "error:403", "1.2:3", "a.b:c", "retry-after:120", "token:abc.def"} {
			if isHostPort(s) {
				t.Errorf("%s read as a host and port", s)
			}
		}
	})
}
