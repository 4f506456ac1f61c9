package checks

import (
	"encoding/json"
	"mime"
	"net/url"
	"slices"
	"strings"

	"github.com/why403/why403/probe"
)

// readBodyCredentials counts the secrets a login or token request carries
// in its body (a password, a client secret, a refresh or state token in a
// JSON object or a form) as credentials sent, so that a 401 to them reads
// as "not accepted" rather than "none sent". Anti-CSRF fields are not
// credentials of the user.
func (r *requestFacts) readBodyCredentials(body []byte) {
	if len(body) == 0 || len(body) > bodyWindow {
		return
	}
	var fields []string
	values := map[string]string{}
	kind := r.BodyKind
	if kind != "json" && declaredForm(r.ContentType) {
		// A form with a stand-in for its secret (<redacted>, {secret})
		// does not look like one by its bytes, but the sender says it is.
		kind = "form"
	}
	switch kind {
	case "json":
		var obj map[string]json.RawMessage
		if json.Unmarshal(body, &obj) != nil {
			return
		}
		for k, raw := range obj {
			var v string
			if json.Unmarshal(raw, &v) == nil {
				fields = append(fields, k)
				values[k] = v
			}
		}
	case "form":
		q, err := url.ParseQuery(string(body))
		if err != nil {
			return
		}
		for k, vs := range q {
			if len(vs) > 0 {
				fields = append(fields, k)
				values[k] = vs[0]
			}
		}
	default:
		return
	}
	slices.Sort(fields)
	r.BodyFieldsRead = int64(len(body)) >= r.BodySize
	for _, k := range fields {
		if !probe.IsSecretField(k) && strings.HasSuffix(foldName(k), "key") && strings.TrimSpace(values[k]) != "" {
			r.keyFields = append(r.keyFields, keyField{Name: k, Value: values[k]})
		}
		if !probe.IsSecretField(k) || slices.Contains(csrfFields, strings.ToLower(k)) || strings.TrimSpace(values[k]) == "" {
			continue
		}
		r.addSecret(values[k])
		if dataToken(k) {
			// Still a secret to mask, but no credential of the caller.
			continue
		}
		r.Creds = append(r.Creds, credential{Kind: "body", Name: k, Line: "body field " + k + "=" + probe.MaskSecret(values[k])})
	}
}

// declaredForm reports a Content-Type of application/x-www-form-urlencoded.
func declaredForm(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// dataTokenSubjects name what a token in a body is about when it is the
// request's data, not the caller's credential: a device's push address
// (FCM registration token, APNs device token), a captcha's answer, an app
// integrity verdict to decode. The API authenticates the caller elsewhere.
var dataTokenSubjects = []string{"device", "push", "fcm", "apns", "registration", "notification", "captcha", "turnstile", "integrity"}

// dataToken reports a body field whose name says its token is such data.
func dataToken(field string) bool {
	f := foldName(field)
	for _, w := range dataTokenSubjects {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// bodyMayHoldCredential reports a body (or a Content-Type that says one was
// sent) that may carry a credential under a name no check reads as one: any
// body but a form or JSON object whose every field was read and none was a
// credential. A body declared as binary media (an upload, an encrypted
// push message) is the data itself: no API reads a credential from it.
func (r *requestFacts) bodyMayHoldCredential() bool {
	return (r.HasContentType || r.BodySize > 0) && !r.BodyFieldsRead && !binaryMedia(r.ContentType)
}

// binaryMedia reports a Content-Type of opaque data: octet-stream, images,
// audio and video.
func binaryMedia(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	if mt == "application/octet-stream" {
		return true
	}
	top, _, _ := strings.Cut(mt, "/")
	return top == "image" || top == "audio" || top == "video"
}

// keyFieldNamed counts as a credential sent a body field named as a key
// (public_key, key) when the request carried no other and the server's
// words refuse a credential by that field's name ("Invalid public key
// passed" to a public_key field, "Invalid API key" to a key field): the
// server read its key from the body, so a 401 to it is the key refused,
// not a key absent. A key field the words do not name (an idempotency_key,
// a sort key) stays what it is.
func (f *facts) keyFieldNamed() {
	r := &f.req
	if r.hasCredential() || len(r.keyFields) == 0 || !f.refused() {
		return
	}
	for _, h := range f.said {
		if h.m.Cause != AuthInvalid && h.m.Cause != AuthExpired {
			continue
		}
		words := " " + strings.Join(strings.Fields(nameWords(h.Excerpt)), " ") + " "
		for _, k := range r.keyFields {
			if strings.Contains(words, " "+nameWords(k.Name)+" ") {
				r.addSecret(k.Value)
				r.Creds = append(r.Creds, credential{Kind: "body", Name: k.Name, Line: "body field " + k.Name + "=" + probe.MaskSecret(k.Value) + " (the server's words name it)"})
				return
			}
		}
		return
	}
}

// nameWords splits a field name or text into lower-case words at
// anything but letters and digits and at lower-to-upper case changes:
// "public_key", "publicKey" and "Public Key" all give "public key".
func nameWords(s string) string {
	var b strings.Builder
	prevLower := false
	for _, c := range s {
		isLetter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		switch {
		case !isLetter:
			b.WriteByte(' ')
			prevLower = false
			continue
		case 'A' <= c && c <= 'Z' && prevLower:
			b.WriteByte(' ')
		}
		prevLower = 'a' <= c && c <= 'z'
		b.WriteRune(c)
	}
	return strings.Join(strings.Fields(strings.ToLower(b.String())), " ")
}
