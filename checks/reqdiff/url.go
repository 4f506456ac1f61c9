package reqdiff

import (
	"net/url"
	"slices"
	"strings"

	"github.com/why403/why403/probe"
)

// pair is one query parameter as written ("q=a%20b"), with its decoded
// name for comparing.
type pair struct {
	name, raw string
}

func pairs(rawQuery string) []pair {
	var out []pair
	for _, raw := range strings.Split(rawQuery, "&") {
		if raw == "" {
			continue
		}
		k, _, _ := strings.Cut(raw, "=")
		if d, err := url.QueryUnescape(k); err == nil {
			k = d
		}
		out = append(out, pair{name: k, raw: raw})
	}
	return out
}

// values are the decoded values of name, in order.
func values(ps []pair, name string) []string {
	var out []string
	for _, p := range ps {
		if p.name == name {
			_, v, _ := strings.Cut(p.raw, "=")
			if d, err := url.QueryUnescape(v); err == nil {
				v = d
			}
			out = append(out, v)
		}
	}
	return out
}

func names(ps []pair) []string {
	var out []string
	for _, p := range ps {
		if !slices.Contains(out, p.name) {
			out = append(out, p.name)
		}
	}
	return out
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

func (c *comparer) url() {
	ua, errA := url.Parse(c.a.URL)
	ub, errB := url.Parse(c.b.URL)
	if errA != nil || errB != nil {
		if c.a.URL != c.b.URL {
			c.add(Item{Group: GroupURL, Kind: Changed, Name: "URL", A: c.ra.URL(c.a.URL), B: c.rb.URL(c.b.URL), Causes: hostCauses, Unit: -1})
		}
		return
	}
	if !strings.EqualFold(ua.Scheme, ub.Scheme) {
		c.add(Item{Group: GroupURL, Kind: Changed, Name: "scheme", A: ua.Scheme, B: ub.Scheme, Causes: schemeCauses, Unit: -1})
	}
	if !strings.EqualFold(ua.Hostname(), ub.Hostname()) {
		it := Item{Group: GroupURL, Kind: Changed, Name: "host", A: ua.Hostname(), B: ub.Hostname(), Causes: hostCauses, Unit: -1}
		if ea, eb := envWord(ua.Hostname()), envWord(ub.Hostname()); ea != eb {
			it.Note = envNote(ea, eb, "hosts")
		}
		c.add(it)
	}
	if pa, pb := effectivePort(ua), effectivePort(ub); pa != pb {
		c.add(Item{Group: GroupURL, Kind: Changed, Name: "port", A: pa, B: pb, Causes: hostCauses, Unit: -1})
	}
	if ua.EscapedPath() != ub.EscapedPath() {
		u := c.unit(Unit{Kind: "path", Said: "the path (" + ub.EscapedPath() + " → " + ua.EscapedPath() + ")"})
		c.add(Item{Group: GroupURL, Kind: Changed, Name: "path", A: ua.EscapedPath(), B: ub.EscapedPath(), Causes: pathCauses, Unit: u})
	}
	qa, qb := pairs(ua.RawQuery), pairs(ub.RawQuery)
	all := names(qa)
	for _, n := range names(qb) {
		if !slices.Contains(all, n) {
			all = append(all, n)
		}
	}
	for _, n := range all {
		va, vb := values(qa, n), values(qb, n)
		if slices.Equal(va, vb) {
			continue
		}
		show := func(vs []string) string { return c.queryValue(n, vs) }
		it := Item{Group: GroupURL, Name: "query " + n, A: show(va), B: show(vb), Causes: queryCauses(n)}
		var said string
		switch {
		case va == nil:
			it.Kind, said = OnlyB, "the extra query parameter "+n
		case vb == nil:
			it.Kind, said = OnlyA, "the missing query parameter "+n
		default:
			it.Kind, said = Changed, "query parameter "+n+" ("+it.B+" → "+it.A+")"
		}
		it.Unit = c.unit(Unit{Kind: "query", Key: n, Said: said})
		c.add(it)
	}
}

// queryValue shows a parameter's values, a secret one masked.
func (c *comparer) queryValue(name string, vs []string) string {
	if vs == nil {
		return ""
	}
	out := make([]string, len(vs))
	for i, v := range vs {
		switch {
		case c.reveal:
		case probe.IsSecretQueryParam(name) || probe.IsCredentialQueryParam(name):
			v = probe.MaskSecret(v)
		default:
			v = probe.MaskJWTs(v)
		}
		out[i] = v
	}
	return strings.Join(out, ", ")
}

// withQuery is raw with the parameters named in keys as in from: each
// keeps the place of its first occurrence in raw, or goes at the end.
func withQuery(raw, from string, keys []string) string {
	ut, err1 := url.Parse(raw)
	uf, err2 := url.Parse(from)
	if err1 != nil || err2 != nil || len(keys) == 0 {
		return raw
	}
	pt, pf := pairs(ut.RawQuery), pairs(uf.RawQuery)
	var out []string
	placed := map[string]bool{}
	put := func(name string) {
		placed[name] = true
		for _, p := range pf {
			if p.name == name {
				out = append(out, p.raw)
			}
		}
	}
	for _, p := range pt {
		if !slices.Contains(keys, p.name) {
			out = append(out, p.raw)
			continue
		}
		if !placed[p.name] {
			put(p.name)
		}
	}
	for _, p := range pf {
		if slices.Contains(keys, p.name) && !placed[p.name] {
			put(p.name)
		}
	}
	ut.RawQuery = strings.Join(out, "&")
	ut.ForceQuery = false
	return ut.String()
}

// withPath is raw with the path of from.
func withPath(raw, from string) string {
	ut, err1 := url.Parse(raw)
	uf, err2 := url.Parse(from)
	if err1 != nil || err2 != nil {
		return raw
	}
	ut.Path, ut.RawPath = uf.Path, uf.RawPath
	return ut.String()
}

// envWords name the usual deployment environments, found as words in a
// host name or a token's issuer.
var envWords = []string{"production", "prod", "staging", "stage", "preprod", "development", "dev", "test", "testing", "qa", "uat", "sandbox", "local", "localhost"}

func envWord(s string) string {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for _, f := range fields {
		if slices.Contains(envWords, f) {
			return f
		}
	}
	return ""
}

func envNote(a, b, what string) string {
	name := func(s string) string {
		if s == "" {
			return "none named"
		}
		return s
	}
	return "the " + what + " name different environments (A: " + name(a) + ", B: " + name(b) + "): a token from one is refused by the other"
}
