package checks

import "testing"

// A 406 to a request that accepts any type refuses the client, not a type
// (TestA406ToAnyTypeRefusesTheClient): that holds for why403's own default
// User-Agent, curl's, too. Real: Overpass API answers 406 to scripts that
// do not name themselves (drolbr/Overpass-API issue 791, vmiklos/osm-gimmisn
// PR 4957); QSApp.com answered `curl -i` with 406 "Not Permitted"
// (quicksilver/QSApp.com issue 7).
func TestA406ToCurlsDefaultAgentRefusesTheClient(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		{"Overpass, bare 406", exchange(post("https://overpass-api.example/api/interpreter", "data=[out:json];node(1);out;", "Content-Type: application/x-www-form-urlencoded"), resp(406, ""))},
		{"QSApp, Not Permitted", exchange(get("http://qsapp.example/download.php"),
			resp(406, "Not Permitted", "Server: cloudflare-nginx", "Content-Type: text/html; charset=iso-8859-1", "CF-RAY: bceeae89e4203e8"))},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != UserAgentRequired {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, UserAgentRequired, reportText(rep))
			}
			if !rep.Guess {
				t.Errorf("a 406 read from the request's shape must stay a guess")
			}
		})
	}
	// A 406 whose words name the Content-Type is about the type (the
	// Elasticsearch case of the corpus).
	rep := Run(exchange(post("http://es.example:9200/_search", "{}", "Content-Type: application/octet-stream"),
		resp(406, `{"error":"Content-Type header [application/octet-stream] is not supported","status":406}`, "Content-Type: application/json")))
	if contains(rep.Likely, UserAgentRequired) {
		t.Errorf("likely %v: a 406 naming the Content-Type is not the client refused\n%s", rep.Likely, reportText(rep))
	}
}
