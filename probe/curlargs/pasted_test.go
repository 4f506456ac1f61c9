package curlargs

import (
	"errors"
	"reflect"
	"testing"
)

// TestPastedFilesAreNamedNotRead: every option that reads a local file
// names it when its word was pasted; the paths do not exist, so a read
// would fail with "cannot read" instead.
func TestPastedFilesAreNamedNotRead(t *testing.T) {
	args := []string{"-H", "@/no/h", "-d", "@/no/d", "--data-urlencode", "n@/no/u", "-b", "/no/c",
		"--token-file", "/no/t", "--cert", "/no/cert", "--key", "/no/key", "--cacert", "/no/ca", "http://127.0.0.1:1/"}
	_, err := ParseEnv(args, Env{Pasted: Span{From: 0, To: len(args)}})
	var fe *FilesError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a *FilesError", err)
	}
	want := []NamedFile{{"/no/h", "-H @"}, {"/no/t", "--token-file"}, {"/no/cert", "--cert"}, {"/no/key", "--key"},
		{"/no/ca", "--cacert"}, {"/no/d", "-d @"}, {"/no/u", "--data-urlencode @"}, {"/no/c", "-b"}}
	if !reflect.DeepEqual(fe.Files, want) {
		t.Errorf("named %v\nwant %v", fe.Files, want)
	}

	form := []string{"curl", "-F", "a=@/no/f", "-F", "b=</no/g;headers=@/no/fh", "http://127.0.0.1:1/"}
	_, err = ParseEnv(form, Env{Pasted: Span{From: 0, To: len(form)}})
	if !errors.As(err, &fe) || !reflect.DeepEqual(fe.Files, []NamedFile{{"/no/f", "-F @"}, {"/no/fh", "-F headers=@"}, {"/no/g", "-F <"}}) {
		t.Errorf("-F: %v", err)
	}

	// Only the pasted words: a typed -H @FILE is read as curl reads it.
	_, err = ParseEnv([]string{"-H", "@/no/typed", "-d", "@/no/pasted", "http://127.0.0.1:1/"}, Env{Pasted: Span{From: 2, To: 4}})
	var ue *UsageError
	if !errors.As(err, &ue) || errors.As(err, &fe) {
		t.Errorf("typed -H @FILE: %v, want the read's error", err)
	}
	// A usage error in the options comes first.
	_, err = ParseEnv([]string{"-H", "@/no/h", "--bogus", "http://127.0.0.1:1/"}, Env{Pasted: Span{From: 0, To: 4}})
	if errors.As(err, &fe) || err == nil {
		t.Errorf("unknown option after a file: %v, want the usage error", err)
	}
}
