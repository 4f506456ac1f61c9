package checks

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"unicode"

	"github.com/why403/why403/probe"
)

// bodyWindow is how much of a body the checks read. Refusal pages and error
// documents are small; a large body is a payload, and its first 64 KiB say
// what kind of document it is.
const bodyWindow = 64 << 10

// bodyFacts is a response body read once for every check.
type bodyFacts struct {
	// raw is the first bodyWindow bytes; lower is raw with ASCII letters
	// lowered, byte for byte, so an index into one is an index into the other.
	raw, lower string
	// truncated reports that the body is longer than the window (or was cut
	// by the probe's cap).
	truncated bool
	size      int64
	isHTML    bool
	title     string
	json      *jsonFacts
	xml       *xmlError
	// printed is the body as JSON when it is an envelope a client library
	// printed (printed_envelope.go), "" otherwise.
	printed string
	// cfCode is a Cloudflare 1xxx code shown by the body, zero when none.
	cfCode int
	// hits are the marker phrases found in one scan of lower.
	hits found
	// said is the visible text of the first 8 KiB (a page's scripts and
	// tags dropped): the words the server wrote, read once for the
	// lexicon and the block-page check.
	said string
	// tree is raw decoded as a JSON document of any shape, once, on the
	// first call of anyJSON (treeRead).
	tree     any
	treeRead bool
}

// anyJSON is raw decoded as a JSON document of any shape, nil when it does
// not decode. The server's words, its error codes and the second opinion
// each walk it: decoding it once for all of them saves a small refusal's
// judgement about a tenth. Callers only read it.
func (b *bodyFacts) anyJSON() any {
	if !b.treeRead {
		b.treeRead = true
		var v any
		if json.Unmarshal([]byte(b.raw), &v) == nil {
			b.tree = v
		}
	}
	return b.tree
}

// newBodyFacts reads a body; secrets (the request's credentials) are
// masked first, so no excerpt or parsed field can show one a server echoed.
func newBodyFacts(body []byte, size int64, truncated bool, secrets []string) bodyFacts {
	b := bodyFacts{size: size, truncated: truncated}
	if size < int64(len(body)) {
		b.size = int64(len(body))
	}
	if len(body) > bodyWindow {
		body = body[:bodyWindow]
		b.truncated = true
	}
	body = redactBytes(body, secrets)
	b.raw = string(body)
	b.lower = lowerASCII(body)
	idx := bodyPhrases()
	b.hits = found{x: idx, pos: idx.scan(b.lower), text: b.lower}
	head := strings.TrimLeft(b.lower[:min(len(b.lower), 512)], " \t\r\n\ufeff")
	b.isHTML = strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") ||
		strings.Contains(head, "<head") || strings.Contains(head, "<body") || strings.Contains(head, "<title")
	b.title = b.findTitle()
	b.said = b.raw[:min(len(b.raw), 8192)]
	if b.isHTML {
		b.said = html.UnescapeString(stripTags(dropScripts(b.said, b.lower[:len(b.said)])))
	}
	// Error documents are small; a complete body is parsed, a cut one is not
	// (it would not parse, and a large JSON body is data, not an error).
	if !b.truncated {
		switch {
		case strings.HasPrefix(head, "{"), strings.HasPrefix(head, "["):
			b.json = parseJSONBody(body)
		case strings.HasPrefix(head, "<?xml") || strings.HasPrefix(head, "<error"):
			b.xml = parseXMLError(body)
		}
		if b.json == nil && b.xml == nil && !b.isHTML {
			// an envelope as a client library printed it (printed_envelope.go)
			if p := printedJSON(b.raw); p != "" {
				b.printed, b.json = p, parseJSONBody([]byte(p))
			}
		}
	}
	b.cfCode = b.findCloudflareCode()
	return b
}

// redactBytes replaces each secret in p by its mask (copying p only when
// one occurs).
func redactBytes(p []byte, secrets []string) []byte {
	for _, s := range secrets {
		if indexLong(p, s) >= 0 {
			p = bytes.ReplaceAll(p, []byte(s), []byte(probe.MaskSecret(s)))
		}
	}
	return p
}

// indexLong is bytes.Index for long needles (tokens of a kilobyte): it
// finds a short prefix with the vectorised search and confirms the rest,
// where bytes.Index would fall back to Rabin-Karp.
func indexLong(p []byte, s string) int {
	const head = 16
	if len(s) <= head {
		return bytes.Index(p, []byte(s))
	}
	prefix := []byte(s[:head])
	for off := 0; ; {
		i := bytes.Index(p[off:], prefix)
		if i < 0 {
			return -1
		}
		if bytes.HasPrefix(p[off+i:], []byte(s)) {
			return off + i
		}
		off += i + 1
	}
}

// lowerASCII lowers A-Z only, keeping byte offsets intact (strings.ToLower
// may change the length of some non-ASCII letters). It works on eight
// bytes at a time: bodies are read on every send. The bytes are lowered
// into a small buffer and written to a builder, whose string is not
// copied again: a 64 KiB body is allocated once, not zeroed, lowered and
// copied.
func lowerASCII(p []byte) string {
	var sb strings.Builder
	sb.Grow(len(p))
	var buf [512]byte
	for len(p) > 0 {
		chunk := p[:min(len(p), len(buf))]
		out := buf[:len(chunk)]
		i := 0
		for ; i+8 <= len(chunk); i += 8 {
			w := binary.LittleEndian.Uint64(chunk[i:])
			const ones = 0x0101010101010101
			h := w & (0x7f * ones)
			geA := h + (0x80-'A')*ones // high bit set where byte >= 'A'
			gtZ := h + (0x80-'Z'-1)*ones
			upper := geA &^ gtZ &^ w & (0x80 * ones) // and not already >= 0x80
			binary.LittleEndian.PutUint64(out[i:], w|upper>>2)
		}
		for ; i < len(chunk); i++ {
			c := chunk[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out[i] = c
		}
		sb.Write(out)
		p = p[len(chunk):]
	}
	return sb.String()
}

// has reports whether the lowered body contains s.
// textNotice reports a body that is only a short line or two of plain
// text, no page and no document: what a handler writes in place of the
// answer (res.send("Invalid Host header"), echo "Invalid API key"). As for
// a JSON notice, whether it refuses is for its words to say
// (facts.refused).
func (b *bodyFacts) textNotice() bool {
	t := strings.TrimSpace(b.raw)
	return t != "" && !b.truncated && !b.isHTML && b.json == nil && b.xml == nil && len(t) <= 160 &&
		strings.Count(t, "\n") < 2 && !strings.ContainsAny(t[:1], "<{[")
}

// deniesADenial reports a notice that negates a word of refusal ("Your IP
// is not blocked", "no rate limit reached", "token not expired"): a double
// negative is an all-clear, not a refusal. ("Not allowed", "no access"
// negate a permission, which is a refusal: those words are not listed.)
func deniesADenial(lower string) bool {
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	for i, w := range words {
		switch w {
		case "not", "no", "never", "isn't", "wasn't", "aren't", "without":
		default:
			continue
		}
		for _, next := range words[i+1 : min(len(words), i+4)] {
			for _, d := range []string{"block", "denied", "deny", "forbid", "ban", "limit", "exceed", "reject", "refus", "restrict", "expire", "invalid", "throttl", "suspend", "lock"} {
				if strings.HasPrefix(next, d) {
					return true
				}
			}
		}
	}
	return false
}

func (b *bodyFacts) has(s string) bool { return b.index(s) >= 0 }

// index is the offset of s (lower case) in the body, or -1.
func (b *bodyFacts) index(s string) int {
	if b.hits.x == nil {
		return strings.Index(b.lower, s)
	}
	return b.hits.index(s)
}

// find returns the first of phrases found in the body, with an excerpt.
func (b *bodyFacts) find(phrases []string) (phrase, excerpt string, ok bool) {
	for _, p := range phrases {
		i := b.index(p)
		// An occurrence inside a URL or an e-mail address is no wording
		// (addresses.go): look for the next one, a few times at most.
		for n := 0; i >= 0 && inAddress(b.lower, i) && n < 8; n++ {
			j := strings.Index(b.lower[i+1:], p)
			if j < 0 {
				i = -1
				break
			}
			i += 1 + j
		}
		if i >= 0 && !inAddress(b.lower, i) {
			return p, b.excerpt(i, i+len(p)), true
		}
	}
	return "", "", false
}

// excerpt is the text around raw[i:j], tags stripped and white space
// collapsed, at most maxExcerpt characters.
func (b *bodyFacts) excerpt(i, j int) string {
	start, end := max(0, i-80), min(len(b.raw), j+110)
	for start > 0 && start < len(b.raw) && b.raw[start]&0xc0 == 0x80 {
		start--
	}
	for end < len(b.raw) && b.raw[end]&0xc0 == 0x80 {
		end++
	}
	s := b.raw[start:end]
	if b.isHTML || strings.Contains(s, "</") {
		s = html.UnescapeString(stripTags(s))
	}
	s = collapse(s)
	if start > 0 {
		s = "…" + s
	}
	if end < len(b.raw) {
		s += "…"
	}
	return clip(s, maxExcerpt)
}

// text is the whole body as one excerpt, for short bodies.
func (b *bodyFacts) text() string {
	if len(b.raw) == 0 {
		return ""
	}
	s := b.raw[:min(len(b.raw), 4096)]
	if b.isHTML {
		s = html.UnescapeString(stripTags(s))
	}
	return clip(collapse(s), maxExcerpt)
}

func (b *bodyFacts) findTitle() string {
	i := b.index("<title")
	if i < 0 {
		return ""
	}
	gt := strings.IndexByte(b.lower[i:], '>')
	if gt < 0 {
		return ""
	}
	start := i + gt + 1
	end := strings.Index(b.lower[start:], "</title")
	if end < 0 || end > 1024 {
		return ""
	}
	return clip(collapse(html.UnescapeString(b.raw[start:start+end])), maxExcerpt)
}

// findCloudflareCode reads a Cloudflare 1xxx code from the page
// (<span class="cf-error-code">1020</span>), a plain-text body
// ("error code: 1020") or the JSON form (error_code).
// isCloudflarePlainError reports a body that is exactly Cloudflare's
// plain-text error page, "error code: 1020", with a code Cloudflare uses.
func (b *bodyFacts) isCloudflarePlainError() bool {
	_, known := cloudflareCodes()[b.cfCode]
	return known && strings.TrimSpace(b.lower) == "error code: "+strconv.Itoa(b.cfCode)
}

// isCloudflarePage reports Cloudflare's own error or block page by what
// only it carries: a title that names Cloudflare as one of its block pages
// ("Attention Required! | Cloudflare"), or Cloudflare's error stylesheet
// served from the edge's reserved /cdn-cgi/ path.
func (b *bodyFacts) isCloudflarePage() bool {
	if b.has("/cdn-cgi/styles/cf.errors.css") {
		return true
	}
	lt := strings.ToLower(b.title)
	for _, t := range cloudflareBlockTitles {
		if strings.Contains(t, "cloudflare") && strings.Contains(lt, t) {
			return true
		}
	}
	return false
}

func (b *bodyFacts) findCloudflareCode() int {
	if b.json != nil && b.json.CFCode >= 1000 && b.json.CFCode < 2000 {
		return b.json.CFCode
	}
	for _, anchor := range []string{"cf-error-code", "error code: ", "error code:"} {
		i := b.index(anchor)
		if i < 0 {
			continue
		}
		rest := b.lower[i+len(anchor):]
		if anchor == "cf-error-code" {
			gt := strings.IndexByte(rest, '>')
			if gt < 0 || gt > 80 {
				continue
			}
			rest = rest[gt+1:]
		}
		rest = strings.TrimLeft(rest, " ")
		n := 0
		for n < len(rest) && n < 5 && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 4 {
			if c, err := strconv.Atoi(rest[:n]); err == nil && c >= 1000 && c < 2000 {
				return c
			}
		}
	}
	return 0
}

// jsonFacts are the fields of JSON error documents the checks know:
// Google (error.status, details[].reason), Azure (error.code and
// error.innererror.code), Kubernetes
// (kind Status), Cloudflare (error_code), Elasticsearch (error.reason),
// AWS (__type, Message), OAuth (error, error_description), RFC 9457
// (title, detail) and the generic error / message / detail.
type jsonFacts struct {
	// ErrorString is "error" when it is a string (OAuth, generic).
	ErrorString string
	// Error object fields.
	ErrCode    string // Google's number or Azure's string
	ErrStatus  string // Google's canonical status (PERMISSION_DENIED)
	ErrMessage string
	ErrType    string
	// Reasons are details[].reason, errors[].reason and error.reason.
	Reasons          []string
	Message          string
	Detail           string
	Title            string
	ErrorDescription string
	Code             string // top-level code
	Status           string // top-level status (Kubernetes "Failure", a number)
	Kind             string
	Reason           string // Kubernetes reason
	AWSType          string // __type, without its namespace
	CFCode           int
	CFName           string
	CFRetryAfter     int
	// Failed: an envelope that reports failure whatever the HTTP status
	// ("ok": false of Slack and Telegram, "success": false of Cloudflare's
	// API), with an error to go with it.
	Failed bool
	// Notice: the document is only a message or two (every value a
	// string, no data), as an API answers in place of its data ("Note",
	// "Information", "message"). Whether it refuses is for its words to say
	// (facts.refused).
	Notice bool
	// Needed and Provided are Slack's scope fields of missing_scope.
	Needed, Provided string
}

// jsonBody is the wire shape; polymorphic fields stay raw.
type jsonBody struct {
	Error            json.RawMessage `json:"error"`
	Message          json.RawMessage `json:"message"`
	Detail           json.RawMessage `json:"detail"`
	Title            json.RawMessage `json:"title"`
	ErrorDescription json.RawMessage `json:"error_description"`
	ErrorCode        json.RawMessage `json:"error_code"`
	ErrorName        json.RawMessage `json:"error_name"`
	RetryAfter       json.RawMessage `json:"retry_after"`
	Kind             json.RawMessage `json:"kind"`
	Reason           json.RawMessage `json:"reason"`
	Code             json.RawMessage `json:"code"`
	Status           json.RawMessage `json:"status"`
	AWSType          json.RawMessage `json:"__type"`
	OK               json.RawMessage `json:"ok"`
	Success          json.RawMessage `json:"success"`
	Needed           json.RawMessage `json:"needed"`
	Provided         json.RawMessage `json:"provided"`
	// ErrCodeNum is WeChat's and others' errcode (0 means success);
	// Errors is GraphQL's list of errors.
	ErrCodeNum json.RawMessage `json:"errcode"`
	Errors     json.RawMessage `json:"errors"`
}

type jsonErrorObject struct {
	Code    json.RawMessage `json:"code"`
	Status  json.RawMessage `json:"status"`
	Message json.RawMessage `json:"message"`
	Type    json.RawMessage `json:"type"`
	Reason  json.RawMessage `json:"reason"`
	Errors  []struct {
		Reason  json.RawMessage `json:"reason"`
		Message json.RawMessage `json:"message"`
	} `json:"errors"`
	Details []struct {
		Reason json.RawMessage `json:"reason"`
	} `json:"details"`
	// InnerError is Azure's more specific code (ForbiddenByFirewall).
	InnerError struct {
		Code json.RawMessage `json:"code"`
	} `json:"innererror"`
}

func parseJSONBody(p []byte) *jsonFacts {
	// A list of results whose first is an object stands for the answer
	// (Philips Hue and deCONZ put each error in such a list, at 200).
	if t := bytes.TrimSpace(p); len(t) > 0 && t[0] == '[' {
		var list []json.RawMessage
		if json.Unmarshal(t, &list) != nil || len(list) == 0 {
			return nil
		}
		if f := bytes.TrimSpace(list[0]); len(f) > 0 && f[0] == '{' {
			return parseJSONBody(f)
		}
		return nil
	}
	var w jsonBody
	if err := json.Unmarshal(p, &w); err != nil {
		return nil
	}
	j := &jsonFacts{
		Message:          rawText(w.Message),
		Detail:           rawText(w.Detail),
		Title:            rawText(w.Title),
		ErrorDescription: rawText(w.ErrorDescription),
		Code:             rawText(w.Code),
		Status:           rawText(w.Status),
		Kind:             rawText(w.Kind),
		Reason:           rawText(w.Reason),
		CFName:           rawText(w.ErrorName),
		Needed:           rawText(w.Needed),
		Provided:         rawText(w.Provided),
	}
	if t := rawText(w.AWSType); t != "" {
		j.AWSType = t[strings.LastIndexByte(t, '#')+1:]
	}
	j.Failed = (rawText(w.OK) == "false" || rawText(w.Success) == "false") && len(bytes.TrimSpace(w.Error)) > 0
	// An envelope that reports an error at any status: a non-zero errcode
	// with its message, or a GraphQL errors list and no data.
	if c := rawText(w.ErrCodeNum); c != "" && c != "0" {
		j.Failed = true
	}
	if e := bytes.TrimSpace(w.Errors); len(e) > 2 && e[0] == '[' && noGraphQLData(p) {
		j.Failed = true
	}
	if envelopeFailed(p) || errorMember(w.Error) {
		j.Failed = true
	}
	j.Notice = onlyMessages(p)
	j.CFCode, _ = strconv.Atoi(rawText(w.ErrorCode))
	j.CFRetryAfter, _ = strconv.Atoi(rawText(w.RetryAfter))
	e := bytes.TrimSpace(w.Error)
	switch {
	case len(e) > 0 && e[0] == '"':
		j.ErrorString = rawText(e)
	case len(e) > 0 && e[0] == '{':
		var o jsonErrorObject
		if json.Unmarshal(e, &o) == nil {
			j.ErrCode = rawText(o.Code)
			j.ErrStatus = rawText(o.Status)
			j.ErrMessage = rawText(o.Message)
			j.ErrType = rawText(o.Type)
			if r := rawText(o.Reason); r != "" {
				j.Reasons = append(j.Reasons, r)
			}
			for _, d := range o.Details {
				if r := rawText(d.Reason); r != "" {
					j.Reasons = append(j.Reasons, r)
				}
			}
			if r := rawText(o.InnerError.Code); r != "" {
				j.Reasons = append(j.Reasons, r)
			}
			for _, d := range o.Errors {
				if r := rawText(d.Reason); r != "" {
					j.Reasons = append(j.Reasons, r)
				}
			}
		}
	}
	return j
}

// rawText is a JSON string's value or a number's text; "" otherwise.
func rawText(r json.RawMessage) string {
	r = bytes.TrimSpace(r)
	if len(r) == 0 {
		return ""
	}
	switch {
	case r[0] == '"':
		var s string
		if json.Unmarshal(r, &s) == nil {
			return s
		}
	case r[0] == '-' || (r[0] >= '0' && r[0] <= '9'):
		return string(r)
	case string(r) == "true" || string(r) == "false":
		return string(r)
	}
	return ""
}

// hasReason reports whether the document carries reason (any case) among
// its reasons, codes or types.
func (j *jsonFacts) hasReason(reason string) bool {
	if j == nil {
		return false
	}
	for _, r := range j.Reasons {
		if strings.EqualFold(r, reason) {
			return true
		}
	}
	return strings.EqualFold(j.ErrCode, reason) || strings.EqualFold(j.ErrType, reason) ||
		strings.EqualFold(j.Code, reason) || strings.EqualFold(j.AWSType, reason) ||
		strings.EqualFold(j.ErrorString, reason) || strings.EqualFold(j.ErrStatus, reason)
}

// isKubernetesStatus reports a Kubernetes API Status object.
func (j *jsonFacts) isKubernetesStatus() bool {
	return j != nil && j.Kind == "Status" && j.Reason != ""
}

// summary is the most telling message of the document.
func (j *jsonFacts) summary() string {
	if j == nil {
		return ""
	}
	for _, s := range []string{j.ErrMessage, j.ErrorDescription, j.Message, j.Detail, j.Title, j.ErrorString} {
		if s != "" {
			return clip(collapse(s), maxExcerpt)
		}
	}
	return ""
}

// errorMember reports an "error" member that holds an error: an object
// (JSON-RPC 2.0 §5 answers failure with one, and only then, at HTTP 200)
// or a list of messages (Kraken's "error": ["EAPI:Invalid key"], empty on
// success). An empty list, null, false or an empty string report none; a
// bare string is left to the status and the other fields, as APIs put
// "error": "none" or a code there on success too.
func errorMember(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return false
	}
	switch raw[0] {
	case '{':
		// {"code": 0, "msg": "success"} is how some APIs say "no error".
		var o map[string]json.RawMessage
		if json.Unmarshal(raw, &o) != nil {
			return false
		}
		for _, v := range o {
			switch t := strings.ToLower(rawText(v)); t {
			case "", "0", "ok", "success", "false", "none":
			default:
				return true
			}
		}
		return false
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return false
		}
		for _, e := range list {
			if t := rawText(e); t != "" || len(bytes.TrimSpace(e)) > 0 && bytes.TrimSpace(e)[0] == '{' {
				return true
			}
		}
	}
	return false
}

// onlyMessages reports an object of one or two fields whose values are
// all non-empty strings, one of them a sentence: a message in place of
// data. (A token response's access_token and token_type is no message.)
func onlyMessages(p []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(p, &top) != nil || len(top) == 0 || len(top) > 2 {
		return false
	}
	prose := false
	for k, v := range top {
		var s string
		if json.Unmarshal(v, &s) != nil || strings.TrimSpace(s) == "" {
			return false
		}
		if successStatus(k, s) {
			return false // the message reports what was done
		}
		prose = prose || len(strings.Fields(s)) >= 3
	}
	return prose
}

// successStatus reports a status member that says the call succeeded
// ("status": "ok", "result": "success").
func successStatus(member, value string) bool {
	switch strings.ToLower(member) {
	case "status", "result", "state":
		switch strings.ToLower(strings.TrimSpace(value)) {
		case "ok", "success", "succeeded", "done":
			return true
		}
	}
	return false
}

// noGraphQLData reports a GraphQL response without a result: no data
// member, or one that is null or empty ("data": [] from monday.com). The
// errors then say why the whole operation failed; data with members is a
// partial result (GraphQL over HTTP, "partial response").
func noGraphQLData(p []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(p, &top) != nil {
		return !bytes.Contains(p, []byte(`"data"`))
	}
	d, ok := top["data"]
	if !ok {
		return true
	}
	switch string(bytes.Join(bytes.Fields(d), nil)) {
	case "null", "[]", "{}":
		return true
	}
	return false
}

// failWords in an envelope's status or message say the call failed
// (Google Maps "REQUEST_DENIED", Etherscan "NOTOK", Kubernetes "Failure").
var failWords = []string{"denied", "deny", "error", "errors", "invalid", "fail", "failed", "failure", "forbidden",
	"unauthorized", "unauthorised", "rejected", "notok", "exceeded", "limit"}

// envelopeFailed reports a JSON envelope that says it failed, whatever
// the HTTP status: a status or message field whose value is a failure
// word, a non-zero return code next to its message (Bybit's ret_code and
// ret_msg), or an error text field filled in, at the top or in the first
// element of a list of results (Vonage's messages[].error-text).
func envelopeFailed(p []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(p, &top) != nil {
		return false
	}
	if objectFailed(top) {
		return true
	}
	for k, v := range top {
		if errorNamed(k) && errorMember(v) {
			// the error wrapped in a member named for it (Taobao's
			// error_response, an ErrorResponse): what it holds failed
			return true
		}
		var list []map[string]json.RawMessage
		if json.Unmarshal(v, &list) == nil && len(list) > 0 && objectFailed(list[0]) {
			return true
		}
	}
	return false
}

// errorNamed reports a member named for an error: "error_response",
// "errorResponse", "error_info" (two words, one of them error).
func errorNamed(k string) bool {
	w := lexWords(k)
	return len(w) == 2 && (w[0] == "error" || w[1] == "error")
}

func objectFailed(o map[string]json.RawMessage) bool {
	field := func(names ...string) string {
		for k, v := range o {
			for _, n := range names {
				if strings.EqualFold(k, n) {
					if t := rawText(v); t != "" {
						return t
					}
				}
			}
		}
		return ""
	}
	for _, v := range []string{field("status", "state", "result_status", "ack"), field("message", "msg")} {
		words := lexWords(v)
		for _, w := range words {
			if contains(failWords, w) && len(words) <= 3 {
				// A short code ("REQUEST_DENIED", "NOTOK"), not prose
				// that happens to hold the word.
				return true
			}
		}
	}
	if c := field("ret_code", "retcode", "return_code", "returncode"); c != "" && c != "0" && !successStatus("status", c) && field("ret_msg", "retmsg", "return_msg", "returnmessage", "msg", "message") != "" {
		return true
	}
	// A named error code next to its message (Moodle's errorcode
	// "invalidtoken", Facebook's error_code): a number or word that is
	// neither zero nor success.
	if c := strings.ToLower(field("errorcode", "error_code")); c != "" && c != "0" && c != "ok" && c != "success" && c != "none" &&
		field("message", "msg", "error_msg", "errormsg", "description") != "" {
		return true
	}
	return field("error-text", "error_text", "error_message", "errormessage", "errmsg") != ""
}
