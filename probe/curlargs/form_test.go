package curlargs

import (
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
)

type part struct {
	name, fileName, contentType, body, extra string
}

// readForm parses a multipart body the way a server would.
func readForm(t *testing.T, contentType string, body []byte) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		t.Fatalf("Content-Type %q: %v", contentType, err)
	}
	r := multipart.NewReader(strings.NewReader(string(body)), params["boundary"])
	var out []part
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("reading the form back: %v", err)
		}
		data, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, part{p.FormName(), p.FileName(), p.Header.Get("Content-Type"), string(data), p.Header.Get("X-Submit")})
	}
}

func TestParseForm(t *testing.T) {
	writeFiles(t, map[string]string{
		"story.txt": "once upon\r\na time\n",
		"photo.png": "\x89PNG\r\n\x1a\n\x00\x00",
		"data.bin":  "\x00\x01\x02",
		"a,b.txt":   "comma",
	})
	got, err := Parse([]string{
		"-F", "name=John",
		"-F", "story=<story.txt",
		"-F", "photo=@photo.png",
		"-F", "doc=@data.bin;type=application/x-thing;filename=renamed.dat",
		"-F", `quoted="a;b";type=text/x-myapp`,
		"-F", "csv=1,2;type=text/csv;charset=utf-8",
		"-F", `h=v;headers="X-Submit: OK"`,
		"-F", `c=@"a,b.txt"`,
		"--form-string", "lit=@not-a-file;type=x",
		"-F", "empty=",
		u,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := got.Request
	if r.Method != "POST" {
		t.Errorf("Method = %s, want POST", r.Method)
	}
	ct, _ := r.Header("Content-Type")
	want := []part{
		{"name", "", "", "John", ""},
		{"story", "", "", "once upon\r\na time\n", ""},
		{"photo", "photo.png", "image/png", "\x89PNG\r\n\x1a\n\x00\x00", ""},
		{"doc", "renamed.dat", "application/x-thing", "\x00\x01\x02", ""},
		{"quoted", "", "text/x-myapp", "a;b", ""},
		{"csv", "", "text/csv;charset=utf-8", "1,2", ""},
		{"h", "", "", "v", "OK"},
		{"c", "a,b.txt", "text/plain", "comma", ""},
		{"lit", "", "", "@not-a-file;type=x", ""},
		{"empty", "", "", "", ""},
	}
	parts := readForm(t, ct, r.Body)
	if len(parts) != len(want) {
		t.Fatalf("got %d parts %q, want %d", len(parts), parts, len(want))
	}
	for i := range want {
		if parts[i] != want[i] {
			t.Errorf("part %d = %+v, want %+v", i, parts[i], want[i])
		}
	}
	if len(got.Warnings) != 0 {
		t.Errorf("Warnings = %q", got.Warnings)
	}
}

func TestParseFormDetails(t *testing.T) {
	writeFiles(t, map[string]string{"f.bin": "x"})

	// Unknown parameters are dropped with a warning, as curl drops them.
	got, err := Parse([]string{"-F", "a=x;y", "-F", "b=x;y=z", u})
	if err != nil {
		t.Fatal(err)
	}
	ct, _ := got.Request.Header("Content-Type")
	parts := readForm(t, ct, got.Request.Body)
	if parts[0].body != "x" || parts[1].body != "x" {
		t.Errorf("values = %q, %q; want x, x", parts[0].body, parts[1].body)
	}
	if len(got.Warnings) != 2 || !strings.Contains(got.Warnings[0], `-F "a=x;y": ignoring "y"`) ||
		!strings.Contains(got.Warnings[1], `ignoring "y=z"`) {
		t.Errorf("Warnings = %q", got.Warnings)
	}

	// A multipart Content-Type given with -H gets the boundary in use.
	got, err = Parse([]string{"-F", "f=@f.bin", "-H", "Content-Type: multipart/mixed", u})
	if err != nil {
		t.Fatal(err)
	}
	ct, _ = got.Request.Header("Content-Type")
	if !strings.HasPrefix(ct, "multipart/mixed; boundary=") {
		t.Fatalf("Content-Type = %q", ct)
	}
	_, params, _ := mime.ParseMediaType(ct)
	mr := multipart.NewReader(strings.NewReader(string(got.Request.Body)), params["boundary"])
	if p, err := mr.NextPart(); err != nil || p.FileName() != "f.bin" {
		t.Errorf("reading with the -H boundary: %v", err)
	}

	// A line break in a field name would let the user inject part headers.
	if _, err := Parse([]string{"-F", "a\r\nX: y=1", u}); err == nil {
		t.Error("CRLF in a field name was accepted")
	}
}
