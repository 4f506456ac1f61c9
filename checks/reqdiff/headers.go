package reqdiff

import (
	"fmt"
	"slices"
	"strings"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// byName groups headers by lower-case name, names in the order they first
// appear.
type byName struct {
	order []string
	hs    map[string][]probe.Header
}

func group(hs []probe.Header) byName {
	g := byName{hs: map[string][]probe.Header{}}
	for _, h := range hs {
		l := strings.ToLower(strings.TrimSpace(h.Name))
		if _, ok := g.hs[l]; !ok {
			g.order = append(g.order, l)
		}
		g.hs[l] = append(g.hs[l], h)
	}
	return g
}

func valuesOf(hs []probe.Header) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Value
	}
	return out
}

func (c *comparer) headers() {
	ga, gb := group(c.a.Headers), group(c.b.Headers)
	all := slices.Clone(ga.order)
	for _, l := range gb.order {
		if !slices.Contains(all, l) {
			all = append(all, l)
		}
	}
	var caseDiff []string
	for _, l := range all {
		ha, hb := ga.hs[l], gb.hs[l]
		name := firstName(ha, hb)
		secret := c.ra.IsSecretHeader(name) || c.rb.IsSecretHeader(name)
		grp := GroupHeaders
		if secret {
			grp = GroupCredentials
		}
		bypass := checks.BypassHeader(name)
		it := Item{Group: grp, Name: name, A: c.showHeader(c.ra, ha), B: c.showHeader(c.rb, hb), Causes: headerCauses(l, secret)}
		var said string
		switch {
		case hb == nil:
			it.Kind, said = OnlyA, "the missing "+name
		case ha == nil:
			it.Kind, said = OnlyB, "the extra "+name
		case !slices.Equal(valuesOf(ha), valuesOf(hb)):
			it.Kind, said = Changed, name+" ("+it.B+" → "+it.A+")"
			if len(ha) != len(hb) {
				it.Kind = Duplicates
				it.Note = fmt.Sprintf("sent %d times in A, %d in B", len(ha), len(hb))
				it.Causes = appendNew(it.Causes, duplicateCauses...)
			}
		default:
			if ha[0].Name != hb[0].Name {
				caseDiff = append(caseDiff, l)
			}
			continue
		}
		if bypass {
			it.Note = joinNote(it.Note, "a header 403-bypass tools spoof: never tested")
		}
		it.Unit = c.unit(Unit{Kind: "header", Key: l, Said: said, Bypass: bypass})
		c.add(it)
		if secret && ha != nil && hb != nil {
			c.credentials(name, ha[0].Value, hb[0].Value, it.Unit)
		}
		if ha != nil && hb != nil && ha[0].Name != hb[0].Name {
			caseDiff = append(caseDiff, l)
		}
	}
	if len(caseDiff) > 0 {
		var sa, sb []string
		for _, l := range caseDiff {
			sa = append(sa, ga.hs[l][0].Name)
			sb = append(sb, gb.hs[l][0].Name)
		}
		u := c.unit(Unit{Kind: "case", Said: "the case of header names (" + strings.Join(sb, ", ") + " → " + strings.Join(sa, ", ") + ")"})
		c.add(Item{Group: GroupHeaders, Kind: Case, Name: "name case", A: strings.Join(sa, ", "), B: strings.Join(sb, ", "), Causes: caseCauses, Unit: u})
	}
	// order: the headers both send, in each one's order
	var oa, ob []string
	for _, l := range ga.order {
		if gb.hs[l] != nil {
			oa = append(oa, ga.hs[l][0].Name)
		}
	}
	for _, l := range gb.order {
		if ga.hs[l] != nil {
			ob = append(ob, gb.hs[l][0].Name)
		}
	}
	if !slices.EqualFunc(oa, ob, strings.EqualFold) {
		u := c.unit(Unit{Kind: "order", Said: "the order of the headers"})
		c.add(Item{Group: GroupHeaders, Kind: Order, Name: "order", A: strings.Join(oa, ", "), B: strings.Join(ob, ", "), Causes: orderCauses, Unit: u})
	}
}

func firstName(ha, hb []probe.Header) string {
	if ha != nil {
		return ha[0].Name
	}
	return hb[0].Name
}

// showHeader is a header's values, masked, joined when sent more than once.
func (c *comparer) showHeader(r probe.Redactor, hs []probe.Header) string {
	var vs []string
	for _, h := range hs {
		vs = append(vs, r.RequestHeader(h.Name, h.Value))
	}
	return strings.Join(vs, " | ")
}

// credentials adds what differs inside two values of a credential header:
// the scheme, and the claims of two JWTs (issuer, audience, scope,
// expiry), with a hint when they name different environments.
func (c *comparer) credentials(name, va, vb string, unit int) {
	sa, ta := scheme(va)
	sb, tb := scheme(vb)
	if !strings.EqualFold(sa, sb) {
		c.add(Item{Group: GroupCredentials, Kind: Changed, Name: name + " scheme", A: sa, B: sb, Causes: schemeCredCauses, Unit: unit})
	}
	if !checks.LooksLikeJWT(ta) || !checks.LooksLikeJWT(tb) {
		return
	}
	ja, pa := checks.DecodeJWT(ta)
	jb, pb := checks.DecodeJWT(tb)
	if pa != nil || pb != nil || ja.Claims == nil || jb.Claims == nil {
		return
	}
	for _, cl := range []struct {
		names  []string
		causes []string
	}{
		{[]string{"iss"}, []string{"auth.invalid"}},
		{[]string{"aud"}, []string{"auth.invalid"}},
		{[]string{"scope", "scp", "roles", "permissions"}, []string{"permission.scope"}},
		{[]string{"exp"}, []string{"auth.expired"}},
	} {
		for _, n := range cl.names {
			a, b := claim(ja.Claims, n), claim(jb.Claims, n)
			if a == b {
				continue
			}
			it := Item{Group: GroupCredentials, Kind: Changed, Name: "token " + n, A: a, B: b, Causes: cl.causes, Unit: unit}
			switch {
			case a == "":
				it.Kind = OnlyB
			case b == "":
				it.Kind = OnlyA
			}
			if n == "iss" || n == "aud" {
				if ea, eb := envWord(a), envWord(b); ea != eb {
					it.Note = envNote(ea, eb, "tokens' "+n+" values")
				}
			}
			c.add(it)
		}
	}
}

// scheme splits a credential value into its scheme and the rest.
func scheme(v string) (string, string) {
	s, rest, ok := strings.Cut(strings.TrimSpace(v), " ")
	if !ok || !probe.IsAuthScheme(s) {
		return "", strings.TrimSpace(v)
	}
	return s, strings.TrimSpace(rest)
}

// claim shows one claim: a time as RFC 3339 (UTC), a list joined.
func claim(cs map[string]any, name string) string {
	v, ok := cs[name]
	if !ok {
		return ""
	}
	if name == "exp" {
		if t, ok := checks.ClaimTime(v); ok {
			return t.UTC().Format("2006-01-02T15:04:05Z")
		}
	}
	switch v := v.(type) {
	case string:
		return probe.MaskJWTs(v)
	case []any:
		var parts []string
		for _, x := range v {
			parts = append(parts, fmt.Sprint(x))
		}
		return strings.Join(parts, " ")
	}
	return fmt.Sprint(v)
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func appendNew(list []string, more ...string) []string {
	out := slices.Clone(list)
	for _, m := range more {
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}
