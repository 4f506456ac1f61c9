package checks

import (
	"html"
	"strings"
)

// detectStack names the vendors recognised in the response, outermost
// first, and the first reference ID one of them gave ("cf-ray: ...").
func detectStack(h headerIndex, b *bodyFacts) (names []string, reference string) {
	for _, v := range vendors {
		if !vendorSeen(v, h, b) {
			continue
		}
		names = append(names, v.Name)
		if reference != "" {
			continue
		}
		if v.RefHeader != "" && h.has(v.RefHeader) {
			reference = h[v.RefHeader][0].Name + ": " + clip(h.get(v.RefHeader), 120)
			continue
		}
		for _, prefix := range v.RefBody {
			if ref := bodyReference(b, prefix); ref != "" {
				reference = v.RefLabel + ref
				break
			}
		}
	}
	if b.json.isKubernetesStatus() && !contains(names, "Kubernetes") {
		names = append(names, "Kubernetes")
	}
	return names, reference
}

func vendorSeen(v vendor, h headerIndex, b *bodyFacts) bool {
	for _, m := range v.Headers {
		if m.Contains == "" && h.has(m.Name) || m.Contains != "" && h.contains(m.Name, m.Contains) {
			return true
		}
	}
	for _, m := range v.Body {
		if b.has(m) {
			return true
		}
	}
	return false
}

// bodyReference reads the reference that follows prefix in the body: a run
// of letters, digits, dots and character references (Akamai encodes its
// dots as &#46;), skipping tags and spaces before it.
func bodyReference(b *bodyFacts, prefix string) string {
	i := b.index(prefix)
	if i < 0 {
		return ""
	}
	rest := b.raw[i+len(prefix) : min(len(b.raw), i+len(prefix)+200)]
	for {
		rest = strings.TrimLeft(rest, " \t\r\n")
		if strings.HasPrefix(rest, "<") {
			if j := strings.IndexByte(rest, '>'); j >= 0 {
				rest = rest[j+1:]
				continue
			}
		}
		break
	}
	n := 0
	for n < len(rest) {
		c := rest[n]
		if c == '.' || c == '&' || c == '#' || c == ';' || c == '-' || '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z' {
			n++
			continue
		}
		break
	}
	ref := strings.TrimRight(html.UnescapeString(rest[:n]), ".;")
	return strings.TrimPrefix(ref, "#")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
