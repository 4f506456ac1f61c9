package checks

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/why403/why403/probe"
)

// demand is what the response says about wanting credentials.
type demand struct {
	Asks bool
	// Explicit reports wording that says no credential arrived (as
	// opposed to a challenge that is also sent for bad credentials).
	Explicit bool
	Strength Strength
	Evidence []string
	// Scheme is the first challenge's scheme.
	Scheme string
	// BareBearer is a Bearer challenge without an error code: RFC 6750
	// section 3.1 says that is the answer to a request with no credentials.
	BareBearer bool
	APIGateway bool
	Anonymous  bool // Kubernetes system:anonymous
	Phrase     string
}

func (d *demand) raise(s Strength, ev ...string) {
	d.Asks = true
	d.Strength = max(d.Strength, s)
	d.Evidence = append(d.Evidence, ev...)
}

// credentialDemand reads the response's request for credentials.
func credentialDemand(f *facts) demand {
	var d demand
	if len(f.challenges) > 0 {
		d.Scheme = f.challenges[0].Scheme
		d.raise(Indicated, f.h.line("www-authenticate"))
		if _, hasErr := bearerError(f.challenges); !hasErr && f.status == 401 {
			for _, c := range f.challenges {
				if strings.EqualFold(c.Scheme, "Bearer") {
					d.BareBearer = true
				}
			}
		}
	}
	if f.status == 401 && len(f.challenges) == 0 {
		d.raise(Indicated, f.statusLine()+" without a WWW-Authenticate challenge")
	}
	if strings.Contains(strings.ToLower(f.h.get("x-amzn-errortype")), "missingauthenticationtoken") {
		d.APIGateway, d.Explicit = true, true
		d.raise(Named, f.h.line("x-amzn-errortype"))
	}
	p, ex, ok := f.refusalPhrase(missingPhrases...)
	if ok && f.req.hasCredential() && (orRefused(&f.body, p) || askedValid(&f.body, p)) {
		// "API key is missing or invalid" to a request that sent one
		// does not say it arrived nowhere: the server names both
		// readings, and the refusal of the key sent is the nearer one.
		// "Valid API key required" asks for a good one.
		ok = false
	}
	if ok {
		d.Explicit, d.Phrase = true, p
		d.APIGateway = d.APIGateway || p == "missing authentication token"
		d.Anonymous = p == "system:anonymous"
		d.raise(Named, bodyLine(ex))
	} else if p, ex, ok := f.body.find(authRequiredPhrases); ok && f.status >= 400 {
		d.Phrase = p
		d.raise(Indicated, bodyLine(ex))
	}
	return d
}

// orRefused reports a missing-credential phrase that goes on as a
// disjunction with a refusal: "is missing or invalid", "missing or
// incorrect".
func orRefused(b *bodyFacts, phrase string) bool {
	i := b.index(phrase)
	if i < 0 {
		return false
	}
	rest := strings.TrimLeft(b.lower[i+len(phrase):], " ")
	rest, ok := strings.CutPrefix(rest, "or ")
	if !ok {
		return false
	}
	for _, w := range []string{"invalid", "incorrect", "wrong", "expired", "malformed", "not valid", "revoked", "unknown", "bad"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// askedValid reports a missing-credential phrase that asks for a valid
// one: "valid api key required".
func askedValid(b *bodyFacts, phrase string) bool {
	i := b.index(phrase)
	return i >= 0 && strings.HasSuffix(strings.TrimRight(b.lower[:i], " "), "valid")
}

// sentButUnread reports a response saying outright that no credential
// arrived to a request that sent one in Authorization: the server does not
// read it under the scheme it was sent with (Bearer where it wants Token,
// Basic where it wants its own header), a fault of the credential's form
// (auth.malformed). A credential sent only elsewhere (a cookie, another
// header) is missing from where the server looks (auth.missing, below).
// An API Gateway's "Missing Authentication Token" (a route that does not
// exist) and Kubernetes' system:anonymous (a credential of another
// cluster) say something else.
func sentButUnread(f *facts, d demand) bool {
	return f.req.AuthLine != "" && f.req.hasCredential() && d.Explicit && !d.APIGateway && !d.Anonymous && unsentKeyHeader(f) == ""
}

// headerName is a token shaped like a header name with a dash
// (X-MEILI-API-KEY, x-api-key, Ocp-Apim-Subscription-Key).
// Compiled on first use: nothing is built at start that a run may not need.
var headerName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+`)
})

// unsentKeyHeader is a credential header other than Authorization that
// the server's words name and the request did not carry ("The
// X-MEILI-API-KEY header is missing", "x-api-key header is required"),
// "" when there is none. The server reads its key there, so a credential
// sent elsewhere is missing from where it looks (auth.missing), not
// malformed.
func unsentKeyHeader(f *facts) string {
	text, _ := serverSays(f)
	lower := strings.ToLower(text)
	for _, at := range headerName().FindAllStringIndex(text, 32) {
		name := text[at[0]:at[1]]
		// Named as a header ("the X-Api-Key header", "header
		// x-api-key"), not a scheme ("please use Klaviyo-API-Key").
		near := lower[max(0, at[0]-12):min(len(lower), at[1]+12)]
		if strings.EqualFold(name, "Authorization") || !probe.IsOriginCredential(name) || !strings.Contains(near, "header") {
			continue
		}
		sent := false
		for _, c := range f.req.Creds {
			sent = sent || c.Kind == "header" && strings.EqualFold(c.Name, name)
		}
		if !sent {
			return name
		}
	}
	return ""
}

// keyHeaderUnsent reports the server's missing-credential words naming
// the header it reads its key from, which the request did not carry,
// with the words as evidence.
func keyHeaderUnsent(f *facts, d demand) (name string, ev []string, ok bool) {
	if !f.refused() {
		return "", nil, false
	}
	switch h, said := f.saysCause(AuthMissing); {
	case d.Explicit:
		ev = d.Evidence
	case said:
		ev = []string{h.evidence(f.saidFrom)}
	default:
		return "", nil, false
	}
	if name = unsentKeyHeader(f); name == "" {
		return "", nil, false
	}
	return name, ev, true
}

// keyHeaderIncomplete reports the server's missing-credential words naming
// the very header, other than Authorization, that carried the request's
// key ("Shared secret is required in x-api-key header"): the server read
// that header and found what it holds wanting, a fault of the key's form
// (auth.malformed), not a missing credential. It returns the header and
// the words.
func keyHeaderIncomplete(f *facts) (header string, words lexHit, ok bool) {
	h, said := f.saysCause(AuthMissing)
	if !said || !f.refused() {
		return "", lexHit{}, false
	}
	near := foldName(h.Excerpt)
	for _, c := range f.req.Creds {
		if c.Kind == "header" && !strings.EqualFold(c.Name, "Authorization") && len(foldName(c.Name)) >= 4 && strings.Contains(near, foldName(c.Name)) {
			return c.Name, h, true
		}
	}
	return "", lexHit{}, false
}

// foldName keeps letters and digits, lowered: "x-api-key", "X_API_KEY"
// and "xApikey" all fold to "xapikey".
func foldName(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// droppedOnRedirect lists the credentials a redirect withheld.
func droppedOnRedirect(f *facts) []string {
	var out []string
	for _, h := range f.hops {
		for _, d := range h.Dropped {
			out = append(out, fmt.Sprintf("redirect %d to %s dropped %s", h.Status, h.Location, d))
		}
	}
	return out
}

func checkAuthMissing(f *facts) Finding {
	if f.resp == nil {
		return skip(AuthMissing, f.noResponse(), f.noResponseEvidence()...)
	}
	d := credentialDemand(f)
	r := &f.req
	if !r.hasCredential() {
		return authMissingNone(f, d)
	}
	sent := r.credentialLines()
	switch {
	case d.APIGateway && d.Explicit:
		return fail(AuthMissing, Indicated,
			"API Gateway says Missing Authentication Token although a credential was sent: the route or method most likely does not exist",
			append(d.Evidence, sent...),
			"Check the path, the stage name (/prod/...) and the HTTP method against the API's routes; API Gateway answers this for routes that do not exist. If the method uses IAM authorization, sign the request with SigV4 instead.")
	case d.Anonymous:
		return fail(AuthMissing, Named,
			"Credentials were sent, but the API server saw you as system:anonymous: none was recognised",
			append(d.Evidence, sent...),
			"Check that the token or client certificate belongs to this cluster (kubectl config view --minify) and that the token is sent as Authorization: Bearer.")
	}
	if name, words, ok := keyHeaderIncomplete(f); ok {
		return pass(AuthMissing, fmt.Sprintf("Not missing: the server names the %s header that was sent (see %s)", name, AuthMalformed),
			append(sent, words.evidence(f.saidFrom))...)
	}
	if name, ev, ok := keyHeaderUnsent(f, d); ok {
		return fail(AuthMissing, Named,
			fmt.Sprintf("The server reads its key from the %s header, which the request did not carry", name),
			append(ev, sent...),
			fmt.Sprintf("Send the key in the %s header, as the API documents, instead of where it went (%s).", name, r.Creds[0].Line))
	}
	if name, words, ok := placeNamedUnsent(f); ok {
		return fail(AuthMissing, Indicated,
			fmt.Sprintf("The server says it reads the credential from the %s header, which the request did not carry", name),
			append([]string{bodyLine(words)}, sent...),
			fmt.Sprintf("Send the credential in the %s header, as the server says, instead of where it went (%s).", name, r.Creds[0].Line))
	}
	switch {
	case sentButUnread(f, d):
		return pass(AuthMissing, fmt.Sprintf("Not missing: a credential was sent in Authorization, but the server says %q: it does not read that scheme (see %s)", d.Phrase, AuthMalformed),
			append(sent, d.Evidence...)...)
	case d.Explicit:
		return fail(AuthMissing, Named,
			fmt.Sprintf("The server says %q although a credential was sent: it looks for it elsewhere", d.Phrase),
			append(d.Evidence, sent...),
			"Send the credential where the API documents it (for example X-API-Key instead of a cookie, or a query parameter), with the scheme it expects.")
	case d.BareBearer && r.AuthLine != "" && strings.EqualFold(r.AuthScheme, "Bearer"):
		return warn(AuthMissing,
			"The server answers with a bare Bearer challenge, as if no token arrived",
			append(d.Evidence, sent...),
			"RFC 6750 servers omit the error code only when no credential reached them: check that no proxy or load balancer strips Authorization. Many servers send the bare challenge for bad tokens too, so see auth.invalid.")
	}
	if f.success() {
		return skip(AuthMissing, "Credentials were sent and the server did not refuse: nothing to judge", sent...)
	}
	return pass(AuthMissing, "Credentials sent: "+sent[0], append(sent[1:], d.Evidence...)...)
}

// authMissingNone judges a request that carried no credential.
func authMissingNone(f *facts, d demand) Finding {
	none := "request: no Authorization, API-key header, cookie, credential in the URL or client certificate"
	if len(f.req.Placeholders) > 0 {
		none = "request: only a placeholder where the credential belongs: " + strings.Join(f.req.Placeholders, "; ")
	}
	dropped := droppedOnRedirect(f)
	ev := append(append([]string{f.statusLine()}, d.Evidence...), none)
	ev = append(ev, dropped...)
	if len(dropped) > 0 || len(f.userCredentials) > 0 && len(f.hops) > 0 {
		if d.Asks || f.refused() {
			return fail(AuthMissing, max(d.Strength, Indicated),
				"Credentials were dropped on a redirect, and the server refused the request without them",
				append(ev, f.userCredentials...),
				"Send the request to the final URL directly (use the Location of the redirect), or let credentials follow the redirect only if you trust that host (curl --location-trusted).")
		}
	}
	if h, ok := refusedInUnknownPlace(f); ok && !d.Explicit {
		// The words refuse a credential and the request holds a key-shaped
		// value where no check looks: it most likely went there and was
		// refused (auth.invalid). That none reached the server stays the
		// other reading, weaker, and a guess.
		g := fail(AuthMissing, Inferred,
			"No credential was recognised, yet the server's words refuse one: it was most likely sent where why403 does not look, and refused",
			append(append(ev, h.evidence(f.saidFrom)), f.req.unknownPlaceLines()...),
			"If the header named holds the API's credential, it was read and refused (see "+AuthInvalid+"); otherwise send the credential where this API documents it.")
		g.wordsOnly = true
		return g
	}
	if d.Asks {
		title := "No credentials were sent, and the server asks for them"
		fix := "Send the credential the API expects."
		switch {
		case d.APIGateway:
			title = "API Gateway: Missing Authentication Token (no credential sent, or the route does not exist)"
			fix = "Send the API's credential (an x-api-key, a token or a SigV4 signature), and check the path, stage and method: API Gateway gives the same answer for routes that do not exist."
		case d.Anonymous:
			title = "The Kubernetes API server saw you as system:anonymous: no credentials were sent"
			fix = "Send a bearer token (kubectl create token <serviceaccount>) or a client certificate of the cluster."
		case strings.EqualFold(d.Scheme, "Bearer"):
			fix = "Send Authorization: Bearer <token> (curl --oauth2-bearer <token>)."
		case strings.EqualFold(d.Scheme, "Basic"):
			fix = "Send user and password: curl -u user:password."
		case d.Scheme != "":
			fix = fmt.Sprintf("Send credentials for the %s scheme the challenge names.", d.Scheme)
		}
		if d.Scheme != "" && !d.APIGateway && !d.Anonymous {
			title = fmt.Sprintf("No credentials were sent, and the server asks for %s", d.Scheme)
		}
		if len(f.req.Placeholders) > 0 {
			title = "The credential sent is a placeholder, so in effect none was sent, and the server asks for one"
			fix = "Set the variable meant to hold the credential (it was empty or not expanded) and send again. " + fix
		}
		g := fail(AuthMissing, d.Strength, title, ev, fix)
		// A 401 that asks only by its status, to a body that may hold a
		// credential no check could read (a multipart upload's token
		// field, a body not recorded), with words that find something
		// sent wrong and nothing absent: that none was sent is not
		// established, so the status's default stays a guess.
		// A 403 whose words only state a requirement (requirementOnly) is a
		// guess too.
		// So is one to a credential exchange (a token or login endpoint)
		// whose body no check read, unless the words say the credential
		// is absent: the body is where its credential goes.
		// Words about the client certificate speak of a credential no
		// recorded request shows (it goes in the TLS handshake): see
		// tls.client_cert.
		_, absent := f.saysCause(AuthMissing)
		_, cert := f.saysCause(TLSClientCert)
		g.wordsOnly = statusOnlyDemand(f, d) && (cert || f.req.bodyMayHoldCredential() && (wordsFaultSomethingSent(f) || credentialExchange(&f.req) && !absent)) ||
			requirementOnly(f, d)
		return g
	}
	if f.waf != nil && f.waf.page || f.cfCode != 0 {
		return skip(AuthMissing, "No credentials were sent, but an edge block page answered before the application could ask for any", f.statusLine())
	}
	if anonymousStoreDenied(f) && !d.Asks {
		// The store's AccessDenied to an anonymous request is about the
		// key's public access (resource.denied), whose fix names signing
		// the request if the data is private; nothing asked for one.
		return pass(AuthMissing, "Not asked for: no credential was sent, and the object store's AccessDenied is about this key's public access (see "+ResourceDenied+")", ev...)
	}
	if h, ok := refusedUnsent(f); ok {
		// "Invalid ACCESS_KEY" to a request that carried no credential at
		// all: the credential the server reads never reached it (a client
		// that did not set it, a header it dropped). Words only: a guess.
		g := fail(AuthMissing, Indicated,
			"No credentials were sent, yet the server's words refuse one: the credential it reads never reached it",
			append(ev, h.evidence(f.saidFrom)),
			"Check that the client really sends the credential (its configuration, the variable that holds it) in the header or parameter this API documents; the words describe a credential it did not get.")
		g.wordsOnly = true
		return g
	}
	if words := permissionWords(f); words != "" && f.refused() && f.status < 500 {
		// authFirst: the anonymous caller lacks the permission. Nothing
		// asked for a credential, so it stays a guess (wordsOnly).
		g := fail(AuthMissing, Indicated,
			"No credentials were sent, and the server says the caller lacks a permission: an anonymous caller has none",
			append(ev, words),
			"Authenticate first: send the token, key or session this API expects (an identity token for a private cloud service); if a permission is still missing afterwards, see "+PermissionScope+".")
		g.wordsOnly = true
		return g
	}
	if f.refused() {
		if f.generic != "" && f.status < 500 {
			return byStatus(fail(AuthMissing, Inferred,
				"No credentials were sent, and the refusal gives no other reason",
				append(ev, "the body is "+genericName(f.generic)+": it names no cause"),
				"If this resource needs a login, a token or an API key, send it; the server's logs say what it wanted."))
		}
		return byStatus(warn(AuthMissing, "No credentials were sent; the response does not ask for any", ev,
			"If the API needs a token or key, send it; otherwise look at the other findings."))
	}
	return pass(AuthMissing, "No credentials sent, and none were needed", f.statusLine())
}

func genericName(g string) string {
	switch g {
	case "empty":
		return "empty"
	case "short":
		return "bare status text"
	}
	return g + "'s built-in error page"
}

// refusedUnsent is the server's words refusing a credential (invalid,
// expired) when the request carried none anywhere: no header, parameter,
// cookie, nor a body that could hold one.
func refusedUnsent(f *facts) (lexHit, bool) {
	r := &f.req
	if !f.refused() || f.status >= 500 || r.hasCredential() || r.bodyMayHoldCredential() || len(f.challenges) > 0 {
		return lexHit{}, false
	}
	return refusalBeforeAbsence(f)
}

// refusalBeforeAbsence is the first of the server's words that refuses a
// credential (invalid, expired), when it comes before any word of the
// credential's absence.
func refusalBeforeAbsence(f *facts) (lexHit, bool) {
	for _, h := range f.said {
		switch h.m.Cause {
		case AuthInvalid, AuthExpired:
			return h, true
		case AuthMissing:
			return lexHit{}, false
		}
	}
	return lexHit{}, false
}

// credentialExchange reports a POST to an endpoint that issues a
// credential for one sent in its body: an OAuth token endpoint (RFC 6749
// §3.2, client_secret and password in the form), an identity service's
// tokens or sessions (Keystone's /v3/auth/tokens takes the password in
// JSON), a login. There the body is where the caller's credential goes,
// so a bare 401 to a body no check read does not show that none was sent.
func credentialExchange(r *requestFacts) bool {
	if r.Method != "POST" || r.u == nil {
		return false
	}
	switch strings.ToLower(path.Base(strings.TrimSuffix(r.u.Path, "/"))) {
	case "token", "tokens", "login", "signin", "sign_in", "authenticate", "session", "sessions":
		return true
	}
	return false
}

// statusOnlyDemand reports a demand for credentials that rests on the
// status alone: a 401 without a challenge, header or words that ask.
func statusOnlyDemand(f *facts, d demand) bool {
	return len(f.challenges) == 0 && !d.Explicit && d.Phrase == "" && !d.APIGateway && len(d.Evidence) == 1
}

// wordsFaultSomethingSent reports server's words that call something
// wrong (invalid, malformed, bad) and say nothing is absent (missing,
// empty, no, required): they speak of what the request carried.
func wordsFaultSomethingSent(f *facts) bool {
	words := saysWords(f)
	refused := false
	for i := range words {
		for _, e := range absentWords {
			if matchAt(words, i, strings.Fields(e)) > 0 {
				return false
			}
		}
		for _, e := range refusedWords {
			refused = refused || matchAt(words, i, strings.Fields(e)) > 0
		}
	}
	return refused
}

// requirementOnly reports a 403 without a challenge whose words only state
// that the resource requires authentication ("You must be authenticated
// to access this page", "Authentication required"). RFC 9110 §15.5.2: a
// server that wants a credential answers 401 with a challenge; a 403 that
// speaks of a requirement may be a framework's generic forbidden page
// (Play renders that page for every 403, a failed CSRF check included),
// so the words alone decide: a guess. Words that say this caller is not
// authenticated ("Not authenticated") describe the request and stay sure.
func requirementOnly(f *facts, d demand) bool {
	if f.status != 403 || len(f.challenges) > 0 || d.Explicit || d.APIGateway || d.Anonymous || d.Phrase == "" {
		return false
	}
	return d.Phrase != "not authenticated" && d.Phrase != "unauthenticated"
}
