package app

import (
	"fmt"
	"net/url"
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
func historyLines(h []historyEntry, sel int, reveal bool, restoreKey string) []string {
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
		change := e.change[0]
		if reveal {
			change = e.change[1]
		}
		out = append(out, fmt.Sprintf("%s#%d %s%s %s · %s → %s", mark, i+1, when(e), escape.Line(e.req.Method), escape.Line(probe.NewRedactor(e.req, reveal).Text(urlPath(e.req.URL))), escape.Line(change), escape.Line(result)))
	}
	if len(h) > 0 {
		out = append(out, "", "↑/↓ select · "+restoreKey+" restores that request")
	}
	return out
}

// diffHistory works out, once per entry, what changed from the entry
// before it, masked and revealed; an entry whose predecessor changed (the
// store's earlier runs arrived) has its diffed mark cleared.
func diffHistory(h []historyEntry) {
	for i := range h {
		if h[i].diffed {
			continue
		}
		h[i].diffed = true
		if i == 0 {
			h[i].change = [2]string{"first send", "first send"}
			continue
		}
		a, b := h[i-1].req, h[i].req
		if h[i-1].past || h[i].past {
			// an earlier run's request is masked: compare like with
			// like, and mask nothing twice (••••3f9a stays comparable)
			if !h[i-1].past {
				a = store.Masked(a, a.SecretHeaders...)
			}
			if !h[i].past {
				b = store.Masked(b, b.SecretHeaders...)
			}
			c := diffRequests(a, b, probe.NewRedactor(b, true))
			h[i].change = [2]string{c, c}
			continue
		}
		h[i].change = [2]string{diffRequests(a, b, probe.NewRedactor(b, false)), diffRequests(a, b, probe.NewRedactor(b, true))}
	}
}

// diffRequests says in a few words what changed from a to b, with the
// values of added headers masked by red (b's redactor).
func diffRequests(a, b probe.Request, red probe.Redactor) string {
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
	// a browser's fetch metadata (sec-fetch-*, sec-ch-ua*) comes and goes
	// as a block, with a browser import: one change, not seven
	var secChanged, secRemoved, secAdded []string
	for _, h := range ah {
		if !has(bh, h) {
			switch {
			case names(bh, h.Name) && isFetchMetadata(h.Name):
				secChanged = append(secChanged, "changed header "+h.Name)
			case names(bh, h.Name):
				ch = append(ch, "changed header "+h.Name)
			case isFetchMetadata(h.Name):
				secRemoved = append(secRemoved, "removed header "+h.Name)
			default:
				ch = append(ch, "removed header "+h.Name)
			}
		}
	}
	ch = append(ch, fetchMetadata("changed", secChanged)...)
	ch = append(ch, fetchMetadata("removed", secRemoved)...)
	for _, h := range bh {
		if !has(ah, h) && !names(ah, h.Name) {
			c := "added header " + h.Name + ": " + red.RequestHeader(h.Name, h.Value)
			if isFetchMetadata(h.Name) {
				secAdded = append(secAdded, c)
			} else {
				ch = append(ch, c)
			}
		}
	}
	ch = append(ch, fetchMetadata("added", secAdded)...)
	if string(a.Body) != string(b.Body) {
		ch = append(ch, "body changed")
	}
	if len(ch) == 0 {
		return "same request"
	}
	return strings.Join(ch, ", ")
}

// isFetchMetadata reports a header a browser adds on its own: Fetch
// Metadata (Sec-Fetch-*) and User-Agent Client Hints (Sec-CH-UA*).
func isFetchMetadata(name string) bool {
	return len(name) > 4 && strings.EqualFold(name[:4], "sec-")
}

// fetchMetadata is the changes of one kind to sec-* headers: as they are
// when there is one, else one change counting them.
func fetchMetadata(verb string, changes []string) []string {
	if len(changes) < 2 {
		return changes
	}
	return []string{fmt.Sprintf("%s %d sec-* headers (browser fetch metadata)", verb, len(changes))}
}

// urlPath is the path of a request's URL, the query left out (it may
// hold a secret) but marked. The path may hold one too: it is shown
// through the redactor.
func urlPath(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" && u.Path == "" {
		return "(no URL)"
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?…"
	}
	return p
}

// when is the time of an earlier run's send ("Nov 24 18:02 "); this
// run's sends need none.
func when(e historyEntry) string {
	if !e.past || e.at.IsZero() {
		return ""
	}
	return e.at.Local().Format(time.DateOnly+" 15:04") + " "
}
