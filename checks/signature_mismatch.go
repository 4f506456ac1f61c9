package checks

import (
	"fmt"
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
	if j := f.body.json; j.hasReason("SignatureDoesNotMatch") || j.hasReason("InvalidSignatureException") {
		return fail(SignatureMismatch, Named, "The request signature does not verify ("+firstNonEmpty(j.AWSType, j.Code, j.ErrCode, "SignatureDoesNotMatch")+")",
			append([]string{bodyLine(j.summary())}, reqEv...), signatureFix)
	}
	if p, ex, ok := f.body.find(signaturePhrases); ok && f.refused() {
		return fail(SignatureMismatch, Named, fmt.Sprintf("The server could not verify the request signature: %q", p),
			append([]string{f.statusLine(), bodyLine(ex)}, reqEv...), signatureFix)
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
