package checks

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// signedBy names the request-signing scheme the request used, "" when it
// carries no signature.
func signedBy(f *facts) string {
	scheme := strings.ToUpper(f.req.AuthScheme)
	switch {
	case strings.HasPrefix(scheme, "AWS4-HMAC-SHA256"):
		return "AWS SigV4 (Authorization header)"
	case scheme == "AWS":
		return "AWS SigV2"
	case scheme == "SHAREDKEY" || scheme == "SHAREDKEYLITE":
		return "Azure Storage Shared Key"
	}
	if f.req.u != nil {
		q := f.req.u.Query()
		switch {
		case q.Get("X-Amz-Signature") != "":
			return "AWS SigV4 presigned URL"
		case q.Get("Signature") != "" && q.Get("AWSAccessKeyId") != "":
			return "AWS SigV2 presigned URL"
		case q.Get("sig") != "" && q.Get("sv") != "":
			return "Azure SAS token"
		}
	}
	return ""
}

// signingParts names what in the request carries a signature the client
// computed for this request: a known signing scheme (signedBy), a header,
// query parameter or form field named for a signature (X-Signature,
// auth_signature, sign, sig, hmac), or a Date header, which a user agent
// sends only to tell the server something (RFC 9110 §6.6.1): HMAC schemes
// sign it. A JWT carries a signature of its own, so a request that sends
// one is not read here: "invalid signature" is then the token's.
func signingParts(f *facts) []string {
	if f.req.Token != nil || f.req.AuthJWT {
		return nil
	}
	var out []string
	if by := signedBy(f); by != "" {
		out = append(out, by)
	}
	for _, h := range f.reqHeaders {
		if signatureName(h.Name) || strings.EqualFold(h.Name, "Date") && f.req.hasCredential() {
			out = append(out, "header "+h.Name)
		}
	}
	if f.req.u != nil {
		for k := range f.req.u.Query() {
			if signatureName(k) {
				out = append(out, "query parameter "+k)
			}
		}
	}
	if f.req.BodyKind == "form" || strings.Contains(strings.ToLower(f.req.ContentType), "x-www-form-urlencoded") {
		if q, err := url.ParseQuery(string(f.req.bodyHead)); err == nil {
			for k := range q {
				if signatureName(k) {
					out = append(out, "form field "+k)
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// computedSignature is signingParts without a Date header alone: the
// parts that name a signature outright.
func computedSignature(f *facts) []string {
	return slices.DeleteFunc(signingParts(f), func(p string) bool { return strings.EqualFold(p, "header Date") })
}

// signatureName reports a parameter or header name that holds a signature:
// one of its words is signature, sig, sign or hmac (X-Hub-Signature-256,
// auth_signature, X-Ca-Signature).
func signatureName(name string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		switch w {
		case "signature", "sig", "sign", "hmac":
			return true
		}
	}
	return false
}

// signatureRefused are the words a server uses for a signature that does
// not verify, whether the token's (a JWT) or the request's: which one is
// read from the request (signingParts).
var signatureRefused = []string{"invalid signature", "signature verification failed", "signature is invalid", "signature invalid",
	// "sign" is the signature's name where the request calls it so
	// (DingTalk's sign parameter, Tuya's sign header)
	"sign not match", "sign invalid", "sign mismatch", "sign is invalid", "sign error"}

// firstLines is up to n lines of s, for evidence.
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, " | ")
}

const signatureFix = "Sign exactly what is sent: the secret key must belong to the access key ID, and the canonical request must match byte for byte (method, URI-encoded path, sorted query, every header in SignedHeaders with its exact value, the payload hash). Compare the server's CanonicalRequest and StringToSign with your signer's (SDK debug logging shows them); a proxy or client that rewrites the path, Host or a signed header breaks the signature. Prefer the SDK's signer over a hand-written one."

func checkSignatureMismatch(f *facts) Finding {
	if f.resp == nil {
		return skip(SignatureMismatch, f.noResponse(), f.noResponseEvidence()...)
	}
	by := signedBy(f)
	var reqEv []string
	if by != "" {
		reqEv = append(reqEv, "request signed with "+by)
		if f.req.AuthLine != "" {
			reqEv = append(reqEv, f.req.AuthLine)
		}
	}
	if x := f.body.xml; x != nil && x.Code == "SignatureDoesNotMatch" {
		ev := []string{"S3 error SignatureDoesNotMatch: " + x.Message}
		title := "S3: the request signature does not verify (SignatureDoesNotMatch)"
		if x.CanonicalRequest != "" {
			ev = append(ev, "server's CanonicalRequest: "+clip(firstLines(x.CanonicalRequest, 8), 300))
			title += "; the server shows what it signed"
		}
		if x.StringToSign != "" {
			ev = append(ev, "server's StringToSign: "+clip(firstLines(x.StringToSign, 4), 200))
		}
		return fail(SignatureMismatch, Named, title, append(ev, reqEv...), signatureFix)
	}
	expired := signatureExpired(f)
	if j := f.body.json; j.hasReason("SignatureDoesNotMatch") || j.hasReason("InvalidSignatureException") && !expired {
		return fail(SignatureMismatch, Named, "The request signature does not verify ("+firstNonEmpty(j.AWSType, j.Code, j.ErrCode, "SignatureDoesNotMatch")+")",
			append([]string{bodyLine(j.summary())}, reqEv...), signatureFix)
	}
	if p, ex, ok := f.body.find(signaturePhrases); ok && f.refused() && !(expired && p == "invalidsignatureexception") {
		return fail(SignatureMismatch, Named, fmt.Sprintf("The server could not verify the request signature: %q", p),
			append([]string{f.statusLine(), bodyLine(ex)}, reqEv...), signatureFix)
	}
	if parts := signingParts(f); len(parts) > 0 && f.refused() {
		if p, ex, ok := f.body.find(signatureRefused); ok {
			ev := []string{f.statusLine(), bodyLine(ex), "the request carries a signature it computed: " + strings.Join(parts, ", ")}
			return fail(SignatureMismatch, Named, fmt.Sprintf("The server could not verify the request signature: %q", p),
				append(ev, reqEv...), signatureFix)
		}
	}
	if by == "" && signedLinkRefused(f) {
		title := "A signed link was refused with no reason: its token or signature does not verify"
		if f.req.URLExpires != nil && !f.req.URLExpires.After(f.ref) {
			title = "A signed link past its expiry was refused: if a fresh one is refused too, its token or signature does not verify"
		}
		return fail(SignatureMismatch, Inferred, title,
			[]string{f.statusLine(), f.req.URLExpiresSource},
			"Compute the link's token again exactly as the CDN documents (its secret key, the path, the expiry and any address it binds, in order and encoding); if a fresh link is refused too, check the key set on the CDN zone. This is a guess: the response names no reason.")
	}
	if parts := computedSignature(f); len(parts) > 0 && f.status == 403 && (f.generic == "empty" || f.generic == "short") {
		// A 403 that gives no reason: a signed API verifies the signature
		// before any permission, and a signature that does not verify is
		// its commonest refusal. Nothing says the credential was accepted,
		// so this is a guess, ahead of the status's default (permission).
		return byStatus(fail(SignatureMismatch, Inferred,
			"Refused without a reason, and the request carries a signature it computed: a signature that does not verify is the likeliest refusal",
			append([]string{f.statusLine(), "the request carries a signature it computed: " + strings.Join(parts, ", ")}, reqEv...),
			signatureFix))
	}
	if by == "" {
		return pass(SignatureMismatch, "The request is not signed (no SigV4, Shared Key or presigned URL)", f.statusLine())
	}
	if f.success() {
		return pass(SignatureMismatch, "The signature was accepted ("+f.statusLine()+")", reqEv...)
	}
	return pass(SignatureMismatch, "No signature complaint in the response", append([]string{f.statusLine()}, reqEv...)...)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// signatureExpired reports AWS's answer to a signature past its time:
// InvalidSignatureException with "Signature expired: ... is now earlier
// than ...". The code is documented for a mismatch and for that
// (errorcodes.go); the message says the clock (clock_skew.go), so the code
// alone is no mismatch.
func signatureExpired(f *facts) bool {
	return f.body.has("signature expired")
}
