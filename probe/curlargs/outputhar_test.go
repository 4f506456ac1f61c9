package curlargs

import (
	"strings"
	"testing"
)

// --output-har takes a file name, in either spelling, and only that.
func TestOutputHAROption(t *testing.T) {
	const u = "http://127.0.0.1:1/x"
	for _, tc := range []struct {
		name    string
		args    []string
		want    string
		wantErr string
	}{
		{"separate value", []string{"--output-har", "out.har", u}, "out.har", ""},
		{"= value", []string{"--output-har=dir/out.har", u}, "dir/out.har", ""},
		{"not given", []string{u}, "", ""},
		{"empty", []string{"--output-har=", u}, "", "--output-har needs a file name"},
		{"missing", []string{u, "--output-har"}, "", "needs a value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.args)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Options.OutputHAR != tc.want {
				t.Errorf("OutputHAR = %q, want %q", p.Options.OutputHAR, tc.want)
			}
		})
	}
	if !strings.Contains(Usage(), "--output-har FILE") {
		t.Error("--help does not list --output-har")
	}
}
