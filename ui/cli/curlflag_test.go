package cli

import (
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestExpandCurlFlag(t *testing.T) {
	chrome := "curl 'https://api.example.com/v1/orders' \\\n  -H 'accept: application/json' \\\n  --data-raw $'{\"it\\'s\":1}'"
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"no --curl", []string{"-H", "X: 1", "https://h/"}, []string{"-H", "X: 1", "https://h/"}},
		{"alone", []string{"--curl", chrome},
			[]string{"https://api.example.com/v1/orders", "-H", "accept: application/json", "--data-raw", `{"it's":1}`}},
		{"with =", []string{"--curl=curl -sS 'https://h/a b'"}, []string{"-sS", "https://h/a b"}},
		{"between why403's own flags", []string{"--json", "--curl", "curl https://h/", "--no-experiments"},
			[]string{"--json", "https://h/", "--no-experiments"}},
		{"a prompt and curl.exe", []string{"--curl", "$ curl.exe -I https://h/"}, []string{"-I", "https://h/"}},
		{"after --, a URL", []string{"https://h/", "--", "--curl"}, []string{"https://h/", "--", "--curl"}},
		{"--curl-something is another flag", []string{"--curlx", "y"}, []string{"--curlx", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := expandCurlFlag(tt.args)
			if err != nil {
				t.Fatalf("expandCurlFlag(%q): %v", tt.args, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("expandCurlFlag(%q)\n got %q\nwant %q", tt.args, got, tt.want)
			}
			again, _, err := expandCurlFlag(got)
			if err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("a second expansion changed %q into %q, %v", got, again, err)
			}
		})
	}
}

func TestExpandCurlFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no value", []string{"--curl"}, "--curl needs a value"},
		{"twice", []string{"--curl", "curl https://a/", "--curl=curl https://b/"}, "--curl is given twice"},
		{"a variable", []string{"--curl", `curl -H "Authorization: Bearer $TOKEN" https://h/`}, "--curl: $TOKEN is a shell variable: why403 never expands it; paste the value, or use --token-env TOKEN"},
		{"not curl", []string{"--curl", "wget https://h/"}, "--curl: the command is wget, not curl"},
		{"empty", []string{"--curl="}, "--curl: nothing to read"},
		{"nested", []string{"--curl", "curl --curl 'curl https://h/'"}, "holds another --curl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := expandCurlFlag(tt.args)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("expandCurlFlag(%q) = %q, %v; want an error with %q", tt.args, got, err, tt.want)
			}
		})
	}
}

// TestCheckWithPastedCurl: why403 check --curl sends what the pasted
// command says, and a shell expansion in it sends nothing.
func TestCheckWithPastedCurl(t *testing.T) {
	var got []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Method+" "+r.Header.Get("X-Trace"))
		mu.Unlock()
		w.WriteHeader(http.StatusForbidden)
	}))
	defer srv.Close()

	code, out, stderr := run(t, "check", "--no-experiments", "--curl", "curl '"+srv.URL+"/v1/items' \\\n  -H 'X-Trace: abc' \\\n  -X DELETE")
	if code != ExitRefused || !strings.Contains(out, "DELETE") {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	code, _, stderr = run(t, "check", "--curl", "curl -H \"Authorization: Bearer $TOKEN\" "+srv.URL)
	if code != ExitUsage || !strings.Contains(stderr, "TOKEN") {
		t.Fatalf("an expansion: exit %d, %s", code, stderr)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0] != "DELETE abc" {
		t.Errorf("the server saw %q, want one DELETE with X-Trace: abc", got)
	}
}
