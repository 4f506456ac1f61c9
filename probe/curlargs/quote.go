package curlargs

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/runes"
)

// Quote writes req as one curl command line of single-quoted shell words,
// for "copy as curl". A value holding a control or format character (a
// newline, CR, ESC, U+202E, invalid UTF-8) is written as a bash $'…' word
// with visible escapes, so the command carries no such character raw. Parse of its words gives req back (see the round-trip
// test). Secrets are masked by the redactor (the request's, which
// knows its SecretHeaders), and an Authorization header, a header named
// secret or a credential flag becomes a shell variable ("Authorization:
// Bearer $TOKEN") so the command still runs once TOKEN is set. Settings
// curl has no flag for (the TLS, headers and no-progress timeouts,
// why403's body cap) are left out.
func Quote(req probe.Request, red probe.Redactor) string {
	return QuoteWith(req, QuoteOptions{Redactor: red})
}

// QuoteOptions shape QuoteWith's command.
type QuoteOptions struct {
	// Redactor masks the secrets, unless revealed.
	Redactor probe.Redactor
	// TokenEnv names the environment variable the Bearer token came from
	// (--token-env): unless revealed, the command reads it from there
	// (-H "Authorization: Bearer $VAR") instead of a masked $TOKEN.
	TokenEnv string
}

// QuoteWith is Quote with every option.
func QuoteWith(req probe.Request, o QuoteOptions) string {
	red := o.Redactor
	reveal := red.Revealed()
	w := []string{"curl"}
	hasBody := req.Body != nil || req.BodyFile != ""
	method := req.Method
	if method == "" {
		method = http.MethodGet
	}
	inferred := http.MethodGet
	if hasBody {
		inferred = http.MethodPost
	}
	switch {
	case method == http.MethodHead && !hasBody:
		w = append(w, "-I")
	case method != inferred:
		w = append(w, "-X", word(method))
	}
	w = append(w, word(red.URL(req.URL)))

	// Parse starts from probe.NewRequest's headers and adds some of its
	// own, and a -H replaces all of curl's headers of its name. So: keep a
	// default in its place (unless a header of its name follows), remove
	// one that is gone, and write every other header in order. The
	// User-Agent is written out with -A, which keeps its place, so that
	// curl itself sends the same one.
	hs := req.Headers
	has := func(hs []probe.Header, name string) bool {
		for _, h := range hs {
			if strings.EqualFold(h.Name, name) {
				return true
			}
		}
		return false
	}
	switch {
	case len(hs) > 0 && hs[0].Name == "User-Agent" && hs[0].Value != "" && !has(hs[1:], "User-Agent"):
		w = append(w, "-A", word(hs[0].Value))
		hs = hs[1:]
	case !has(hs, "User-Agent"):
		w = append(w, "-H", word("User-Agent:"))
	}
	switch accept := (probe.Header{Name: "Accept", Value: "*/*"}); {
	case len(hs) > 0 && hs[0] == accept && !has(hs[1:], "Accept"):
		hs = hs[1:] // curl's default too
	case !has(hs, "Accept"):
		w = append(w, "-H", word("Accept:"))
	}
	if req.Compressed && !has(hs, "Accept-Encoding") {
		w = append(w, "-H", word("Accept-Encoding:"))
	}
	if hasBody && !has(hs, "Content-Type") {
		w = append(w, "-H", word("Content-Type:"))
	}
	for _, h := range hs {
		w = append(w, "-H", headerWord(h, red))
	}

	if req.Auth.Bearer != "" {
		switch {
		case reveal:
			w = append(w, "--oauth2-bearer", word(req.Auth.Bearer))
		case validEnvName(o.TokenEnv) && !has(req.Headers, "Authorization"):
			// The variable the user keeps the token in: the command runs
			// as is where it is set, and prints no secret. A -H
			// Authorization would replace it, so then $TOKEN stands in.
			w = append(w, "-H", `"Authorization: Bearer $`+o.TokenEnv+`"`)
		default:
			w = append(w, "--oauth2-bearer", `"$TOKEN"`)
		}
	}
	if req.Auth.HasBasic {
		if reveal {
			w = append(w, "-u", word(req.Auth.BasicUser+":"+req.Auth.BasicPass))
		} else {
			w = append(w, "-u", secretWord(req.Auth.BasicUser+":", "$PASSWORD"))
		}
	}

	switch {
	case req.BodyFile != "":
		w = append(w, "--data-binary", word("@"+req.BodyFile))
	case req.Body != nil && bytes.IndexByte(req.Body, 0) >= 0:
		// A NUL byte cannot be in an argument; bash's process substitution
		// hands curl the exact bytes as a file.
		// The secret fields are masked first, byte for byte otherwise.
		body := red.RequestBody(probe.HeaderValue(req.Headers, "Content-Type"), req.Body)
		w = append(w, "--data-binary", "@<(printf %s "+word(base64.StdEncoding.EncodeToString([]byte(body)))+" | base64 -d)")
	case req.Body != nil:
		// The values of secret fields (password=, "client_secret", -F
		// password=) are masked as everywhere else; the rest of the body
		// stays as sent.
		w = append(w, "--data-raw", word(red.RequestBody(probe.HeaderValue(req.Headers, "Content-Type"), req.Body)))
	}

	if req.Compressed {
		w = append(w, "--compressed")
	}
	if req.FollowRedirects {
		w = append(w, "-L")
	}
	if req.MaxRedirects != probe.DefaultMaxRedirects {
		w = append(w, "--max-redirs", strconv.Itoa(req.MaxRedirects))
	}
	switch req.HTTPVersion {
	case "1.1":
		w = append(w, "--http1.1")
	case "2":
		w = append(w, "--http2")
	case "2-prior-knowledge":
		w = append(w, "--http2-prior-knowledge")
	}
	if req.TLS.CertFile != "" {
		esc := strings.NewReplacer(`\`, `\\`, `:`, `\:`).Replace(req.TLS.CertFile)
		w = append(w, "--cert", word(esc))
	}
	if req.TLS.KeyFile != "" {
		w = append(w, "--key", word(req.TLS.KeyFile))
	}
	if req.TLS.CAFile != "" {
		w = append(w, "--cacert", word(req.TLS.CAFile))
	}
	if req.TLS.Insecure {
		w = append(w, "-k")
	}
	if req.Proxy != "" {
		w = append(w, "-x", word(red.URL(req.Proxy)))
	}
	if req.NoProxy != "" || req.NoProxySet {
		w = append(w, "--noproxy", word(req.NoProxy))
	}
	for _, c := range req.ConnectTo {
		w = append(w, "--connect-to", word(c))
	}
	if req.Timeouts.Connect > 0 {
		w = append(w, "--connect-timeout", secondsWord(req.Timeouts.Connect))
	}
	if req.Timeouts.Total > 0 {
		w = append(w, "-m", secondsWord(req.Timeouts.Total))
	}
	return strings.Join(w, " ")
}

func headerWord(h probe.Header, red probe.Redactor) string {
	if h.Value == "" {
		return word(h.Name + ";")
	}
	if red.Revealed() || !red.IsSecretHeader(h.Name) {
		return word(h.Name + ": " + red.RequestHeader(h.Name, h.Value))
	}
	if !probe.IsCredentialHeader(h.Name) {
		return secretWord(h.Name+": ", "$TOKEN") // a header the user named secret
	}
	switch strings.ToLower(h.Name) {
	case "authorization", "proxy-authorization":
		prefix := h.Name + ": "
		if scheme, _, ok := strings.Cut(h.Value, " "); ok && !strings.Contains(scheme, "=") {
			prefix += scheme + " "
		}
		return secretWord(prefix, "$TOKEN")
	}
	return word(h.Name + ": " + red.RequestHeader(h.Name, h.Value))
}

// word quotes s for a POSIX shell: bare when it has only characters no
// shell treats specially, in single quotes when it has no control or format
// character, else as a bash ANSI-C word ($'…').
func word(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./:=@%+,", r))
	}) < 0 {
		return s
	}
	if needsANSIC(s) {
		return ansiC(s)
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// secretWord is prefix followed by a shell variable reference: one
// double-quoted word, or a $'…' word and the quoted variable when prefix
// holds a control or format character.
func secretWord(prefix, variable string) string {
	if needsANSIC(prefix) {
		return ansiC(prefix) + `"` + variable + `"`
	}
	return `"` + escapeDouble(prefix) + variable + `"`
}

// needsANSIC reports a control character (C0, DEL, C1), a format
// character (Unicode Cf, U+2028/9), a private-use character or invalid
// UTF-8 in s: characters that
// must not reach a terminal or a clipboard raw.
func needsANSIC(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || isControlOrFormat(r) {
			return true
		}
		i += n
	}
	return false
}

// Private-use characters count too: ui/escape shows them escaped, so a
// command that carries them raw would not survive the sanitizer exactly.
func isControlOrFormat(r rune) bool {
	return r < 0x20 || runes.IsC1(r) || runes.IsFormat(r) || runes.IsPrivateUse(r)
}

// ansiC writes s as a bash $'…' word: \\, \', \n, \t, \r, \xNN for other
// C0 controls, DEL and invalid bytes, and for each UTF-8 byte of a C1,
// format or private-use character (U+202E is \xe2\x80\xae); everything
// else as is.
func ansiC(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString("$'")
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x` + hex2(s[i]))
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\'':
			b.WriteString(`\'`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x` + hex2(byte(r)))
		case isControlOrFormat(r):
			// Its UTF-8 bytes, not \uNNNN: bash turns \u into nothing
			// useful outside a UTF-8 locale, while \xNN is a byte in any.
			for j := i; j < i+n; j++ {
				b.WriteString(`\x` + hex2(s[j]))
			}
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteString("'")
	return b.String()
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// escapeDouble escapes s for the inside of a double-quoted shell word.
func escapeDouble(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`").Replace(s)
}

func secondsWord(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
