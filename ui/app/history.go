package app

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
	"github.com/why403/why403/ui/store"
)

// historyLines draws the History tab: every send, of earlier runs (kept
// by ui/store, masked) and of this one, with what changed from the one
// before and the status and likely cause it got; sel is marked.
func historyLines(h []historyEntry, sel int, reveal bool) []string {
	var out []string
	for i, e := range h {
		mark := "  "
		if i == sel {
			mark = "› "
		}
		result := e.summary.err
		if e.summary.status != 0 {
			result = fmt.Sprintf("%d", e.summary.status)
		}
		if e.likely != "" {
			result += " " + e.likely
		}
		change := "first send"
		if i > 0 {
			a, b := h[i-1], e
			rv := reveal
			if a.past || b.past {
				// an earlier run's request is masked: compare like with
				// like, and mask nothing twice (••••3f9a stays comparable)
				if !a.past {
					a.req = store.Masked(a.req, a.secret...)
				}
				if !b.past {
					b.req = store.Masked(b.req, b.secret...)
				}
				rv = true
			}
			change = diffRequests(a.req, b.req, rv, e.secret...)
		}
		out = append(out, fmt.Sprintf("%s#%d %s%s → %s", mark, i+1, when(e), escape.Line(change), escape.Line(result)))
	}
	if len(h) > 0 {
		out = append(out, "", "↑/↓ select · enter restores that request")
	}
	return out
}

// diffRequests says in a few words what changed from a to b; unless
// reveal, secret values are masked (credential headers, and the headers
// named in secret).
func diffRequests(a, b probe.Request, reveal bool, secret ...string) string {
	var ch []string
	if a.Method != b.Method {
		ch = append(ch, "method "+a.Method+" → "+b.Method)
	}
	if a.URL != b.URL {
		ch = append(ch, "URL changed")
	}
	ah, bh := a.EffectiveHeaders(), b.EffectiveHeaders()
	has := func(hs []probe.Header, x probe.Header) bool { return slices.Contains(hs, x) }
	names := func(hs []probe.Header, n string) bool {
		return slices.ContainsFunc(hs, func(h probe.Header) bool { return strings.EqualFold(h.Name, n) })
	}
	for _, h := range ah {
		if !has(bh, h) {
			if names(bh, h.Name) {
				ch = append(ch, "changed header "+h.Name)
			} else {
				ch = append(ch, "removed header "+h.Name)
			}
		}
	}
	for _, h := range bh {
		if !has(ah, h) && !names(ah, h.Name) {
			v := h.Value
			if !reveal {
				if slices.ContainsFunc(secret, func(n string) bool { return strings.EqualFold(n, h.Name) }) && !probe.IsCredentialHeader(h.Name) {
					v = probe.MaskSecret(v)
				}
				v = probe.MaskJWTs(probe.MaskHeaderValue(h.Name, v))
			}
			ch = append(ch, "added header "+h.Name+": "+v)
		}
	}
	if string(a.Body) != string(b.Body) {
		ch = append(ch, "body changed")
	}
	if len(ch) == 0 {
		return "same request"
	}
	return strings.Join(ch, ", ")
}

// when is the time of an earlier run's send ("Nov 24 18:02 "); this
// run's sends need none.
func when(e historyEntry) string {
	if !e.past || e.at.IsZero() {
		return ""
	}
	return e.at.Local().Format(time.DateOnly+" 15:04") + " "
}
