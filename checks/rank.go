package checks

import (
	"slices"
	"sort"
	"sync"
)

// The ranking rule (Report.Likely and Report.Guess):
//
//  1. Likely holds every failing finding. Stronger evidence comes first:
//     Named (the server named the cause: a vendor code, an RFC 6750 error,
//     an S3 code, a TLS alert) before Indicated (a specific but indirect
//     marker: a status code, a page title) before Inferred (the request
//     alone, or generic wording).
//  2. A rate limit outranks a permission whenever both fail, whatever
//     their strengths: a limit also makes servers answer 403, and waiting
//     is cheap to try before asking anyone for a role.
//  3. Ties of strength follow causeOrder: the order in which a request
//     meets the layers that refuse it. A forward proxy (proxy.denied) is
//     met first, before even the server's TLS handshake; then the
//     handshake; then the front end picks the site by Host and SNI
//     (host.mismatch); then the edge (rate limits, regional blocks,
//     address rules, a required User-Agent, WAFs) answers before the
//     application sees the request. useragent.required sits just before
//     waf.block: when both are named (Cloudflare 1010, GitHub's
//     administrative rules) the specific fix, sending a User-Agent, is the
//     one to try. Then the application authenticates: a credential
//     withheld on a redirect (redirect.auth_dropped) explains a missing
//     one, so it comes before auth.missing; then the credential's form,
//     the clock it was signed or minted by (clock.skew, before the expiry
//     it causes), its lifetime, its signature (signature.mismatch) and its
//     acceptance. After authentication come the request-level guards
//     (csrf, cors.origin), the account's state (a disabled API or plan),
//     the permission (scope), then the route and the file server (a
//     method not allowed, a path the server itself forbids), and only
//     then the body (content type). The first layer that refuses is the
//     one whose answer the client got.
//  4. Ties between Inferred findings follow inferredOrder: when the
//     response is a generic page that names nothing, something the user
//     sent (a body that does not fit its Content-Type, an unsafe method,
//     an Origin, attack-like text) is more specific than a credential that
//     is absent, which every anonymous request lacks, or a generic page. A
//     DELETE refused by nginx's bare 403 is method.denied before
//     auth.missing; a GET refused the same way is auth.missing.
//  5. Guess is true when the first likely cause is only Inferred.
//  6. Warnings are not in Likely, except when nothing failed and the
//     response is still a refusal (a status of 400 or more, or a block
//     page served with 200): then the warned causes, in causeOrder, are
//     the best candidates there are, and Guess is true. An Aside warning
//     (a client's default User-Agent the response does not point at) is
//     never a candidate.
var causeOrder = []string{
	ProxyDenied,
	TLSClientCert,
	HostMismatch,
	RateLimit, GeoBlock, IPAllowlist, UserAgentRequired, WAFBlock,
	RedirectAuthDropped, AuthMissing, AuthMalformed, ClockSkew, AuthExpired, SignatureMismatch, AuthInvalid,
	CSRF, CORSOrigin,
	AccountState, PermissionScope,
	MethodDenied, ResourceDenied,
	ContentType,
}

func causePriority(id string) int {
	for i, c := range causeOrder {
		if c == id {
			return i
		}
	}
	return len(causeOrder)
}

// rank orders the failing findings into Likely; refusal says whether the
// response refused the request (for warnings as guesses).
func rank(findings []Finding, refusal bool) (likely []string, guess bool) {
	var fails, warns []Finding
	for _, f := range findings {
		switch f.Status {
		case Fail:
			fails = append(fails, f)
		case Warn:
			if !f.Aside {
				warns = append(warns, f)
			}
		}
	}
	if len(fails) == 0 {
		if !refusal || len(warns) == 0 {
			return nil, false
		}
		sort.SliceStable(warns, func(i, j int) bool { return causePriority(warns[i].ID) < causePriority(warns[j].ID) })
		for _, w := range warns {
			likely = append(likely, w.ID)
		}
		return likely, true
	}
	sort.SliceStable(fails, func(i, j int) bool {
		if fails[i].Strength != fails[j].Strength {
			return fails[i].Strength > fails[j].Strength
		}
		if wi, wj := wordRank(fails[i]), wordRank(fails[j]); wi != wj {
			// What the server says decides before the status's default,
			// the most specific meaning first.
			return wi < wj
		}
		return tiePriority(fails[i]) < tiePriority(fails[j])
	})
	for _, f := range fails {
		likely = append(likely, f.ID)
	}
	likely = rateBeforePermission(likely)
	first := fails[0]
	for _, f := range fails {
		if f.ID == likely[0] {
			first = f
		}
	}
	return likely, first.Strength <= Inferred || first.wordsOnly
}

// inferredOrder breaks ties between Inferred findings (rule 4): the layer
// order of causeOrder, except that a guess from what the request lacks or
// from a generic page (auth.missing, resource.denied) comes after every
// guess from what the request carries, and among those a defect of the
// request (a body that does not fit its Content-Type) comes before a mere
// choice some servers refuse (CSRF form posts, an Origin, a method other
// than GET). It is derived from causeOrder so that the two cannot drift.
var inferredOrder = sync.OnceValue(func() []string { return inferredFrom(causeOrder) })

func inferredFrom(order []string) []string {
	out := slices.DeleteFunc(slices.Clone(order), func(id string) bool {
		return id == ContentType || id == AuthMissing || id == ResourceDenied
	})
	out = slices.Insert(out, slices.Index(out, CSRF), ContentType)
	return append(out, AuthMissing, ResourceDenied)
}

// tiePriority is where a finding stands among others of its strength.
func tiePriority(f Finding) int {
	order := causeOrder
	if f.Strength == Inferred {
		order = inferredOrder()
	}
	if i := slices.Index(order, f.ID); i >= 0 {
		return i
	}
	return len(order)
}

// rateBeforePermission moves ratelimit just ahead of permission.scope when
// it ranked behind it.
func rateBeforePermission(ids []string) []string {
	ri, pi := -1, -1
	for i, id := range ids {
		switch id {
		case RateLimit:
			ri = i
		case PermissionScope:
			pi = i
		}
	}
	if ri < 0 || pi < 0 || ri < pi {
		return ids
	}
	out := make([]string, 0, len(ids))
	for i, id := range ids {
		if i == pi {
			out = append(out, RateLimit)
		}
		if i != ri {
			out = append(out, id)
		}
	}
	return out
}

// Causes lists every cause ID of the catalogue, in the tie-break order of
// the ranking.
func Causes() []string {
	return slices.Clone(causeOrder)
}

// wordRank places findings the server's words name (most specific
// meaning first) before the others.
func wordRank(f Finding) int {
	if f.worded == 0 {
		return 1 << 20
	}
	return f.worded
}
