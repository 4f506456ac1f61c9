package app

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// tokenInput is what the Token tab is formatted from; the root keeps the
// last one and reformats only when it changes, never per frame.
type tokenInput struct {
	source string // "token field (Bearer)", "Authorization header"
	token  string
	// ref is the server's Date of the last response; zero: the local
	// clock at formatting time is used instead.
	ref    time.Time
	reveal bool
}

// tokenSource is the credential the Token tab decodes: the token field,
// else an enabled "Authorization: Bearer" header.
func (p *requestPane) tokenSource() (source, tok string) {
	if v := p.token.Value(); v != "" && !p.tokenOverridden() {
		return "token field (" + p.scheme.String() + ")", v
	}
	for _, h := range p.headers {
		if h.Off || !strings.EqualFold(h.Name, "Authorization") {
			continue
		}
		if s, rest, ok := strings.Cut(strings.TrimSpace(h.Value), " "); ok && strings.EqualFold(s, "Bearer") {
			return "Authorization header (Bearer)", strings.TrimSpace(rest)
		}
	}
	return "", ""
}

// serverDate is the Date header of a response, zero when absent or
// unreadable.
func serverDate(ex *probe.Exchange) time.Time {
	if ex == nil || ex.Response == nil {
		return time.Time{}
	}
	for _, h := range ex.Response.Headers {
		if strings.EqualFold(h.Name, "Date") {
			if t, err := http.ParseTime(strings.TrimSpace(h.Value)); err == nil {
				return t.UTC()
			}
		}
	}
	return time.Time{}
}

// tokenLines formats the Token tab. Every value taken from the token is
// escaped; the raw token is shown masked unless revealed. now is the local
// clock, used when in.ref is zero.
func tokenLines(in tokenInput, now time.Time) []string {
	if in.token == "" {
		return []string{"(no token: type or paste one in the token field, or add an Authorization: Bearer header)"}
	}
	// the last characters MaskSecret keeps are the token's: escaped too
	shown := escape.Line(probe.MaskSecret(in.token))
	if in.reveal {
		shown = escape.Line(in.token)
	}
	from := "Token: " + shown
	if in.source != "" {
		from = "From the " + escape.Line(in.source) + ": " + shown
	}
	n := len([]rune(in.token))
	if !checks.LooksLikeJWT(in.token) {
		return []string{from, fmt.Sprintf("Opaque token (not a JWT), %d chars, masked: nothing to decode.", n)}
	}
	tok, bad := checks.DecodeJWT(in.token)
	if bad != nil {
		return []string{from, escape.Line(bad.Title), escape.Line(bad.Fix)}
	}
	if tok.JWE {
		return []string{from, "Encrypted JWT (JWE, five segments): its claims cannot be read without the key."}
	}

	out := []string{from, fmt.Sprintf("JWT, %d chars · signature NOT verified", n)}
	ref, clock := in.ref, "the server's clock"
	if ref.IsZero() {
		ref, clock = now.UTC(), "the local clock"
		out = append(out, "Times vs local clock "+stamp(ref)+" (no server Date yet)")
	} else {
		out = append(out, "Times vs server Date "+stamp(ref))
	}
	// the claims first: at 80×24 the tab shows a few lines only
	out = append(out, "Claims")
	out = append(out, claimLines(tok.Claims, ref, clock)...)
	out = append(out, "Header")
	out = append(out, claimLines(tok.Header, ref, clock)...)
	return out
}

// claimLines lists a JSON object's members sorted by name, the time
// claims with their absolute UTC time and their distance from ref.
func claimLines(obj map[string]any, ref time.Time, clock string) []string {
	if len(obj) == 0 {
		return []string{"  (empty)"}
	}
	names := make([]string, 0, len(obj))
	width := 0
	for k := range obj {
		names = append(names, k)
		width = max(width, len(escape.Line(k)))
	}
	slices.Sort(names)
	width = min(width, 12)
	var out []string
	for _, k := range names {
		name := escape.Line(k)
		line := fmt.Sprintf("  %-*s  %s", width, name, claimValue(obj[k]))
		if k == "exp" || k == "nbf" || k == "iat" {
			if t, ok := checks.ClaimTime(obj[k]); ok {
				out = append(out, line+" = "+stamp(t))
				out = append(out, "    "+relative(k, t, ref, clock))
				continue
			}
		}
		out = append(out, line)
	}
	return out
}

// claimValue shows a decoded value: strings as their (escaped) text,
// everything else as compact JSON (escaped too: json.Marshal emits C1 and
// bidi characters raw).
func claimValue(v any) string {
	if s, ok := v.(string); ok {
		return escape.Line(s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return escape.Line(fmt.Sprint(v))
	}
	return escape.Line(string(b))
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// relative says how a time claim stands against ref: "expired 2h3m ago by
// the server's clock".
func relative(claim string, t, ref time.Time, clock string) string {
	d := t.Sub(ref)
	past := d < 0
	ago := checks.Human(-d) + " ago"
	in := "in " + checks.Human(d)
	var s string
	switch {
	case claim == "exp" && past:
		s = "expired " + ago
	case claim == "exp":
		s = "expires " + in
	case claim == "nbf" && past:
		s = "valid since " + ago
	case claim == "nbf":
		s = "NOT valid yet, becomes valid " + in
	case past:
		s = "issued " + ago
	default:
		s = "issued " + checks.Human(d) + " in the future"
	}
	return s + " by " + clock
}
