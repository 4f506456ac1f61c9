package checks

import (
	"fmt"
	"net/http"
)

// noRefusal is what happened when the answer is a 404 (or 410) or a 5xx
// that names no refusal: RFC 9110 makes those "not found" and "the server
// failed", not "you may not". It is "" when the response is a refusal, or
// when a finding rests on more than the request alone and a generic page
// (the server named a cause, or a marker indicated one). The status's
// standard phrase is used, not the server's: it is text for the terminal.
func noRefusal(f *facts, findings []Finding) string {
	if f.resp == nil || f.waf != nil && f.waf.page || f.cfCode != 0 {
		return ""
	}
	var what string
	switch {
	case f.status == 404 || f.status == 410:
		what = fmt.Sprintf("the path was not found (HTTP %d %s): the server names no refusal, so nothing in the request is blamed; check the URL (path, version, trailing slash)", f.status, http.StatusText(f.status))
	case f.status >= 500 && f.status <= 599:
		what = fmt.Sprintf("a server error (HTTP %d %s): the server failed and names no refusal, so nothing in the request is blamed; retry later, or ask its operator (its logs name the error)", f.status, http.StatusText(f.status))
	default:
		return ""
	}
	for _, x := range findings {
		if x.Status == Fail && (x.Strength > Inferred || x.worded > 0) || x.ID == RateLimit && x.Status != Pass && x.Status != Skip {
			// a rate limit is the refusal a 503 carries (nginx limit_req)
			return ""
		}
		if f.status == 410 && x.ID == AuthExpired && x.Status == Fail {
			// Gone is what a link past its own expiry is (RFC 9110
			// §15.5.11: no longer available, likely for good).
			return ""
		}
	}
	return what
}

// demoteGuesses turns the findings a non-refusal left as guesses into
// warnings: suspicions the response neither names nor supports.
func demoteGuesses(findings []Finding) {
	for i := range findings {
		if findings[i].Status == Fail {
			findings[i].Status, findings[i].Strength = Warn, 0
		}
	}
}
