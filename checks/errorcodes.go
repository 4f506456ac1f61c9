package checks

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Documented error codes, read as the server's own words (issue 14 §2).
// Many APIs put a machine code in the body or a header: gRPC and Google's
// canonical status, Google's ErrorInfo reason, AWS's __type and XML
// <Code>, Azure's error.code, OAuth's error, GraphQL's
// errors[].extensions.code, Entra ID's AADSTS numbers. The vendor's own
// documentation says what each means, and that meaning decides before the
// status's default. A code documented with one cause is sure; a code
// documented for several (RFC 6750's invalid_token: "expired, revoked,
// malformed, or invalid for other reasons") is a guess with its
// candidates, the likeliest first, and the words of the message then say
// which: a sure code is applied before the words (applySureCode), a
// guess after them (applyGuessCode). Codes of no refusal (NOT_FOUND,
// INVALID_ARGUMENT) are left out: the status and the words speak for those.
//
// Every entry is taken from the documentation cited above its group, not
// from recorded responses.

// codeMeaning is what one documented code means.
type codeMeaning struct {
	// Meaning is the documented meaning, in short.
	Meaning string
	// Causes is the cause when Sure, else the candidates, likeliest first.
	Causes []string
	Sure   bool
	// Fix is the step the code calls for; "" uses the cause's own.
	Fix string
}

func sure(cause, meaning string, fix ...string) codeMeaning {
	return codeMeaning{Meaning: meaning, Causes: []string{cause}, Sure: true, Fix: strings.Join(fix, "")}
}

func guess(meaning string, causes ...string) codeMeaning {
	return codeMeaning{Meaning: meaning, Causes: causes}
}

// codeGroup is the codes one documentation source defines. A list, not a
// map literal: the table is built in every run that reads a code, and
// building maps of literals was half of its 1.2 ms.
type codeGroup struct {
	Name  string
	Codes []codeDef
}

// codeDef is one documented code and what it means.
type codeDef struct {
	Code string
	codeMeaning
}

// codeKey is a code's words joined by '_': "PERMISSION_DENIED",
// "permission-denied" and "PermissionDenied" read alike.
func codeKey(code string) string {
	return strings.Join(lexWords(code), "_")
}

// codeEntry is a documented code with its group and its documented
// spelling.
type codeEntry struct {
	codeMeaning
	Group, Spelling string
}

// codeTable is codeGroups keyed by codeKey, built on first use. Codes of
// several groups can fold alike (AWS's SlowDown, OAuth's slow_down): all
// are kept, in the groups' order and then the codes' as listed.
var codeTable = sync.OnceValue(func() map[string][]codeEntry {
	groups := codeGroups()
	n := 0
	for _, g := range groups {
		n += len(g.Codes)
	}
	out := make(map[string][]codeEntry, n)
	for _, g := range groups {
		for _, d := range g.Codes {
			k := codeKey(d.Code)
			out[k] = append(out[k], codeEntry{d.codeMeaning, g.Name, d.Code})
		}
	}
	return out
})

// lookupCode is the documented code a server's code names: the entry
// spelt exactly as the server wrote it, else the first group's.
func lookupCode(code string) (codeEntry, bool) {
	es := codeTable()[codeKey(code)]
	if len(es) == 0 {
		return codeEntry{}, false
	}
	if i := slices.IndexFunc(es, func(e codeEntry) bool { return e.Spelling == code }); i >= 0 {
		return es[i], true
	}
	return es[0], true
}

// causeFixes are the general steps of each cause, for a code without its own.
var causeFixes = map[string]string{
	AuthMissing:       "Send the credential where this API reads it (its documented header or parameter), and check that the variable holding it is not empty.",
	AuthInvalid:       "Check the credential's value and that it belongs to this API, account and environment; get a new one if it was revoked.",
	AuthExpired:       "Get a new credential (refresh the token, sign in again) and send the request again.",
	AuthMalformed:     "Send the credential in the exact form the API documents (scheme, header name, separators, encoding).",
	PermissionScope:   "Grant the permission, role or scope this operation needs to the identity that calls (or change the rules or policy that deny it), then retry.",
	RateLimit:         "Wait and retry more slowly (honour Retry-After), or raise the quota.",
	AccountState:      "Enable, verify or reactivate the account, project or API named (its console or support), then retry.",
	IPAllowlist:       "Allow the caller's public address (or its app identity) where the service restricts it, or call from an allowed network.",
	ClockSkew:         "Sign the request again with the current time; if that fails too, set the clock of the machine that signs (NTP).",
	SignatureMismatch: "Recompute the signature over exactly what is sent (method, path, query, signed headers, body hash) with the right secret.",
	HostMismatch:      "Send the request to the host (region, endpoint) that serves this account.",
}

// foundCode is a documented code the response carries, where, and what
// it means.
type foundCode struct {
	Code, Member, Group string
	codeMeaning
}

// evidence is the code as an evidence line.
func (c foundCode) evidence() string {
	return c.Group + " " + c.Code + " (" + c.Member + "): documented as " + c.Meaning
}

// documentedCode is the code that decides: the first documented code the
// response carries, in order of specificity (a reason before the status
// it refines), a sure one before a guess.
func documentedCode(f *facts) (foundCode, bool) {
	if !f.refused() && !graphQLRefused(f) {
		return foundCode{}, false
	}
	var first foundCode
	found := false
	for _, c := range responseCodes(f) {
		if c.Sure {
			return c, true
		}
		if !found {
			first, found = c, true
		}
	}
	return first, found
}

// responseCodes are the documented codes of the response, most specific
// first.
func responseCodes(f *facts) []foundCode {
	var out []foundCode
	// A code that only repeats the status's phrase ("error": "Forbidden",
	// as Spring's and Express's default bodies put it) adds nothing to it.
	phrase := codeKey(statusText(f.status))
	name := func(code, member string) {
		code = strings.TrimSpace(code)
		if code == "" || len(code) > 80 || !printableCode(code) || codeKey(code) == phrase {
			return
		}
		if e, ok := lookupCode(code); ok {
			out = append(out, foundCode{code, member, e.Group, e.codeMeaning})
		}
	}
	if n := aadsts(f); n != "" {
		if m, ok := aadstsCodes()[n]; ok {
			out = append(out, foundCode{"AADSTS" + n, "error description", "Entra ID sign-in error", m})
		}
	}
	if v := jsonValue(f); v != nil {
		add := func(c foundCode) { out = append(out, c) }
		if strings.HasSuffix(f.req.Host, "weixin.qq.com") || strings.Contains(f.body.lower, "weixin.qq.com") {
			wechatCode(v, add)
		}
		readJSONCodes(v, name, add)
	}
	if t := f.h.get("x-amzn-errortype"); t != "" {
		code, _, _ := strings.Cut(t, ":")
		name(code, "x-amzn-ErrorType")
	}
	if x := f.body.xml; x != nil {
		if x.Inner != nil {
			name(x.Inner.Code, "XML Code")
		}
		name(x.Code, "XML Code")
	} else if c := errorsListCode(f.body.raw); c != "" {
		name(c, "XML Errors/Error/Code")
	}
	if c, ok := bearerError(f.challenges); ok {
		name(c.Param("error"), "WWW-Authenticate error")
	}
	return out
}

// errorsListCode is the first <Code> of an EC2-style error document
// (<Response><Errors><Error><Code>), which wraps its errors in a list
// parseXMLError does not open; "" when there is none.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
func errorsListCode(raw string) string {
	head := raw[:min(len(raw), 4096)]
	i := strings.Index(head, "<Errors>")
	if i < 0 {
		return ""
	}
	rest := head[i:]
	j := strings.Index(rest, "<Code>")
	if j < 0 {
		return ""
	}
	rest = rest[j+len("<Code>"):]
	k := strings.Index(rest, "</Code>")
	if k < 0 || k > 80 {
		return ""
	}
	return rest[:k]
}

// aadsts is the number of the first AADSTS error the server's words
// carry, "" when none.
func aadsts(f *facts) string {
	for _, s := range []string{f.body.raw[:min(len(f.body.raw), 8192)], f.h.joined("www-authenticate")} {
		i := strings.Index(s, "AADSTS")
		if i < 0 {
			continue
		}
		j := i + len("AADSTS")
		k := j
		for k < len(s) && k-j < 8 && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k > j {
			return s[j:k]
		}
	}
	return ""
}

// jsonValue is the body as a JSON object (the first element of a list of
// results), nil when it is not one.
func jsonValue(f *facts) map[string]any {
	if f.body.json == nil {
		return nil
	}
	v := f.body.anyJSON()
	if l, ok := v.([]any); ok && len(l) > 0 {
		v = l[0]
	}
	o, _ := v.(map[string]any)
	return o
}

// readJSONCodes calls name for each code member of a JSON error document,
// most specific first, and add for the vendors whose codes are numbers
// or need the document's shape (Meta, PostgREST, Twilio).
func readJSONCodes(o map[string]any, name func(code, member string), add func(foundCode)) {
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	num := func(m map[string]any, k string) (int, bool) {
		n, ok := m[k].(float64)
		return int(n), ok && n == float64(int(n))
	}
	errObj, _ := o["error"].(map[string]any)
	if errObj != nil {
		// Meta: {"error": {"type": "OAuthException", "code": 190, "error_subcode": 463}}
		if code, ok := num(errObj, "code"); ok && (str(errObj, "type") == "OAuthException" || str(errObj, "fbtrace_id") != "") {
			sub, _ := num(errObj, "error_subcode")
			if m, ok := metaCode(code, sub); ok {
				add(foundCode{strconv.Itoa(code), "error.code", "Meta Graph API error", m})
			}
		}
		for _, list := range []string{"details", "errors"} {
			items, _ := errObj[list].([]any)
			for _, it := range items {
				if m, ok := it.(map[string]any); ok {
					name(str(m, "reason"), "error."+list+"[].reason")
				}
			}
		}
		if inner, ok := errObj["innererror"].(map[string]any); ok {
			name(str(inner, "code"), "error.innererror.code")
		}
		name(str(errObj, "reason"), "error.reason")
	}
	if errs, ok := o["errors"].([]any); ok {
		for _, it := range errs {
			if m, ok := it.(map[string]any); ok {
				if ext, ok := m["extensions"].(map[string]any); ok {
					name(str(ext, "code"), "errors[].extensions.code")
				}
				name(str(m, "code"), "errors[].code")
			}
		}
	}
	// PostgREST: {"code": "42501", "details": ..., "hint": ..., "message": ...}
	_, hint := o["hint"]
	_, details := o["details"]
	if c := str(o, "code"); hint && details && c != "" {
		if m, ok := postgrestCodes()[strings.ToUpper(c)]; ok {
			add(foundCode{c, "code", "PostgREST error", m})
		}
	}
	// Twilio: {"code": 20003, "more_info": "https://www.twilio.com/docs/errors/20003"}
	if c, ok := num(o, "code"); ok && strings.Contains(str(o, "more_info"), "twilio.com") {
		if m, ok := twilioCodes()[c]; ok {
			add(foundCode{strconv.Itoa(c), "code", "Twilio error", m})
		}
	}
	for _, k := range []string{"error_code", "errorCode", "error", "code", "reason", "__type", "errcode", "type"} {
		v := str(o, k)
		if k == "__type" {
			v = v[strings.LastIndexByte(v, '#')+1:]
		}
		name(v, k)
	}
	if errObj != nil {
		name(str(errObj, "code"), "error.code")
		name(str(errObj, "type"), "error.type")
		// Firebase Auth's REST API puts its code in the message:
		// "TOO_MANY_ATTEMPTS_TRY_LATER : Too many unsuccessful login attempts".
		msg, _, _ := strings.Cut(str(errObj, "message"), " : ")
		if isUpperCode(msg) {
			name(msg, "error.message")
		}
	}
	name(str(o, "status"), "status")
	if errObj != nil {
		name(str(errObj, "status"), "error.status")
	}
}

// wechatCode reads WeChat's and WeCom's numeric errcode.
func wechatCode(o map[string]any, add func(foundCode)) {
	var n int
	switch v := o["errcode"].(type) {
	case float64:
		n = int(v)
	case string:
		n, _ = strconv.Atoi(v)
	}
	if m, ok := wechatCodes()[n]; ok {
		add(foundCode{strconv.Itoa(n), "errcode", "WeChat/WeCom errcode", m})
	}
}

// graphQLRefused reports a GraphQL answer whose data is null beside its
// errors: an error prevented any result (GraphQL spec, "Response
// Format": data is null when execution failed), a refusal at 200.
func graphQLRefused(f *facts) bool {
	if f.body.json == nil || !strings.Contains(f.body.raw, `"errors"`) {
		return false
	}
	o := jsonValue(f)
	data, present := o["data"]
	errs, _ := o["errors"].([]any)
	return present && data == nil && len(errs) > 0
}

// printableCode reports a code of visible ASCII only: what is quoted as
// evidence carries no space, control character or look-alike letter.
func printableCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// isUpperCode reports a code in capitals and underscores (INVALID_PASSWORD).
func isUpperCode(s string) bool {
	if len(s) < 4 || !strings.Contains(s, "_") {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// applySureCode lets a documented code of one meaning decide before the
// status's default meaning and before the words (issue 14 §2): its cause
// fails as named by the server. A check that already reads the code keeps
// its finding (the code's meaning joins its evidence), and a cause a check
// ruled out with evidence of its own stays ruled out. A response that
// refuses nothing (a 200 success) gets no cause from a code it carries.
// A code about a credential, or its holder's permission, to a request that
// carried none is left to applyGuessCode: authenticating comes first (RFC
// 9110 §15.5.4), and the code cannot be sure of its reading.
func applySureCode(findings []Finding, f *facts, c foundCode, ok bool) []Finding {
	if !ok {
		return findings
	}
	causes, isSure := codeCauses(f, c)
	if !isSure {
		return findings
	}
	id := causes[0]
	g := causeFinding(findings, id)
	switch {
	case g == nil:
	case g.Status == Fail:
		addCodeEvidence(g, c, g.Strength < Named || g.wordsOnly)
		if g.Strength < Named || g.wordsOnly {
			if g.Strength == Inferred {
				g.Title, g.Fix = codeTitle(c, true), codeFix(c, id)
			}
			g.Strength, g.wordsOnly = Named, false
		}
	case g.Status == Pass && ruledOut(g), g.Status == Skip && !wordingMaySkip(g):
		// ruled out with evidence of its own
	default:
		*g = fail(id, Named, codeTitle(c, true), append([]string{c.evidence(), f.statusLine()}, g.Evidence...), codeFix(c, id))
	}
	return findings
}

// applyGuessCode reads a code of several meanings, after the words: when
// a check's marker or the words already fail a cause, they say which (the
// code joins the evidence of its candidates among them); when only the
// status's default meaning stands, the candidates fail, the first as the
// likeliest, and the report stays a guess.
func applyGuessCode(findings []Finding, f *facts, c foundCode, ok bool) []Finding {
	if !ok {
		return findings
	}
	causes, isSure := codeCauses(f, c)
	if isSure {
		return findings
	}
	decided := false
	for i := range findings {
		g := &findings[i]
		if g.Status != Fail {
			continue
		}
		if contains(causes, g.ID) {
			addCodeEvidence(g, c, false)
			decided = true
		}
		// A marker a check read, or the words, already say which.
		decided = decided || g.Strength >= Indicated && !g.wordsOnly || g.worded > 0
	}
	if decided {
		return findings
	}
	for n, id := range causes {
		g := causeFinding(findings, id)
		if g == nil || g.Status == Pass && ruledOut(g) || g.Status == Skip && !wordingMaySkip(g) {
			continue
		}
		*g = fail(id, Indicated, codeTitle(c, false), append([]string{c.evidence(), f.statusLine()}, g.Evidence...), codeFix(c, id))
		g.wordsOnly = true
		if n > 0 {
			g.Strength = Inferred
		}
	}
	return findings
}

// codeCauses are the code's causes for this request, and whether the
// reading is sure.
func codeCauses(f *facts, c foundCode) ([]string, bool) {
	causes := c.Causes
	// An OAuth token request carries its grant (an authorization code, a
	// device code) in the body: the token endpoint's codes are about it.
	grant := strings.Contains(string(f.req.bodyHead), "grant_type")
	if !f.reqUnknown && !f.req.hasCredential() && !f.req.bodyMayHoldCredential() && !grant {
		switch causes[0] {
		case AuthInvalid, AuthExpired, AuthMalformed, PermissionScope:
			rest := slices.DeleteFunc(slices.Clone(causes), func(id string) bool { return id == AuthMissing })
			return append([]string{AuthMissing}, rest...), false
		}
	}
	return causes, c.Sure
}

// causeFinding is the finding of cause id.
func causeFinding(findings []Finding, id string) *Finding {
	for i := range findings {
		if findings[i].ID == id {
			return &findings[i]
		}
	}
	return nil
}

// addCodeEvidence adds the code and its documented meaning to a
// finding's evidence: first when the code decides, last when the check's
// own evidence does (the first line is what a report's headline quotes).
func addCodeEvidence(g *Finding, c foundCode, first bool) {
	switch {
	case contains(g.Evidence, c.evidence()):
	case first:
		g.Evidence = append([]string{c.evidence()}, g.Evidence...)
	default:
		g.Evidence = append(g.Evidence, c.evidence())
	}
}

// codeTitle is the finding's title for a code.
func codeTitle(c foundCode, isSure bool) string {
	t := c.Group + " " + c.Code + ": " + c.Meaning
	if !isSure {
		t += " (the code alone cannot tell which cause)"
	}
	return t
}

// codeFix is the step a code calls for, for cause id.
func codeFix(c foundCode, id string) string {
	if c.Fix != "" && c.Causes[0] == id {
		return c.Fix
	}
	return causeFixes[id]
}
