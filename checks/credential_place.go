package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/why403/why403/probe"
)

// A credential may travel where no check looks for it: a header named by
// the vendor (Blockfrost's project_id) or by the site's own gateway. When
// the server's words refuse a credential and the request carries none
// that why403 recognises, a header holding a value shaped like a key is
// where it most likely went: the words decide first (the credential was
// read and refused, a guess), and the evidence names the header without
// its value.

// keyShaped reports a value shaped like a key (probe.KeyShaped), or a
// stand-in for a hidden one (<redacted>), which says a secret was there.
func keyShaped(v string) bool {
	return probe.KeyShaped(v) || hiddenStandIn(strings.TrimSpace(v))
}

// hiddenStandIn reports a stand-in that says a secret was hidden
// (<redacted>, [hidden], <your-api-key>, ****), not one that names an
// identifier (<project-id>).
func hiddenStandIn(v string) bool {
	if !isPlaceholder(v) && strings.Trim(v, "*•x") != "" || isUnsetValue(v) || v == "" {
		return false
	}
	l := strings.ToLower(v)
	if strings.Trim(l, "*•x") == "" {
		return true
	}
	for _, w := range []string{"redact", "hidden", "secret", "key", "token"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// unknownPlace is a header that may carry a credential no check reads as
// one, with its evidence line (never the value).
type unknownPlace struct {
	Header probe.Header
	Line   string
}

// noteUnknownPlace remembers a header no check reads as a credential
// whose value is shaped like one.
func (r *requestFacts) noteUnknownPlace(h probe.Header) {
	// The names and values probe's redactor masks (probe.IsUnnamedKeyHeader),
	// and the stand-ins of a recording that hid one.
	if !probe.MayCarryUnnamedKey(h.Name) || !keyShaped(h.Value) {
		return
	}
	// Masked wherever the server echoes it, as a known credential is.
	r.addSecret(h.Value)
	what := fmt.Sprintf("a %d-character value shaped like a key; not shown", len(strings.TrimSpace(h.Value)))
	if hiddenStandIn(strings.TrimSpace(h.Value)) {
		what = "a value the recording hid, as secrets are"
	}
	r.unknownPlaces = append(r.unknownPlaces, unknownPlace{h, fmt.Sprintf("header %s (%s)", h.Name, what)})
}

// unknownPlaceLines are the unknown places as evidence, after a line that
// says what they are.
func (r *requestFacts) unknownPlaceLines() []string {
	if len(r.unknownPlaces) == 0 {
		return nil
	}
	out := []string{"why403 recognises no credential in the request, which may have carried it in a place it does not know:"}
	for _, p := range r.unknownPlaces {
		out = append(out, p.Line)
	}
	return out
}

// refusedInUnknownPlace reports the server's words refusing a credential
// (invalid, expired) before any word of its absence, to a request that
// carried none where why403 looks but holds a key-shaped value elsewhere.
func refusedInUnknownPlace(f *facts) (lexHit, bool) {
	r := &f.req
	if len(r.unknownPlaces) == 0 || r.hasCredential() || !f.refused() || f.status >= 500 {
		return lexHit{}, false
	}
	return refusalBeforeAbsence(f)
}

// unknownHeaderNamed counts as the credential sent a key-shaped header no
// check knows when the server's words name that very header beside a
// refusal ("Chave in the request, identified by HEADER chave-parceiro, is
// invalid"): the server read its credential there and refused it, as
// keyFieldNamed does for a body field.
func (f *facts) unknownHeaderNamed() {
	r := &f.req
	if r.hasCredential() || len(r.unknownPlaces) == 0 || !f.refused() || f.spoken == nil {
		return
	}
	words := f.spoken.words
	for _, p := range r.unknownPlaces {
		name := strings.Fields(nameWords(p.Header.Name))
		if len(strings.Join(name, "")) < 4 {
			continue
		}
		for i := 0; i+len(name) <= len(words); i++ {
			if !slices.Equal(words[i:i+len(name)], name) || !refusedNear(words, i, len(name)) {
				continue
			}
			r.Creds = append(r.Creds, credential{Kind: "header", Name: p.Header.Name,
				Line: p.Header.Name + ": " + probe.MaskSecret(strings.TrimSpace(p.Header.Value)) + " (the server's words name it)"})
			return
		}
	}
}

// refusedNear reports a refusal word (invalid, wrong, unknown) within
// lexWindow words of words[i:i+n].
func refusedNear(words []string, i, n int) bool {
	for j := max(0, i-lexWindow); j < min(len(words), i+n+lexWindow); j++ {
		for _, e := range refusedWords {
			if matchAt(words, j, strings.Fields(e)) > 0 {
				return true
			}
		}
	}
	return false
}

// placeVerbs instruct where a credential goes ("carry the key in",
// "provide your API key in an Authorization header").
var placeVerbs = []string{"carry", "put", "send", "include", "pass", "provide", "place", "set", "supply"}

// placeNamedUnsent is the header the server's words say it reads the
// credential from ("Please carry the API secret key in the
// 'Authorization' field of the request header"), when the request sent
// its credential only in other headers and not in that one: the key is
// not where the server looks. It returns the header and the words.
func placeNamedUnsent(f *facts) (name, words string, ok bool) {
	r := &f.req
	if !f.refused() || f.status >= 500 || f.spoken == nil || len(r.Creds) == 0 {
		return "", "", false
	}
	for _, c := range r.Creds {
		if c.Kind != "header" || strings.EqualFold(c.Name, "Authorization") {
			return "", "", false
		}
	}
	text := f.spoken.text
	lower := strings.ToLower(text)
	for _, name := range append([]string{"Authorization"}, headerName().FindAllString(text, 32)...) {
		if !strings.EqualFold(name, "Authorization") && !probe.IsOriginCredential(name) {
			continue
		}
		i := strings.Index(lower, strings.ToLower(name))
		if i < 0 {
			continue
		}
		sent := false
		for _, c := range r.Creds {
			sent = sent || strings.EqualFold(c.Name, name)
		}
		before := lower[max(0, i-60):i]
		near := lower[max(0, i-60):min(len(lower), i+len(name)+40)]
		if sent || !strings.Contains(near, "header") || !strings.Contains(before, " in ") {
			continue
		}
		for _, v := range placeVerbs {
			if strings.Contains(before, v+" ") {
				return name, text[max(0, i-60):min(len(text), i+len(name)+40)], true
			}
		}
	}
	return "", "", false
}
