package curlargs

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// cookieHeader joins the -b arguments into one Cookie value, in order: a
// NAME=VALUE string is sent as is; anything else names a cookie file of
// which only the cookies curl would send to u are used.
func (p *parser) cookieHeader(u *url.URL) (string, error) {
	var parts []string
	for _, a := range p.cookies {
		c := a.val
		switch {
		case strings.Contains(c, "="):
			parts = append(parts, c)
		case c == "":
			// curl -b "" only switches the cookie engine on.
		case p.skipPasted(a.pasted, a.flag, c):
		default:
			data, err := p.readFile(a.flag, c)
			if err != nil {
				return "", err
			}
			if u == nil {
				continue // the URL is invalid; validation will say so
			}
			found := cookiesFromFile(string(data), u, p.now())
			if len(found) == 0 {
				p.warn("%s %s: no cookie in the file is for %s%s", a.flag, c, u.Hostname(), u.EscapedPath())
			}
			parts = append(parts, found...)
		}
	}
	return strings.Join(parts, "; "), nil
}

type cookieArg struct {
	flag, val string
	pasted    bool // its file is named, not read
}

// cookiesFromFile reads the Netscape cookie-file format (what curl -c and
// browser extensions write), Set-Cookie: lines, and plain Cookie: lines,
// and returns the NAME=VALUE pairs to send to u at now, in file order.
// Like curl, a Set-Cookie line without Domain is never sent.
func cookiesFromFile(data string, u *url.URL, now time.Time) []string {
	host := strings.ToLower(u.Hostname())
	path := u.Path
	if path == "" {
		path = "/"
	}
	secure := strings.EqualFold(u.Scheme, "https")
	var out []string
	for line := range strings.SplitSeq(data, "\n") {
		line = strings.TrimRight(line, "\r")
		lower := strings.ToLower(line)
		switch {
		case strings.HasPrefix(lower, "set-cookie:"):
			c, err := http.ParseSetCookie(strings.TrimSpace(line[len("set-cookie:"):]))
			if err != nil || c.Domain == "" {
				continue
			}
			if c.MaxAge < 0 || (!c.Expires.IsZero() && c.Expires.Before(now)) {
				continue
			}
			if domainMatch(host, c.Domain, true) && pathMatch(path, c.Path) && (!c.Secure || secure) {
				out = append(out, c.Name+"="+c.Value)
			}
		case strings.HasPrefix(lower, "cookie:"):
			if v := strings.TrimSpace(line[len("cookie:"):]); v != "" {
				out = append(out, v)
			}
		default:
			line = strings.TrimPrefix(line, "#HttpOnly_")
			if strings.HasPrefix(line, "#") {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != 7 {
				continue
			}
			domain, sub, cpath, csecure, expires, name, value := f[0], f[1], f[2], f[3], f[4], f[5], f[6]
			if exp, err := strconv.ParseInt(expires, 10, 64); err != nil || (exp != 0 && exp < now.Unix()) {
				continue // 0 is a session cookie
			}
			includeSub := strings.EqualFold(sub, "TRUE") || strings.HasPrefix(domain, ".")
			if domainMatch(host, domain, includeSub) && pathMatch(path, cpath) &&
				(!strings.EqualFold(csecure, "TRUE") || secure) {
				out = append(out, name+"="+value)
			}
		}
	}
	return out
}

func domainMatch(host, domain string, includeSub bool) bool {
	d := strings.ToLower(strings.TrimPrefix(domain, "."))
	return host == d || (includeSub && strings.HasSuffix(host, "."+d))
}

func pathMatch(reqPath, cookiePath string) bool {
	if cookiePath == "" || cookiePath == "/" {
		return true
	}
	if !strings.HasPrefix(reqPath, cookiePath) {
		return false
	}
	return len(reqPath) == len(cookiePath) || strings.HasSuffix(cookiePath, "/") || reqPath[len(cookiePath)] == '/'
}
