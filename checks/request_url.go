package checks

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/why403/why403/probe"
)

// readURL finds credentials in the URL: user info, API keys in the query,
// presigned URLs (S3, GCS) and Azure SAS tokens with their expiry.
func (r *requestFacts) readURL() {
	if r.u == nil {
		return
	}
	if r.u.User != nil {
		if p, ok := r.u.User.Password(); ok {
			r.addSecret(p)
		}
		line := "URL user info " + probe.MaskSecret(r.u.User.Username()) + ":••••"
		r.Creds = append(r.Creds, credential{Kind: "userinfo", Line: line})
	}
	r.readPathStandIns()
	if r.u.RawQuery == "" {
		return
	}
	q, _ := url.ParseQuery(r.u.RawQuery)
	for name, vs := range q {
		if !probe.IsCredentialQueryParam(name) {
			continue
		}
		v := ""
		if len(vs) > 0 {
			v = vs[0]
		}
		r.addSecret(v)
		line := "query parameter " + name + "=" + probe.MaskSecret(v)
		if strings.TrimSpace(v) == "" {
			r.addMalformed(Fail, line, fmt.Sprintf("Query parameter %s is empty", name), "Fill it; the variable meant to hold it is probably unset.")
			continue
		}
		r.addCredential(credential{Kind: "query", Name: name, Line: line}, v)
	}
	get := func(name string) string {
		for k, vs := range q {
			if strings.EqualFold(k, name) && len(vs) > 0 {
				return vs[0]
			}
		}
		return ""
	}
	for _, p := range []string{"X-Amz", "X-Goog"} {
		date, exp := get(p+"-Date"), get(p+"-Expires")
		if date == "" || exp == "" {
			continue
		}
		t, err1 := time.Parse("20060102T150405Z", date)
		n, err2 := strconv.Atoi(exp)
		if err1 == nil && err2 == nil {
			e := t.Add(time.Duration(n) * time.Second)
			r.URLExpires, r.URLExpiresSource = &e, fmt.Sprintf("%s-Date=%s, %s-Expires=%d", p, date, p, n)
		}
	}
	if r.URLExpires == nil {
		r.readSignedLinkExpiry(q)
	}
	if se := get("se"); se != "" && get("sig") != "" {
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z", "2006-01-02"} {
			if t, err := time.Parse(layout, se); err == nil {
				r.URLExpires, r.URLExpiresSource = &t, "SAS se="+se
				break
			}
		}
	}
}

// pathStandIn is a documentation stand-in inside a path segment: <name>,
// {name}, {{name}}, ${name}, YOUR_NAME.
var pathStandIn = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`<[^<>/]{1,40}>|\{\{?[^{}/]{1,40}\}\}?|\$\{[^{}/]{1,40}\}|(?i:your[_-][a-z0-9_-]{2,40})`)
})

// mayHoldStandIn is false for a segment pathStandIn cannot match. Most
// paths hold none, and compiling the expression touched about 40 pages of
// memory in every check (each costs a page fault at start).
func mayHoldStandIn(seg string) bool {
	return strings.ContainsAny(seg, "<{$") || strings.Contains(strings.ToLower(seg), "your")
}

// readPathStandIns counts a credential some APIs read from the path
// (Telegram's /bot<token>/, IFTTT's /with/key/<key>) where the recording
// shows it as a stand-in named for a credential: that is how sources
// redact one they sent (isUnsetValue), so the request carried one there.
// A bare {key} is a route's template, not a credential.
func (r *requestFacts) readPathStandIns() {
	for _, seg := range strings.Split(r.u.Path, "/") {
		if !mayHoldStandIn(seg) {
			continue
		}
		for _, m := range pathStandIn().FindAllString(seg, 4) {
			if !pathCredentialName(strings.Trim(m, "<>{}$")) {
				continue
			}
			r.Creds = append(r.Creds, credential{Kind: "path", Name: seg, Line: "path segment " + seg + " (the credential's place, shown as a stand-in)"})
			break
		}
	}
}

// pathCredentialName reports a stand-in's name that names a credential
// (api_token, YOUR_SECRET, your_key): a word token, secret, password or
// auth, or key qualified by another word, since {key} is also a route's
// template. A name ending in id or name ({tokenId}) names a resource.
func pathCredentialName(name string) bool {
	words := lexWords(name)
	if len(words) == 0 || contains([]string{"id", "ids", "name", "names", "type", "index"}, words[len(words)-1]) {
		return false
	}
	for _, w := range words {
		switch w {
		case "token", "secret", "password", "passwd", "apikey", "auth":
			return true
		case "key":
			if len(words) > 1 {
				return true
			}
		}
	}
	return false
}
