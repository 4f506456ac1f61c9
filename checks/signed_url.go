package checks

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// A signed link carries its own credential and lifetime in the query: a
// hash or signature over the path and an expiry time, checked by the CDN
// or store that serves it (CloudFront's Expires and Signature, Google
// Cloud CDN's Expires and Signature, KeyCDN's token and expire, bunny.net's
// token and expires). The link is the credential: it names no identity and
// grants no role, so a bare refusal of it is the signature or the
// lifetime, not a missing permission.

// signedLinkParams are the names of a signed link's signature and expiry
// parameters in q, sorted; both "" when the link is not one.
func signedLinkParams(q url.Values) (sig, exp string) {
	var sigs, exps []string
	for k, vs := range q {
		if len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		switch {
		case expiryName(k):
			if _, ok := parseStamp(vs[0]); ok {
				exps = append(exps, k)
			}
		case linkSignatureName(k):
			sigs = append(sigs, k)
		}
	}
	if len(sigs) == 0 || len(exps) == 0 {
		return "", ""
	}
	slices.Sort(sigs)
	slices.Sort(exps)
	return sigs[0], exps[0]
}

// expiryName reports a parameter named for when something stops being
// valid: one of its words is exp or begins with expir (Expires, expire,
// expiry, expires_at), or is deadline.
func expiryName(name string) bool {
	for _, w := range lexWords(name) {
		if w == "exp" || w == "deadline" || strings.HasPrefix(w, "expir") {
			return true
		}
	}
	return false
}

// linkSignatureName reports a parameter that holds a link's signature: a
// signature's name (signatureName), or a token or hash computed over the
// link (token, hash, hmac, md5).
func linkSignatureName(name string) bool {
	if signatureName(name) {
		return true
	}
	for _, w := range lexWords(name) {
		switch w {
		case "token", "hash", "hmac", "md5":
			return true
		}
	}
	return false
}

// readSignedLinkExpiry reads a signed link's expiry as URLExpires, marked
// as read by name.
func (r *requestFacts) readSignedLinkExpiry(q url.Values) {
	sig, exp := signedLinkParams(q)
	if exp == "" {
		return
	}
	t, _ := parseStamp(q.Get(exp))
	r.URLExpires, r.URLExpiresByName = &t, true
	r.URLExpiresSource = "signed link: " + exp + "=" + q.Get(exp) + " (" + t.UTC().Format(time.RFC3339) + ") beside " + sig + "="
}

// signedLink reports a request whose URL is a signed link read by name.
func (r *requestFacts) signedLink() bool { return r.URLExpiresByName }

// signedLinkRefused reports a signed link refused by a bare 401 or 403 (no
// block page): the link names no identity to lack a permission, so what
// the CDN refused is its signature, or its lifetime when that has passed
// (auth.expired ranks first then).
func signedLinkRefused(f *facts) bool {
	r := &f.req
	if !r.signedLink() || f.waf != nil || f.cfCode != 0 {
		return false
	}
	return f.status == 401 || f.status == 403
}
