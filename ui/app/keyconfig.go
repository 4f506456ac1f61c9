package app

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/why403/why403/ui/escape"
)

// The keymap can be changed by a file in the config directory, keys.conf:
//
//	# action = key, key
//	send = f5, ctrl+s
//	import = alt+i
//
// Each line names an action and the keys it takes, which replace its
// defaults. A line that cannot be used is left out with one warning at
// start, naming it; the rest of the file applies. ctrl+c always quits.

// KeysFileName is the keymap file's name in the config directory.
const KeysFileName = "keys.conf"

// maxKeysFile caps the keymap file: a few dozen lines.
const maxKeysFile = 64 << 10

// keyAction is an action the keymap file may rebind.
type keyAction struct {
	name string
	b    *key.Binding
	// global: matched before a field sees the key, so a plain character
	// would never reach the field.
	global bool
}

func (k *keyMap) actions() []keyAction {
	return []keyAction{
		{"send", &k.Send, true}, {"cancel", &k.Cancel, true}, {"quit", &k.Quit, true},
		{"next", &k.Next, true}, {"prev", &k.Prev, true}, {"help", &k.Help, false},
		{"method", &k.Cycle, true}, {"reveal", &k.Reveal, true}, {"copy", &k.Copy, true},
		{"copy-report", &k.CopyReport, false}, {"scenarios", &k.Scenarios, true},
		{"edit-body", &k.EditBody, true}, {"experiments", &k.Experiments, true},
		{"import", &k.Import, true}, {"save-as", &k.SaveAs, true}, {"open-saved", &k.OpenSaved, true},
		{"options", &k.Options, true},
		{"up", &k.Up, false}, {"down", &k.Down, false}, {"toggle", &k.Toggle, false},
		{"add", &k.Add, false}, {"edit", &k.Edit, false}, {"delete", &k.Delete, false},
		{"details", &k.Details, false}, {"back", &k.Back, false},
		{"tab-left", &k.TabLeft, false}, {"tab-right", &k.TabRight, false},
		{"search", &k.Search, false}, {"next-match", &k.NextMatch, false}, {"prev-match", &k.PrevMatch, false},
		{"page-down", &k.PageDown, false}, {"page-up", &k.PageUp, false},
		{"restore", &k.Restore, false}, {"load-variant", &k.LoadVariant, false}, {"done", &k.EndEditing, false},
	}
}

// namedKeys are the key names Bubble Tea gives besides single characters.
var namedKeys = map[string]bool{
	"enter": true, "tab": true, "esc": true, "space": true, "backspace": true, "delete": true,
	"insert": true, "up": true, "down": true, "left": true, "right": true, "home": true,
	"end": true, "pgup": true, "pgdown": true,
}

// parseKey checks a key as the file names it ("ctrl+s", "alt+i", "f5",
// "N") and returns it as Bubble Tea spells it; plain is true for a key
// that types a character in a field.
func parseKey(s string) (k string, plain bool, err error) {
	rest := strings.TrimSpace(s)
	var mods []string
	for more := true; more; {
		more = false
		low := strings.ToLower(rest)
		for _, m := range []string{"ctrl+", "alt+", "shift+"} {
			if strings.HasPrefix(low, m) && len(rest) > len(m) && !slices.Contains(mods, m) {
				mods = append(mods, m)
				rest = rest[len(m):]
				more = true
				break
			}
		}
	}
	base := rest
	switch low := strings.ToLower(base); {
	case namedKeys[low]:
		base = low
	case len(low) >= 2 && low[0] == 'f' && isNumber(low[1:]) && len(low) <= 3:
		base = low
	case utf8.RuneCountInString(base) == 1 && base > " " && base != "\x7f":
	default:
		return "", false, fmt.Errorf("%q is not a key (ctrl+s, alt+i, f5, pgdown, ?)", strings.TrimSpace(s))
	}
	plain = len(mods) == 0 && (utf8.RuneCountInString(base) == 1 || base == "space")
	return strings.Join(mods, "") + base, plain, nil
}

func isNumber(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// applyKeyConfig rebinds the actions text names; it returns what it left
// out, one entry a line.
func applyKeyConfig(km *keyMap, text string) []string {
	acts := km.actions()
	byName := map[string]keyAction{}
	for _, a := range acts {
		byName[a.name] = a
	}
	var bad []string
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		no := i + 1
		name, list, ok := strings.Cut(line, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if !ok {
			bad = append(bad, fmt.Sprintf("line %d: want action = key, key", no))
			continue
		}
		a, known := byName[name]
		if !known {
			bad = append(bad, fmt.Sprintf("line %d: unknown action %q", no, name))
			continue
		}
		var keys []string
		var why string
		for _, w := range strings.Split(list, ",") {
			if strings.TrimSpace(w) == "" {
				continue
			}
			k, plain, err := parseKey(w)
			switch {
			case err != nil:
				why = err.Error()
			case plain && a.global:
				why = fmt.Sprintf("%s needs a key with ctrl or alt, or a function key: %q would be typed into fields", name, k)
			}
			if why != "" {
				break
			}
			keys = append(keys, k)
		}
		if why == "" && len(keys) == 0 {
			why = "no key for " + name
		}
		if why != "" {
			bad = append(bad, fmt.Sprintf("line %d: %s", no, why))
			continue
		}
		if a.name == "quit" && !slices.Contains(keys, "ctrl+c") {
			keys = append(keys, "ctrl+c") // never a way in without a way out
		}
		a.b.SetKeys(keys...)
		a.b.SetHelp(keyLabels(keys), a.b.Help().Desc)
	}
	return bad
}

// loadKeys is the default keymap with path's rebindings; warn is one line
// for the footer when the file could not be used whole ("" when it could,
// or when there is no file).
func loadKeys(path string) (km keyMap, warn string) {
	km = newKeyMap()
	if path == "" {
		return km, ""
	}
	text, err := readKeysFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return km, ""
	}
	if err != nil {
		return km, err.Error() + "; default keys kept"
	}
	if bad := applyKeyConfig(&km, text); len(bad) > 0 {
		return km, fmt.Sprintf("%s: %d line(s) left out, their defaults kept: %s", path, len(bad), strings.Join(bad, "; "))
	}
	return km, ""
}

// readKeysFile reads a regular file of at most maxKeysFile bytes. The
// type is checked before opening too: opening a FIFO waits for a writer,
// and the app would never start.
func readKeysFile(path string) (string, error) {
	if st, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("reading keys from %s: %w", path, err)
	} else if !st.Mode().IsRegular() {
		return "", fmt.Errorf("reading keys from %s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("reading keys from %s: %w", path, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return "", fmt.Errorf("reading keys from %s: not a regular file", path)
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeysFile+1))
	if err != nil {
		return "", fmt.Errorf("reading keys from %s: %w", path, err)
	}
	if len(b) > maxKeysFile {
		return "", fmt.Errorf("reading keys from %s: larger than %d KiB", path, maxKeysFile>>10)
	}
	if !utf8.Valid(b) {
		return "", fmt.Errorf("reading keys from %s: not UTF-8 text", path)
	}
	return string(b), nil
}

// keyLabel is a key as help shows it.
func keyLabel(k string) string {
	switch k {
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "left":
		return "←"
	case "right":
		return "→"
	case "pgdown":
		return "pgdn"
	}
	return k
}

// allKeys is b with both keys in its help when it has a ctrl key and its
// alt twin ("ctrl/alt+s"), for the ? view; rebound keys are all in their
// help already (keyLabels).
func allKeys(b key.Binding) key.Binding {
	ks := b.Keys()
	if len(ks) == 2 && strings.HasPrefix(ks[0], "ctrl+") && ks[1] == "alt+"+ks[0][len("ctrl+"):] {
		b.SetHelp(escape.Line("ctrl/alt+"+ks[0][len("ctrl+"):]), b.Help().Desc)
	}
	return b
}

// keyLabels is keys as help shows them ("f5/ctrl+s"), escaped: they came
// from a file, and a key may be any one character (alt+U+202E).
func keyLabels(keys []string) string {
	labels := make([]string, 0, len(keys))
	for _, k := range keys {
		if l := escape.Line(keyLabel(k)); !slices.Contains(labels, l) {
			labels = append(labels, l)
		}
	}
	return strings.Join(labels, "/")
}

// keysHint is the ? view's line on second keys and the keymap file.
func (m model) keysHint(width int) string {
	where := "keys.conf in the config directory"
	if m.keysFile != "" {
		where = m.keysFile
	}
	hint := "alt+key does what ctrl+key does, where a host takes ctrl+p or ctrl+e (VS Code, Docker) · rebind keys in " + where
	return m.styles.Dim.Render(ansi.Truncate(escape.Line(hint), width, "…"))
}
