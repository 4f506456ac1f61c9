package lab

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// An S3-style bucket that verifies AWS Signature Version 4 for real: it
// rebuilds the canonical request from the request it received, derives the
// signing key from its secret, and compares signatures. Requests signed
// with a clock more than 15 minutes off are refused before the signature is
// judged, as S3 does. The access key and secret are derived from fixed
// labels, like the lab's token key, so that Catalogue can sign without a
// lab; they protect nothing.

const (
	s3AccessKeyID = "AKIAWHY403LABEXAMPLE"
	s3Region      = "us-east-1"
	s3Service     = "s3"
	s3Bucket      = "lab-bucket"
	s3Algorithm   = "AWS4-HMAC-SHA256"
	amzDateFormat = "20060102T150405Z"
	// s3MaxSkew is how far the request time may be from the server's.
	s3MaxSkew = 15 * time.Minute
	// s3MaxPresign is the longest validity of a presigned URL (7 days).
	s3MaxPresign = 7 * 24 * time.Hour
	// emptySHA256 is the SHA-256 of an empty payload.
	emptySHA256     = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	unsignedPayload = "UNSIGNED-PAYLOAD"
)

var s3SecretKey = sync.OnceValue(func() string {
	return base64.StdEncoding.EncodeToString(deriveKey("why403 lab: S3-style secret access key, v1")[:30])
})

// s3Objects are the bucket's objects, by key.
var s3Objects = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"reports/2031-q1.csv": "region,revenue\nnorth,1200\nsouth,980\n",
		"reports/2031-q2.csv": "region,revenue\nnorth,1320\nsouth,1010\n",
	}
})

// sigV4Request is what a SigV4 signature covers.
type sigV4Request struct {
	Method string
	// Path is the decoded path; it is URI-encoded once for signing, as S3
	// does.
	Path  string
	Query url.Values
	// Headers are the signed headers' values by lower-case name, host
	// included.
	Headers map[string]string
	Signed  []string
	Payload string // the payload hash, or UNSIGNED-PAYLOAD
}

// canonical is the canonical request of SigV4.
func (q sigV4Request) canonical() string {
	var b strings.Builder
	b.WriteString(q.Method + "\n")
	b.WriteString(awsURIEncode(q.Path, false) + "\n")
	var pairs []string
	for k, vs := range q.Query {
		for _, v := range vs {
			pairs = append(pairs, awsURIEncode(k, true)+"="+awsURIEncode(v, true))
		}
	}
	sort.Strings(pairs)
	b.WriteString(strings.Join(pairs, "&") + "\n")
	for _, name := range q.Signed {
		b.WriteString(name + ":" + collapseSpaces(q.Headers[name]) + "\n")
	}
	b.WriteString("\n" + strings.Join(q.Signed, ";") + "\n")
	b.WriteString(q.Payload)
	return b.String()
}

// awsURIEncode percent-encodes every byte but the unreserved characters;
// "/" is kept unless encodeSlash.
func awsURIEncode(s string, encodeSlash bool) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		case c == '/' && !encodeSlash:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func collapseSpaces(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// sigV4Sign returns the string to sign and the signature of a canonical
// request made at amzDate under the scope date/region/service.
func sigV4Sign(secret, amzDate, scope, canonical string) (stringToSign, signature string) {
	stringToSign = s3Algorithm + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical)
	parts := strings.Split(scope, "/") // date/region/service/aws4_request
	key := []byte("AWS4" + secret)
	for _, p := range parts {
		key = hmacSHA256(key, p)
	}
	return stringToSign, hex.EncodeToString(hmacSHA256(key, stringToSign))
}

func s3Scope(t time.Time) string {
	return t.UTC().Format("20060102") + "/" + s3Region + "/" + s3Service + "/aws4_request"
}

// s3SignedHeaders signs a GET without body at t for hostport and path, as
// an SDK does with header authentication: it returns the headers to send.
func s3SignedHeaders(secret, hostport, path string, t time.Time) (amzDate, authorization string) {
	amzDate = t.UTC().Format(amzDateFormat)
	q := sigV4Request{
		Method: http.MethodGet, Path: path, Query: url.Values{},
		Headers: map[string]string{"host": hostport, "x-amz-content-sha256": emptySHA256, "x-amz-date": amzDate},
		Signed:  []string{"host", "x-amz-content-sha256", "x-amz-date"},
		Payload: emptySHA256,
	}
	scope := s3Scope(t)
	_, sig := sigV4Sign(secret, amzDate, scope, q.canonical())
	authorization = fmt.Sprintf("%s Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		s3Algorithm, s3AccessKeyID, scope, strings.Join(q.Signed, ";"), sig)
	return amzDate, authorization
}

// s3Presign returns the query string of a presigned GET of path on
// hostport, made at t and valid for expires.
func s3Presign(secret, hostport, path string, t time.Time, expires time.Duration) string {
	amzDate := t.UTC().Format(amzDateFormat)
	scope := s3Scope(t)
	query := url.Values{
		"X-Amz-Algorithm":     {s3Algorithm},
		"X-Amz-Credential":    {s3AccessKeyID + "/" + scope},
		"X-Amz-Date":          {amzDate},
		"X-Amz-Expires":       {strconv.Itoa(int(expires.Seconds()))},
		"X-Amz-SignedHeaders": {"host"},
	}
	q := sigV4Request{Method: http.MethodGet, Path: path, Query: query,
		Headers: map[string]string{"host": hostport}, Signed: []string{"host"}, Payload: unsignedPayload}
	_, sig := sigV4Sign(secret, amzDate, scope, q.canonical())
	// The same encoding as the canonical query, so the URL reads as an
	// SDK writes it.
	var pairs []string
	for _, k := range []string{"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders"} {
		pairs = append(pairs, k+"="+awsURIEncode(query.Get(k), true))
	}
	pairs = append(pairs, "X-Amz-Signature="+sig)
	return strings.Join(pairs, "&")
}

// s3Error is S3's XML error document; empty elements are left out.
type s3Error struct {
	Status  int
	Code    string
	Message string
	// Fields are further elements in order: name, value.
	Fields [][2]string
}

var xmlTextEscaper = sync.OnceValue(func() *strings.Replacer { return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;") })

func writeS3Error(w http.ResponseWriter, r *http.Request, e s3Error) {
	requestID := strings.ToUpper(randomHex(16))
	hostID := base64.StdEncoding.EncodeToString(randomBytes(57))
	h := w.Header()
	h.Set("Server", "AmazonS3")
	h.Set("x-amz-request-id", requestID)
	h.Set("x-amz-id-2", hostID)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString("<Error><Code>" + e.Code + "</Code><Message>" + xmlTextEscaper().Replace(e.Message) + "</Message>")
	for _, f := range e.Fields {
		if f[1] != "" {
			b.WriteString("<" + f[0] + ">" + xmlTextEscaper().Replace(f[1]) + "</" + f[0] + ">")
		}
	}
	b.WriteString("<RequestId>" + requestID + "</RequestId><HostId>" + hostID + "</HostId></Error>")
	if r.Method == http.MethodHead {
		h.Set("Content-Type", "application/xml")
		w.WriteHeader(e.Status)
		return
	}
	writeText(w, e.Status, "application/xml", b.String())
}

// spacedHex is how S3 shows the bytes of what it signed.
func spacedHex(s string) string {
	parts := make([]string, len(s))
	for i := 0; i < len(s); i++ {
		parts[i] = fmt.Sprintf("%02x", s[i])
	}
	return strings.Join(parts, " ")
}

// s3Object serves GET and HEAD of an object in the private bucket.
func (l *Lab) s3Object(w http.ResponseWriter, r *http.Request) {
	now := l.now().UTC()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeS3Error(w, r, s3Error{Status: http.StatusMethodNotAllowed, Code: "MethodNotAllowed",
			Message: "The specified method is not allowed against this resource.",
			Fields:  [][2]string{{"Method", r.Method}, {"ResourceType", "OBJECT"}}})
		return
	}
	q, provided, dateStr, refusal := s3ReadSignature(r, now)
	if refusal != nil {
		writeS3Error(w, r, *refusal)
		return
	}
	signedAt, _ := time.Parse(amzDateFormat, dateStr)
	canonical := q.canonical()
	stringToSign, want := sigV4Sign(s3SecretKey(), dateStr, s3Scope(signedAt), canonical)
	if !hmac.Equal([]byte(want), []byte(strings.ToLower(provided))) {
		writeS3Error(w, r, s3Error{Status: http.StatusForbidden, Code: "SignatureDoesNotMatch",
			Message: "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
			Fields: [][2]string{
				{"AWSAccessKeyId", s3AccessKeyID},
				{"StringToSign", stringToSign},
				{"SignatureProvided", provided},
				{"StringToSignBytes", spacedHex(stringToSign)},
				{"CanonicalRequest", canonical},
				{"CanonicalRequestBytes", spacedHex(canonical)},
			}})
		return
	}
	key := r.PathValue("key")
	body, ok := s3Objects()[key]
	if !ok {
		writeS3Error(w, r, s3Error{Status: http.StatusNotFound, Code: "NoSuchKey",
			Message: "The specified key does not exist.", Fields: [][2]string{{"Key", key}}})
		return
	}
	h := w.Header()
	h.Set("Server", "AmazonS3")
	h.Set("x-amz-request-id", strings.ToUpper(randomHex(16)))
	h.Set("ETag", `"`+sha256Hex(body)[:32]+`"`)
	h.Set("Last-Modified", time.Date(2031, 4, 1, 0, 0, 0, 0, time.UTC).Format(http.TimeFormat))
	h.Set("Content-Length", strconv.Itoa(len(body)))
	ct := "text/csv"
	if v := r.URL.Query().Get("response-content-type"); v != "" {
		ct = v
	}
	h.Set("Content-Type", ct)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write([]byte(body))
	}
}

func problem(status int, code, message string, fields ...[2]string) *s3Error {
	return &s3Error{Status: status, Code: code, Message: message, Fields: fields}
}

// s3ReadSignature reads the header or query signature, checks the
// credential, the clock and the expiry, and returns what the signature
// must cover, the signature provided and the request's X-Amz-Date.
func s3ReadSignature(r *http.Request, now time.Time) (q sigV4Request, provided, dateStr string, refusal *s3Error) {
	query := r.URL.Query()
	q = sigV4Request{Method: r.Method, Path: r.URL.Path, Query: url.Values{}, Headers: map[string]string{}}
	for k, vs := range query {
		if k != "X-Amz-Signature" {
			q.Query[k] = vs
		}
	}
	var credential, signedHeaders string
	presigned := query.Get("X-Amz-Algorithm") != ""
	auth := r.Header.Get("Authorization")
	switch {
	case presigned:
		if query.Get("X-Amz-Algorithm") != s3Algorithm {
			return q, "", "", problem(http.StatusBadRequest, "AuthorizationQueryParametersError",
				"X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"")
		}
		credential, signedHeaders = query.Get("X-Amz-Credential"), query.Get("X-Amz-SignedHeaders")
		provided, dateStr = query.Get("X-Amz-Signature"), query.Get("X-Amz-Date")
		q.Payload = unsignedPayload
		if credential == "" || signedHeaders == "" || provided == "" || dateStr == "" || query.Get("X-Amz-Expires") == "" {
			return q, "", "", problem(http.StatusBadRequest, "AuthorizationQueryParametersError",
				"Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.")
		}
	case auth != "":
		scheme, rest, _ := strings.Cut(auth, " ")
		if scheme != s3Algorithm {
			return q, "", "", problem(http.StatusBadRequest, "InvalidArgument",
				"Unsupported Authorization Type", [2]string{"ArgumentName", "Authorization"}, [2]string{"ArgumentValue", auth})
		}
		for _, part := range strings.Split(rest, ",") {
			k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch k {
			case "Credential":
				credential = v
			case "SignedHeaders":
				signedHeaders = v
			case "Signature":
				provided = v
			}
		}
		if credential == "" || signedHeaders == "" || provided == "" {
			return q, "", "", problem(http.StatusBadRequest, "AuthorizationHeaderMalformed",
				"The authorization header is malformed; it needs Credential, SignedHeaders and Signature.")
		}
		dateStr = r.Header.Get("X-Amz-Date")
		if dateStr == "" {
			return q, "", "", problem(http.StatusForbidden, "AccessDenied",
				"AWS authentication requires a valid Date or x-amz-date header")
		}
		q.Payload = r.Header.Get("X-Amz-Content-Sha256")
		if q.Payload == "" {
			return q, "", "", problem(http.StatusBadRequest, "InvalidRequest",
				"Missing required header for this request: x-amz-content-sha256")
		}
	default:
		return q, "", "", problem(http.StatusForbidden, "AccessDenied", "Access Denied")
	}

	// Credential: AKID/date/region/service/aws4_request.
	parts := strings.Split(credential, "/")
	if len(parts) != 5 || parts[4] != "aws4_request" || parts[3] != s3Service {
		return q, "", "", problem(http.StatusBadRequest, "AuthorizationHeaderMalformed",
			fmt.Sprintf("The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\". Credential=%s", credential))
	}
	if parts[0] != s3AccessKeyID {
		return q, "", "", problem(http.StatusForbidden, "InvalidAccessKeyId",
			"The AWS Access Key Id you provided does not exist in our records.", [2]string{"AWSAccessKeyId", parts[0]})
	}
	if parts[2] != s3Region {
		return q, "", "", problem(http.StatusBadRequest, "AuthorizationHeaderMalformed",
			fmt.Sprintf("The authorization header is malformed; the region '%s' is wrong; expecting '%s'", parts[2], s3Region),
			[2]string{"Region", s3Region})
	}
	signedAt, err := time.Parse(amzDateFormat, dateStr)
	if err != nil {
		return q, "", "", problem(http.StatusForbidden, "AccessDenied",
			"AWS authentication requires a valid Date or x-amz-date header")
	}
	if parts[1] != dateStr[:8] {
		return q, "", "", problem(http.StatusBadRequest, "AuthorizationHeaderMalformed",
			fmt.Sprintf("The authorization header is malformed; Invalid credential date \"%s\". This date is not the same as X-Amz-Date: \"%s\".", parts[1], dateStr[:8]))
	}
	serverTime := now.Format("2006-01-02T15:04:05Z")
	if presigned {
		expires, err := strconv.Atoi(query.Get("X-Amz-Expires"))
		if err != nil || expires < 1 || time.Duration(expires)*time.Second > s3MaxPresign {
			return q, "", "", problem(http.StatusBadRequest, "AuthorizationQueryParametersError",
				"X-Amz-Expires must be a number of seconds between 1 and 604800 (seven days).")
		}
		if signedAt.Sub(now) > s3MaxSkew {
			return q, "", "", problem(http.StatusForbidden, "AccessDenied", "Request is not valid yet",
				[2]string{"X-Amz-Date", dateStr}, [2]string{"ServerTime", serverTime})
		}
		if now.After(signedAt.Add(time.Duration(expires) * time.Second)) {
			return q, "", "", problem(http.StatusForbidden, "AccessDenied", "Request has expired",
				[2]string{"X-Amz-Expires", query.Get("X-Amz-Expires")},
				[2]string{"Expires", signedAt.Add(time.Duration(expires) * time.Second).Format("2006-01-02T15:04:05Z")},
				[2]string{"ServerTime", serverTime})
		}
	} else if skew := now.Sub(signedAt); skew > s3MaxSkew || skew < -s3MaxSkew {
		return q, "", "", problem(http.StatusForbidden, "RequestTimeTooSkewed",
			"The difference between the request time and the current time is too large.",
			[2]string{"RequestTime", dateStr}, [2]string{"ServerTime", serverTime},
			[2]string{"MaxAllowedSkewMilliseconds", strconv.FormatInt(s3MaxSkew.Milliseconds(), 10)})
	}

	q.Signed = strings.Split(strings.ToLower(signedHeaders), ";")
	hasHost := false
	for _, name := range q.Signed {
		switch name {
		case "host":
			hasHost = true
			q.Headers[name] = r.Host
		default:
			q.Headers[name] = strings.Join(r.Header.Values(name), ",")
		}
	}
	if !hasHost {
		return q, "", "", problem(http.StatusBadRequest, "AuthorizationHeaderMalformed",
			"The authorization header is malformed; the host header must be signed.")
	}
	return q, provided, dateStr, nil
}
