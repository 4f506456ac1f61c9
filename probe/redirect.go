package probe

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// nextHop decides whether resp is a redirect to follow. It returns the next
// hop and the record of this one; or no hop, with an error when the chain
// had to stop for a reason the user must see (the response then is the 3xx
// itself). done is the number of redirects already followed.
//
// The policy is curl's since CVE-2022-27776 rather than Go's (FACTS 2.4):
// any change of scheme, host or port is another origin, and every
// credential the user supplied stays behind, for good: it is not restored
// if a later hop returns to the first origin. A credential is whatever the
// redactor would mask, so a header the user marked secret and a key under
// a name that says nothing stay behind too.
func (a *attempt) nextHop(resp *http.Response, done int) (*hop, Hop, *Error) {
	s, h := a.s, a.h
	code := resp.StatusCode
	if !s.req.FollowRedirects {
		return nil, Hop{}, nil
	}
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil, Hop{}, nil
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		a.warn(fmt.Sprintf("%d without a Location header: nothing to follow", code))
		return nil, Hop{}, nil
	}
	stop := func(format string, args ...any) (*hop, Hop, *Error) {
		return nil, Hop{}, &Error{Phase: PhaseRedirect, Message: fmt.Sprintf(format, args...)}
	}
	target, err := h.url.Parse(loc)
	if err != nil {
		return stop("the server redirected to an invalid Location %q: %v", loc, err)
	}
	if target.Scheme != "http" && target.Scheme != "https" {
		return stop("the server redirected to %q: the scheme %q is not followed (only http and https)", loc, target.Scheme)
	}
	if target.Hostname() == "" {
		return stop("the server redirected to %q, which has no host", loc)
	}
	if err := asciiHost(target); err != nil {
		return stop("the server redirected to %q, whose host name is invalid: %v", loc, err)
	}
	if !s.req.AllowLinkLocal && !s.originLinkLocal && isLinkLocal(target.Hostname()) {
		return stop("%s", linkLocalRefusal(target.Hostname(), ""))
	}
	if done >= s.maxHops {
		return nil, Hop{}, s.hopLimit(done, target)
	}
	// Credentials in a Location come from the server, not the user: never
	// send them. Fragments are never sent either.
	target.User = nil
	target.Fragment, target.RawFragment = "", ""

	next := &hop{method: h.method, url: target, headers: slices.Clone(h.headers), body: h.body, cert: h.cert, redirected: true, clientOrder: h.clientOrder}
	switch {
	case code == http.StatusSeeOther && h.method != "HEAD",
		(code == http.StatusMovedPermanently || code == http.StatusFound) && h.method == "POST":
		// As browsers and curl -L: the next request is a GET without body.
		if h.method != "GET" {
			a.warn(fmt.Sprintf("%d: %s became GET for the next request and the body was dropped", code, h.method))
		}
		next.method = "GET"
		next.body = nil
		next.headers = slices.DeleteFunc(next.headers, func(x Header) bool { return describesBody(x.Name) })
	case code == http.StatusTemporaryRedirect || code == http.StatusPermanentRedirect:
		if !h.body.replayable() {
			a.warn(fmt.Sprintf("%d not followed: the request body was read from a stream and cannot be sent again", code))
			return nil, Hop{}, nil
		}
	}

	rec := Hop{Status: code, Location: target.String()}
	if from, to := origin(h.url), origin(target); from != to {
		var kept []Header
		// The one redactor's judgement of what is secret: a credential by
		// name, a header the user marked secret, a key under a name that
		// says nothing.
		secret := NewRedactor(Request{SecretHeaders: s.req.SecretHeaders}, false)
		for _, x := range next.headers {
			var why string
			switch {
			case secret.IsSecretRequestHeader(x.Name, x.Value):
				why = x.Name + ": not sent to other origin " + to
			case strings.EqualFold(x.Name, "Referer"):
				why = "Referer: not sent to other origin " + to
			case strings.EqualFold(x.Name, "Host") && !h.clientOrder:
				why = "Host: the custom value was not sent to other origin " + to
			default:
				kept = append(kept, x)
				continue
			}
			if !slices.Contains(rec.Dropped, why) {
				rec.Dropped = append(rec.Dropped, why)
			}
		}
		next.headers = kept
		if next.cert != nil {
			rec.Dropped = append(rec.Dropped, "client certificate: not offered to other origin "+to)
			next.cert = nil
		}
		if h.url.Scheme == "https" && target.Scheme == "http" {
			a.warn("redirected from https to plain http (" + to + "): the rest of the exchange is not encrypted")
		}
	}
	return next, rec, nil
}

// origin is scheme://host:port with the default port spelt out, so that
// https://a and https://a:443 compare equal.
func origin(u *url.URL) string {
	host, port := hostPort(u)
	return u.Scheme + "://" + net.JoinHostPort(strings.ToLower(host), port)
}

// describesBody: headers that describe a body and must go with it.
func describesBody(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "content-") || n == "transfer-encoding" || n == "expect"
}
