package reqdiff

import (
	"reflect"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

func req(method, url string, body string, hs ...string) probe.Request {
	r := probe.Request{Method: method, URL: url}
	for i := 0; i+1 < len(hs); i += 2 {
		r.Headers = append(r.Headers, probe.Header{Name: hs[i], Value: hs[i+1]})
	}
	if body != "" {
		r.Body = []byte(body)
	}
	return r
}

func curlLike() probe.Request {
	return req("GET", "https://api.example.com/v1/items?page=2&lang=en", "",
		"User-Agent", "curl/8.5.0", "Accept", "*/*", "X-App-Version", "4.2", "Authorization", "Bearer abcdefghijkl1234")
}

func dartLike() probe.Request {
	return req("GET", "https://api.example.com/v1/items?lang=en&page=3", "",
		"user-agent", "Dart/3.5 (dart:io)", "authorization", "Bearer abcdefghijkl9999", "accept-encoding", "gzip", "X-Forwarded-For", "10.0.0.1")
}

func TestCompareGroupsAndUnits(t *testing.T) {
	d := Compare(Side{Request: curlLike()}, Side{Request: dartLike()}, Options{})
	got := map[string]Item{}
	for _, it := range d.Items {
		got[it.Group+"/"+it.Name] = it
	}
	for _, want := range []string{"url/query page", "headers/User-Agent", "headers/Accept", "headers/X-App-Version",
		"credentials/Authorization", "headers/accept-encoding", "headers/X-Forwarded-For", "headers/name case"} {
		if _, ok := got[want]; !ok {
			t.Errorf("no difference %s in %+v", want, d.Items)
		}
	}
	if it := got["headers/X-App-Version"]; it.Kind != OnlyA {
		t.Errorf("X-App-Version: %+v", it)
	}
	if it := got["credentials/Authorization"]; strings.Contains(it.A, "abcdefgh") || strings.Contains(it.B, "abcdefgh") {
		t.Errorf("credential shown unmasked: %+v", it)
	}
	if it := got["headers/X-Forwarded-For"]; !d.Units[it.Unit].Bypass {
		t.Errorf("X-Forwarded-For not marked bypass")
	}
	if ua := got["headers/User-Agent"]; d.Units[ua.Unit].Said != "User-Agent (Dart/3.5 (dart:io) → curl/8.5.0)" {
		t.Errorf("said %q", d.Units[ua.Unit].Said)
	}
}

// No unit applied is B; every unit applied is A (headers, query, body).
func TestApplyEnds(t *testing.T) {
	a := curlLike()
	a.Method = "POST"
	a.Body = []byte(`{"name":"x","n":1,"tags":["a"]}`)
	b := dartLike()
	b.Method = "POST"
	b.Body = []byte(`{"n":2,"name":"x","extra":true}`)
	d := Compare(Side{Request: a}, Side{Request: b}, Options{})
	if got := d.Apply(nil); !reflect.DeepEqual(got, d.B()) {
		t.Fatalf("nothing applied:\n%+v\nwant B\n%+v", got, d.B())
	}
	var all []int
	for i := range d.Units {
		all = append(all, i)
	}
	got := d.Apply(all)
	if !reflect.DeepEqual(got.Headers, d.A().Headers) {
		t.Errorf("headers\n%v\nwant\n%v", got.Headers, d.A().Headers)
	}
	if got.URL != "https://api.example.com/v1/items?lang=en&page=2" {
		t.Errorf("url %s", got.URL)
	}
	if string(got.Body) != `{"n":1,"name":"x","tags":["a"]}` {
		t.Errorf("body %s", got.Body)
	}
	if again := Compare(Side{Request: a}, Side{Request: got}, Options{}); len(again.Items) != 1 || again.Items[0].Name != "order" && again.Items[0].Group != GroupBody {
		// only the order of the JSON members may remain
		for _, it := range again.Items {
			if it.Group != GroupBody {
				t.Errorf("left after applying everything: %+v", it)
			}
		}
	}
}

func TestOrderIsOneUnit(t *testing.T) {
	a := req("GET", "http://h/", "", "Accept", "*/*", "User-Agent", "x", "X-A", "1")
	b := req("GET", "http://h/", "", "X-A", "1", "User-Agent", "x", "Accept", "*/*")
	d := Compare(Side{Request: a}, Side{Request: b}, Options{})
	if len(d.Items) != 1 || d.Items[0].Kind != Order || d.Items[0].A != "Accept, User-Agent, X-A" {
		t.Fatalf("%+v", d.Items)
	}
	if got := d.Apply([]int{0}); !reflect.DeepEqual(got.Headers, a.Headers) {
		t.Fatalf("order applied: %v", got.Headers)
	}
}

func TestJWTClaimsAndEnvironment(t *testing.T) {
	// unsigned test tokens: {"iss":"https://auth.staging.example.com","aud":"api","scope":"read"}
	// and {"iss":"https://auth.prod.example.com","aud":"api","scope":"read write"}
	tokA := jwt(`{"alg":"none"}`, `{"iss":"https://auth.staging.example.com","aud":"api","scope":"read","exp":1700000000}`)
	tokB := jwt(`{"alg":"none"}`, `{"iss":"https://auth.prod.example.com","aud":"api","scope":"read write","exp":1800000000}`)
	a := req("GET", "https://api.example.com/", "", "Authorization", "Bearer "+tokA)
	b := req("GET", "https://api.example.com/", "", "Authorization", "Bearer "+tokB)
	d := Compare(Side{Request: a}, Side{Request: b}, Options{})
	names := map[string]Item{}
	for _, it := range d.Items {
		names[it.Name] = it
	}
	for _, n := range []string{"token iss", "token scope", "token exp"} {
		if _, ok := names[n]; !ok {
			t.Errorf("no %s in %+v", n, d.Items)
		}
	}
	if _, ok := names["token aud"]; ok {
		t.Errorf("aud is the same, yet reported")
	}
	if !strings.Contains(names["token iss"].Note, "staging") {
		t.Errorf("no environment hint: %+v", names["token iss"])
	}
	if strings.Contains(names["Authorization"].A, tokA[:20]) {
		t.Errorf("token shown: %q", names["Authorization"].A)
	}
}

// Nested objects are compared member by member, each named by its path,
// and undone by their top-level member's unit; a secret nested member is
// masked.
func TestNestedJSON(t *testing.T) {
	a := req("POST", "http://h/", `{"user":{"id":1,"auth":{"password":"hunter2"},"tags":["a"]},"n":1}`)
	b := req("POST", "http://h/", `{"user":{"id":2,"auth":{"password":"hunter3"}},"n":1}`)
	d := Compare(Side{Request: a}, Side{Request: b}, Options{})
	var names []string
	for _, it := range d.Items {
		names = append(names, it.Name)
		if strings.Contains(it.A+it.B, "hunter") {
			t.Errorf("secret shown: %+v", it)
		}
		if it.Unit != 0 {
			t.Errorf("%s undone by unit %d, want the user member's 0", it.Name, it.Unit)
		}
	}
	want := []string{"json user.id", "json user.auth.password", "json user.tags"}
	if !reflect.DeepEqual(names, want) || len(d.Units) != 1 {
		t.Fatalf("items %v units %+v", names, d.Units)
	}
	if got := d.Apply([]int{0}); string(got.Body) != `{"user":{"id":1,"auth":{"password":"hunter2"},"tags":["a"]},"n":1}` {
		t.Fatalf("applied: %s", got.Body)
	}
}

// Values that differ but look alike masked get a note naming what shows
// them, as the caller words it (the CLI's flag, the app's key); without a
// hint the note names none.
func TestAlikeMaskedNoteNamesTheCallersHint(t *testing.T) {
	a := req("GET", "https://api.example.com/", "", "Authorization", "Bearer aaaaaaaaaaaa1234")
	b := req("GET", "https://api.example.com/", "", "Authorization", "Bearer bbbbbbbbbbbb1234")
	for _, c := range []struct{ hint, want string }{
		{"--reveal", "the values differ but look alike masked (--reveal shows them)"},
		{"ctrl+r", "the values differ but look alike masked (ctrl+r shows them)"},
		{"", "the values differ but look alike masked"},
	} {
		d := Compare(Side{Request: a}, Side{Request: b}, Options{RevealHint: c.hint})
		if len(d.Items) != 1 || d.Items[0].Note != c.want {
			t.Errorf("hint %q: items %+v, want one with the note %q", c.hint, d.Items, c.want)
		}
	}
}
