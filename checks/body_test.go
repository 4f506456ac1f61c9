package checks

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestBodyFacts(t *testing.T) {
	b := newBodyFacts([]byte(cloudflarePage("1020", "Access denied | example.com used Cloudflare to restrict access", "Access denied")), 0, false, nil)
	if b.title != "Access denied | example.com used Cloudflare to restrict access" || !b.isHTML || b.cfCode != 1020 {
		t.Errorf("title %q html %v code %d", b.title, b.isHTML, b.cfCode)
	}
	if b := newBodyFacts([]byte("error code: 1015"), 0, false, nil); b.cfCode != 1015 {
		t.Errorf("plain-text code %d", b.cfCode)
	}
	if b := newBodyFacts([]byte(`{"success":false,"error_code":1009,"error_name":"country_banned","retryable":false}`), 0, false, nil); b.cfCode != 1009 || b.json.CFName != "country_banned" {
		t.Errorf("JSON code %d %q", b.cfCode, b.json.CFName)
	}
	if b := newBodyFacts([]byte("error code: 99999"), 0, false, nil); b.cfCode != 0 {
		t.Errorf("five digits read as a code: %d", b.cfCode)
	}

	g := newBodyFacts([]byte(`{"error":{"code":403,"message":"Request had insufficient authentication scopes.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}],"errors":[{"reason":"insufficientPermissions"}]}}`), 0, false, nil)
	if g.json == nil || g.json.ErrCode != "403" || g.json.ErrStatus != "PERMISSION_DENIED" || !g.json.hasReason("access_token_scope_insufficient") || !g.json.hasReason("insufficientPermissions") {
		t.Errorf("Google: %+v", g.json)
	}
	k := newBodyFacts([]byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","message":"m","reason":"Forbidden","code":403}`), 0, false, nil)
	if !k.json.isKubernetesStatus() || k.json.Status != "Failure" || k.json.Code != "403" {
		t.Errorf("Kubernetes: %+v", k.json)
	}
	e := newBodyFacts([]byte(`{"error":"invalid_grant","error_description":"Token is expired"}`), 0, false, nil)
	if e.json.ErrorString != "invalid_grant" || e.json.summary() != "Token is expired" {
		t.Errorf("OAuth: %+v", e.json)
	}
	aws := newBodyFacts([]byte(`{"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."}`), 0, false, nil)
	if aws.json.AWSType != "UnrecognizedClientException" {
		t.Errorf("AWS __type: %q", aws.json.AWSType)
	}
	x := newBodyFacts([]byte(`<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>20250314T150000Z</RequestTime><ServerTime>2025-03-14T16:05:14Z</ServerTime></Error>`), 0, false, nil)
	if x.xml == nil || x.xml.Code != "RequestTimeTooSkewed" || x.xml.ServerTime != "2025-03-14T16:05:14Z" {
		t.Errorf("S3 XML: %+v", x.xml)
	}
	w := newBodyFacts([]byte(`<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>m</Message></Error></ErrorResponse>`), 0, false, nil)
	if w.xml == nil || w.xml.Code != "ExpiredToken" {
		t.Errorf("wrapped XML: %+v", w.xml)
	}
	// A cut JSON body is not parsed, and says it was cut.
	big := newBodyFacts([]byte(`{"a":"`+strings.Repeat("x", bodyWindow)+`"}`), 0, false, nil)
	if big.json != nil || !big.truncated || len(big.raw) != bodyWindow {
		t.Errorf("big body: json %v truncated %v len %d", big.json != nil, big.truncated, len(big.raw))
	}
}

func TestExcerpt(t *testing.T) {
	b := newBodyFacts([]byte(apache403), 0, false, nil)
	_, ex, ok := b.find([]string{"you don't have permission"})
	if !ok || strings.Contains(ex, "<") || !strings.Contains(ex, "You don't have permission to access this resource.") {
		t.Errorf("excerpt %q", ex)
	}
	long := newBodyFacts([]byte(strings.Repeat("word ", 200)+"rate limit exceeded"+strings.Repeat(" word", 200)), 0, false, nil)
	_, ex, _ = long.find(rateNamed)
	if n := len([]rune(ex)); n > maxExcerpt || !strings.Contains(ex, "rate limit exceeded") {
		t.Errorf("excerpt of %d runes: %q", n, ex)
	}
}

func TestLowerASCII(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 300; n++ {
		p := make([]byte, r.IntN(40))
		for i := range p {
			p[i] = byte(r.IntN(256))
		}
		want := make([]byte, len(p))
		for i, c := range p {
			if 'A' <= c && c <= 'Z' {
				c += 32
			}
			want[i] = c
		}
		if got := lowerASCII(p); got != string(want) {
			t.Fatalf("lowerASCII(%q) = %q, want %q", p, got, want)
		}
	}
}

// The phrase index must agree with strings.Index on the folded text on
// every phrase, in the scan and in the search for a phrase it does not
// hold, though it reads the text unfolded.
func TestPhraseIndexAgreesWithIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := bodyPhrases()
	for n := 0; n < 50; n++ {
		var b strings.Builder
		for b.Len() < 4000 {
			if r.IntN(4) == 0 {
				// A phrase as a text may spell it: its spaces as
				// separators ("not-enrolled", "insufficient_quota").
				p := []byte(x.phrases[r.IntN(len(x.phrases))])
				for i, c := range p {
					if c == ' ' {
						p[i] = separators[r.IntN(len(separators))]
					}
				}
				b.Write(p)
			} else {
				b.WriteString([]string{" ", "the ", "re", "qu", "<", "access ", "in", "-", "_", "\n", "\r\n", "\t"}[r.IntN(12)])
			}
		}
		text := b.String()
		folded := foldSeparators(text)
		pos := x.scan(text)
		for i, p := range x.phrases {
			want := strings.Index(folded, p)
			if int(pos[i]) != want {
				t.Fatalf("%q: scan %d, strings.Index %d", p, pos[i], want)
			}
			if got := indexFolded(text, p); got != want {
				t.Fatalf("%q: indexFolded %d, strings.Index %d", p, got, want)
			}
		}
	}
}

func TestNormalizeAttack(t *testing.T) {
	got := normalizeAttack([]byte("1 UNION/**/SELECT\n\tpassword  FROM users"))
	if got != "1 union select password from users" {
		t.Errorf("%q", got)
	}
	if hit, ok := findAttack("URL", got); !ok || hit.Pattern != "union select" {
		t.Errorf("found %+v %v", hit, ok)
	}
}

// A phrase the index does not hold is searched for by its longest word:
// the match found is still the first, wherever that word is.
func TestIndexFoldedFirstMatch(t *testing.T) {
	for _, c := range []struct {
		text, p string
		want    int
	}{
		{"quis is-not authorized to perform: x", "is not authorized to perform:", 5},
		{"this is not_authorized\tto perform: is not authorized to perform:", "is not authorized to perform:", 5},
		{"a-b a b", "a b", 0},
		{"ab -x", " x", 3},
		{"x\r\n\ty", "x   y", 0},
		{"no such", "not such", -1},
		{"ok", "  ", -1},
	} {
		if got := indexFolded(c.text, c.p); got != c.want {
			t.Errorf("indexFolded(%q, %q) = %d, want %d", c.text, c.p, got, c.want)
		}
		if want := strings.Index(foldSeparators(c.text), c.p); want != c.want {
			t.Errorf("case %q %q: strings.Index on the folded text is %d", c.text, c.p, want)
		}
	}
}

// A short request text is searched pattern by pattern, a long one with the
// index: both find every attack pattern where strings.Index does.
func TestScanAttacksAgreesWithIndex(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, size := range []int{40, shortAttackText - 200, 3 * shortAttackText} {
		for n := 0; n < 20; n++ {
			var b strings.Builder
			for b.Len() < size {
				if r.IntN(8) == 0 {
					b.WriteString(attackPatterns[r.IntN(len(attackPatterns))].Text)
				} else {
					b.WriteString([]string{" ", "id=", "select", "<", "script ", "un", "../"}[r.IntN(7)])
				}
			}
			text := b.String()
			hits := scanAttacks(text)
			for _, p := range attackPatterns {
				if got, want := hits.index(p.Text), strings.Index(text, p.Text); got != want {
					t.Fatalf("%d bytes, %q: found at %d, strings.Index %d", len(text), p.Text, got, want)
				}
			}
		}
	}
}

// Every phrase the index holds is looked up by any spelling of its
// separators, and once only: repeats in the lists are one phrase.
func TestPhraseIndexLookup(t *testing.T) {
	x := bodyPhrases()
	seen := map[string]bool{}
	for n, p := range x.phrases {
		if seen[p] {
			t.Fatalf("%q held twice", p)
		}
		seen[p] = true
		if got := x.lookup(p); got != n {
			t.Fatalf("lookup(%q) = %d, want %d", p, got, n)
		}
		if got := x.lookup(strings.ReplaceAll(p, " ", "_")); got != n {
			t.Fatalf("lookup(%q with underscores) = %d, want %d", p, got, n)
		}
	}
	if got := x.lookup("no phrase of any list"); got != -1 {
		t.Errorf("lookup of a phrase not held = %d", got)
	}
	y := newPhraseIndex([]string{"abc", "abd", "abc"}, []string{"ab-c", "abd"})
	if len(y.phrases) != 3 || y.lookup("abc") != 0 || y.lookup("abd") != 1 || y.lookup("ab-c") != 2 || y.lookup("ab c") != -1 {
		t.Errorf("unfolded index: phrases %q, lookups %d %d %d %d", y.phrases, y.lookup("abc"), y.lookup("abd"), y.lookup("ab-c"), y.lookup("ab c"))
	}
}
