package store

import (
	"strings"
	"testing"
)

// The name rules as the regular expressions they replace had them.
func TestNameRules(t *testing.T) {
	for name, want := range map[string]bool{
		"orders": true, "a.b_c-d": true, "A9": true, strings.Repeat("x", 64): true,
		"": false, strings.Repeat("x", 65): false, "a b": false, "a/b": false, "é": false, "a\x1b": false,
	} {
		if got := validName(name); got != want {
			t.Errorf("validName(%q) = %v", name, got)
		}
	}
	for name, want := range map[string]bool{"TOKEN": true, "_t1": true, "lab_token": true, "": false, "1A": false, "A-B": false, "A B": false} {
		if got := envName(name); got != want {
			t.Errorf("envName(%q) = %v", name, got)
		}
	}
}
