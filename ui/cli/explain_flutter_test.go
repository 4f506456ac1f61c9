package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// A HAR downloaded from Flutter DevTools' Network tab (its shape as
// flutter/devtools' har_builder.dart writes it: creator "devtools", every
// response marked http/2.0, null postData for a GET, lowercase header
// names as dart:io sends them) is explained with the fixes in Dart: the
// bot page's refusal of Dart's User-Agent, and package:http's text/plain
// label on a JSON String body.
func TestExplainFlutterDevToolsHAR(t *testing.T) {
	code, out, errOut := run(t, "explain", "--json", explainFile("flutter-devtools.har"))
	if code != ExitRefused || errOut != "" {
		t.Fatalf("exit %d, stderr %q; want 1 and nothing", code, errOut)
	}
	var all struct{ Entries []explainReport }
	if err := json.Unmarshal([]byte(out), &all); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := []struct {
		likely, fix string
	}{
		{"waf.block", "headers: {'User-Agent': 'myapp/1.2"},
		{"content.type", "body: jsonEncode(data)"},
	}
	if len(all.Entries) != len(want) {
		t.Fatalf("%d entries explained, want %d", len(all.Entries), len(want))
	}
	for i, w := range want {
		d := all.Entries[i]
		if len(d.Likely) == 0 || d.Likely[0] != w.likely {
			t.Errorf("entry %d: likely %v, want %s first", i+1, d.Likely, w.likely)
			continue
		}
		var fix string
		for _, c := range d.Checks {
			if c.ID == w.likely {
				fix = c.Fix
			}
		}
		if !strings.Contains(fix, w.fix) {
			t.Errorf("entry %d: fix %q, want it in Dart (%q)", i+1, fix, w.fix)
		}
		if d.Response == nil || d.Response.Proto != "HTTP/1.1" {
			t.Errorf("entry %d: response %+v, want HTTP/1.1 (dart:io speaks nothing else; DevTools writes http/2.0 for all)", i+1, d.Response)
		}
	}
}
