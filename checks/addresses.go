package checks

import "strings"

// Words inside an address are not the server's words about the request: a
// page that says "contact mailto:ratelimit@example.com" or links
// "https://docs.example.com/errors#invalid-token" names a mailbox or a
// document, not a rate limit or an invalid token. The phrase finder and
// the wording layer skip them.

// addressDelims end an address in text: white space, quotes, brackets and
// the separators around a link in prose or markup.
const addressDelims = " \t\r\n\"'<>()[]{}|`,;"

// inAddress reports whether text[i] lies inside a URL or an e-mail address:
// the run of characters around it, up to the nearest delimiter, is one.
func inAddress(text string, i int) bool {
	if i < 0 || i >= len(text) {
		return false
	}
	start := strings.LastIndexAny(text[:i], addressDelims) + 1
	end := len(text)
	if j := strings.IndexAny(text[i:], addressDelims); j >= 0 {
		end = i + j
	}
	return isAddress(text[start:end])
}

// isAddress reports a token that is a URL (scheme://, mailto:, www.) or an
// e-mail address (local@domain.tld).
func isAddress(tok string) bool {
	l := strings.ToLower(strings.TrimLeft(tok, "=:"))
	// JSON may escape the slashes: "https:\/\/docs.example.com\/errors".
	if strings.Contains(l, "://") || strings.Contains(l, `:\/\/`) || strings.HasPrefix(l, "mailto:") || strings.HasPrefix(l, "www.") {
		return true
	}
	l = strings.TrimRight(l, ".!?:")
	at := strings.IndexByte(l, '@')
	return at > 0 && strings.Contains(l[at+1:], ".") || isHostPort(l)
}

// isHostPort reports a host name with its port (app.example.com:8443): a
// server names the host it does not serve so ("A Virtual Host to handle
// shop.example.com:9081 has not been defined"), and its labels are no
// words of the message.
func isHostPort(l string) bool {
	host, port, ok := strings.Cut(l, ":")
	if !ok || port == "" || len(port) > 5 || !strings.Contains(host, ".") || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789-.") != "" {
		return false
	}
	for _, c := range port {
		if c < '0' || c > '9' {
			return false
		}
	}
	return strings.ContainsAny(host, "abcdefghijklmnopqrstuvwxyz")
}

// mayHoldHostPort reports text where isHostPort may find a host: a colon
// right after a letter and before a digit.
func mayHoldHostPort(text string) bool {
	for i := strings.IndexByte(text, ':'); i > 0 && i+1 < len(text); {
		if c, d := text[i-1]|0x20, text[i+1]; c >= 'a' && c <= 'z' && d >= '0' && d <= '9' {
			return true
		}
		j := strings.IndexByte(text[i+1:], ':')
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}

// dropAddresses replaces every URL and e-mail address in text by a space.
func dropAddresses(text string) string {
	if !strings.Contains(text, "://") && !strings.Contains(text, `:\/\/`) && !strings.Contains(text, "@") && !strings.Contains(strings.ToLower(text), "www.") && !mayHoldHostPort(text) {
		return text // most texts hold none: no copy
	}
	var b strings.Builder
	for i := 0; i < len(text); {
		j := strings.IndexAny(text[i:], addressDelims)
		if j < 0 {
			j = len(text) - i
		}
		if tok := text[i : i+j]; tok != "" && !isAddress(tok) {
			b.WriteString(tok)
		} else if tok != "" {
			b.WriteByte(' ')
		}
		if i+j < len(text) {
			b.WriteByte(text[i+j])
		}
		i += j + 1
	}
	return b.String()
}
