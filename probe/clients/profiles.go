package clients

import (
	"crypto/rand"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/why403/why403/probe"
)

// Versions the profiles name. A server that blocks by version sees these;
// they are examples of current releases, not the user's own.
const (
	CurlVersion    = probe.CurlVersion
	DartVersion    = "3.9" // dart:io writes major.minor only
	OkHttpVersion  = "4.12.0"
	PostmanVersion = "7.43.0"
	ChromeMajor    = "131"
)

// DartUserAgent is dart:io's default User-Agent.
const DartUserAgent = "Dart/" + DartVersion + " (dart:io)"

// DartStringContentType is what package:http gives a String body the app
// did not label.
const DartStringContentType = "text/plain; charset=utf-8"

var profiles = []Profile{
	{Name: "curl", Summary: "curl: User-Agent curl/" + CurlVersion + ", Accept */* (the default)", build: curlHeaders},
	{Name: "dart", Summary: "Dart's package:http on dart:io (Flutter mobile and desktop); HTTP/1.1", HTTPVersion: "1.1", build: dartHeaders, clientOrder: true},
	{Name: "dio", Summary: "Dart's dio on dart:io; HTTP/1.1", HTTPVersion: "1.1", build: dioHeaders, clientOrder: true},
	{Name: "okhttp", Summary: "OkHttp " + OkHttpVersion + " (Android, Retrofit)", build: okhttpHeaders, clientOrder: true},
	{Name: "urlsession", Summary: "URLSession on iOS and macOS (CFNetwork)", build: urlsessionHeaders, clientOrder: true},
	{Name: "browser", Summary: "fetch() in Chrome " + ChromeMajor + " (headers only)", build: browserHeaders, clientOrder: true},
	{Name: "postman", Summary: "Postman (PostmanRuntime/" + PostmanVersion + ")", build: postmanHeaders, clientOrder: true},
}

// curlHeaders: curl writes Host, then User-Agent: curl/VERSION and
// Accept: */* (curl's --user-agent documentation: "curl/VERSION" is the
// default; lib/http.c adds "Accept: */*" unless one is given), then the -H
// headers. A header the user gives replaces curl's in place. -d's default
// form Content-Type is added by curlargs, as curl adds it.
func curlHeaders(b *builder) []probe.Header {
	out := []probe.Header{
		{Name: "User-Agent", Value: b.value("User-Agent", "curl/"+CurlVersion)},
		{Name: "Accept", Value: b.value("Accept", "*/*")},
	}
	return append(out, b.others("User-Agent", "Accept")...)
}

// dartHeaders: package:http's IOClient on dart:io's HttpClient.
//   - dart-lang/sdk sdk/lib/_http/http_impl.dart, _HttpClientConnection.send:
//     the request's headers start as host, accept-encoding: gzip and
//     user-agent: Dart/<major.minor> (dart:io); the constructor first sets
//     content-length 0 for GET and HEAD, transfer-encoding: chunked for
//     other methods.
//   - http_headers.dart _build writes the headers map in insertion order,
//     names lowercased, and skips content-length: 0 for GET, HEAD, DELETE
//     and CONNECT.
//   - dart-lang/http pkgs/http/lib/src/io_client.dart: sets contentLength
//     (the body's size), then each app header with headers.set. Up to
//     http 1.6 set lowercases the name; 1.7.0-wip (#1918) passes
//     preserveHeaderCase, keeping the app's case for the app's headers.
//     A header the app sets that dart:io already has keeps its place.
//   - request.dart: a String body with no Content-Type gets
//     "text/plain; charset=utf-8"; a Map body
//     "application/x-www-form-urlencoded"; a text/* or XML type without a
//     charset gets "; charset=utf-8" appended.
//   - dart:io speaks HTTP/1.1 only.
func dartHeaders(b *builder) []probe.Header {
	app := dartAppHeaders(b, false)
	return dartIOHeaders(b, app, true)
}

// dartIOHeaders lays out dart:io's own headers and the app's (already in
// the client's order). lengthEarly is package:http's order, where the body
// size is set before the app's headers; dio sets it among them.
func dartIOHeaders(b *builder, app []probe.Header, lengthEarly bool) []probe.Header {
	m := strings.ToUpper(b.req.Method)
	if m == "" {
		m = "GET"
	}
	take := func(name, def string) probe.Header {
		for i, h := range app {
			if strings.EqualFold(h.Name, name) {
				app = append(app[:i:i], app[i+1:]...)
				return probe.Header{Name: name, Value: h.Value}
			}
		}
		return probe.Header{Name: name, Value: def}
	}
	var out []probe.Header
	skipZero := m == "GET" || m == "HEAD" || m == "DELETE" || m == "CONNECT"
	length := len(b.req.Body) > 0 || b.req.BodyFile != "" || !skipZero
	if (m == "GET" || m == "HEAD") && length {
		// content-length was the map's first key, set in the constructor.
		out = append(out, take("content-length", ""))
		length = false
	}
	out = append(out, take("host", b.host()), take("accept-encoding", "gzip"), take("user-agent", DartUserAgent))
	if length && lengthEarly {
		out = append(out, take("content-length", b.bodyLength()))
		length = false
	}
	out = append(out, app...)
	if length && !hasName(out, "content-length") {
		out = append(out, probe.Header{Name: "content-length", Value: b.bodyLength()})
	}
	return out
}

// dartAppHeaders are package:http's request.headers: the app's, then the
// Content-Type the body setter adds, lowercased as dart:io writes them.
func dartAppHeaders(b *builder, preserve bool) []probe.Header {
	app := b.others()
	ct, hasCT := probe.LookupHeader(app, "Content-Type")
	switch {
	case !hasCT && b.opts.Body == BodyString:
		app = append(app, probe.Header{Name: "content-type", Value: DartStringContentType})
	case !hasCT && b.opts.Body == BodyForm:
		app = append(app, probe.Header{Name: "content-type", Value: "application/x-www-form-urlencoded"})
	case hasCT && b.opts.Body == BodyString && needsCharset(ct):
		for i, h := range app {
			if strings.EqualFold(h.Name, "Content-Type") {
				app[i].Value = ct + "; charset=utf-8"
				break
			}
		}
	}
	if preserve {
		return app
	}
	return lower(app)
}

// needsCharset is package:http's _shouldHaveCharset for a type without a
// charset parameter.
func needsCharset(ct string) bool {
	l := strings.ToLower(ct)
	if strings.Contains(l, "charset=") {
		return false
	}
	mt, _, _ := strings.Cut(l, ";")
	mt = strings.TrimSpace(mt)
	return strings.HasPrefix(mt, "text/") || mt == "application/xml" || mt == "application/xml-external-parsed-entity" ||
		mt == "application/xml-dtd" || strings.HasSuffix(mt, "+xml")
}

// dioHeaders: dio 5 with its default IOHttpClientAdapter (cfug/dio
// dio/lib/src/adapters/io_adapter.dart): every header of the merged
// options is set on dart:io's request with preserveHeaderCase false
// (options.dart), so lowercased, after dart:io's own (see dartHeaders).
// ImplyContentTypeInterceptor (interceptors/imply_content_type.dart) gives
// a Map, List or String body "application/json" when no content type is
// set; dio_mixin.dart _transformData then sets content-length among the
// headers. BaseOptions headers come before a call's Options headers.
func dioHeaders(b *builder) []probe.Header {
	app := b.others()
	if !b.has("Content-Type") && (b.opts.Body == BodyString || b.opts.Body == BodyMap || b.opts.Body == BodyForm) {
		app = append(app, probe.Header{Name: "content-type", Value: "application/json"})
	}
	if b.hasBody() && !hasName(app, "Content-Length") {
		app = append(app, probe.Header{Name: "content-length", Value: b.bodyLength()})
	}
	return dartIOHeaders(b, lower(app), false)
}

// okhttpHeaders: OkHttp 4's BridgeInterceptor (square/okhttp
// okhttp/src/main/kotlin/okhttp3/internal/http/BridgeInterceptor.kt)
// keeps the app's headers in order and case, then sets Content-Type from
// the body's media type and Content-Length (header() replaces and moves
// them to the end), then adds Host, Connection: Keep-Alive,
// Accept-Encoding: gzip and User-Agent: okhttp/VERSION unless the app set
// them. String.toRequestBody adds "; charset=utf-8" to a media type that
// has no charset; a body with no media type goes without Content-Type.
func okhttpHeaders(b *builder) []probe.Header {
	out := b.others("Content-Type", "Content-Length", "Transfer-Encoding")
	if ct, ok := probe.LookupHeader(b.user, "Content-Type"); ok && b.hasBody() {
		if !strings.Contains(strings.ToLower(ct), "charset=") {
			ct += "; charset=utf-8"
		}
		out = append(out, probe.Header{Name: "Content-Type", Value: ct})
	} else if ok {
		out = append(out, probe.Header{Name: "Content-Type", Value: ct})
	}
	if b.hasBody() {
		out = append(out, probe.Header{Name: "Content-Length", Value: b.bodyLength()})
	}
	for _, d := range []probe.Header{
		{Name: "Host", Value: b.host()},
		{Name: "Connection", Value: "Keep-Alive"},
		{Name: "Accept-Encoding", Value: "gzip"},
		{Name: "User-Agent", Value: "okhttp/" + OkHttpVersion},
	} {
		if !b.has(d.Name) {
			out = append(out, d)
		}
	}
	return out
}

// urlsessionHeaders: CFNetwork is closed source. Apple's URLRequest
// documentation reserves Content-Length, Authorization, Connection, Host,
// Proxy-* and WWW-Authenticate, which the loading system sets itself. What
// it adds is as captured from iOS 17 and 18 apps on HTTP/1.1: Host,
// Accept: */*, Accept-Language, Connection: keep-alive, Accept-Encoding and
// a User-Agent of the app's name and build, CFNetwork and Darwin versions;
// a body with no Content-Type goes as application/x-www-form-urlencoded.
// The order of these is as seen in such captures, not documented.
func urlsessionHeaders(b *builder) []probe.Header {
	out := []probe.Header{{Name: "Host", Value: b.value("Host", b.host())}}
	app := b.others("Host", "Accept", "Accept-Language", "Connection", "Accept-Encoding", "User-Agent", "Content-Length")
	if b.hasBody() && !b.has("Content-Type") {
		app = append(app, probe.Header{Name: "Content-Type", Value: "application/x-www-form-urlencoded"})
	}
	out = append(out, app...)
	if b.hasBody() {
		out = append(out, probe.Header{Name: "Content-Length", Value: b.bodyLength()})
	}
	return append(out,
		probe.Header{Name: "Accept", Value: b.value("Accept", "*/*")},
		probe.Header{Name: "Accept-Language", Value: b.value("Accept-Language", "en-US,en;q=0.9")},
		probe.Header{Name: "Connection", Value: b.value("Connection", "keep-alive")},
		probe.Header{Name: "Accept-Encoding", Value: b.value("Accept-Encoding", "gzip, deflate, br")},
		probe.Header{Name: "User-Agent", Value: b.value("User-Agent", "App/1 CFNetwork/1568.100.1 Darwin/24.0.0")},
	)
}

// browserHeaders: fetch() from a page in Chrome. The Fetch standard
// (fetch.spec.whatwg.org) decides the rules: Origin is sent when the
// request is cross-origin or its method is neither GET nor HEAD ("append
// a request Origin header"); Sec-Fetch-Site is same-origin, same-site or
// cross-site from the page's origin to the URL, Sec-Fetch-Mode cors and
// Sec-Fetch-Dest empty for fetch() (Fetch Metadata, w3c.github.io
// /webappsec-fetch-metadata); a string body with no type is
// "text/plain;charset=UTF-8" ("extract a body"). Chrome adds its low
// entropy client hints sec-ch-ua, sec-ch-ua-mobile and sec-ch-ua-platform
// (wicg.github.io/ua-client-hints) and writes these names in lower case.
// The page's origin is the Origin header the user gives; without one, the
// page is taken to be on the URL's own origin. Only headers are imitated:
// Chrome's TLS and HTTP/2 fingerprints are not.
func browserHeaders(b *builder) []probe.Header {
	target := originOf(b.req.URL)
	page := b.value("Origin", target)
	site := fetchSite(page, target)
	m := strings.ToUpper(b.req.Method)
	out := []probe.Header{
		{Name: "Host", Value: b.value("Host", b.host())},
		{Name: "Connection", Value: "keep-alive"},
	}
	if b.hasBody() {
		out = append(out, probe.Header{Name: "Content-Length", Value: b.bodyLength()})
	}
	out = append(out,
		probe.Header{Name: "sec-ch-ua", Value: `"Google Chrome";v="` + ChromeMajor + `", "Chromium";v="` + ChromeMajor + `", "Not_A Brand";v="24"`},
		probe.Header{Name: "sec-ch-ua-mobile", Value: "?0"},
		probe.Header{Name: "sec-ch-ua-platform", Value: `"Windows"`},
		probe.Header{Name: "User-Agent", Value: b.value("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"+ChromeMajor+".0.0.0 Safari/537.36")},
	)
	out = append(out, b.others("Host", "Connection", "Content-Length", "User-Agent", "Accept", "Origin", "Referer", "Accept-Encoding", "Accept-Language")...)
	if b.hasBody() && !b.has("Content-Type") {
		out = append(out, probe.Header{Name: "Content-Type", Value: "text/plain;charset=UTF-8"})
	}
	out = append(out, probe.Header{Name: "Accept", Value: b.value("Accept", "*/*")})
	if site != "same-origin" || (m != "GET" && m != "HEAD" && m != "") {
		out = append(out, probe.Header{Name: "Origin", Value: page})
	}
	out = append(out,
		probe.Header{Name: "Sec-Fetch-Site", Value: site},
		probe.Header{Name: "Sec-Fetch-Mode", Value: "cors"},
		probe.Header{Name: "Sec-Fetch-Dest", Value: "empty"},
		probe.Header{Name: "Referer", Value: b.value("Referer", page+"/")},
		probe.Header{Name: "Accept-Encoding", Value: b.value("Accept-Encoding", "gzip, deflate, br, zstd")},
		probe.Header{Name: "Accept-Language", Value: b.value("Accept-Language", "en-US,en;q=0.9")},
	)
	return out
}

// originOf is scheme://host[:port] of a URL, "" when it does not parse.
func originOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}

// fetchSite is Sec-Fetch-Site from the page's origin to the target's.
// Same-site compares the last two labels of the host, an approximation of
// the registrable domain that ignores public suffixes such as co.uk.
func fetchSite(page, target string) string {
	if strings.EqualFold(page, target) {
		return "same-origin"
	}
	pu, err1 := url.Parse(page)
	tu, err2 := url.Parse(target)
	if err1 != nil || err2 != nil || pu.Scheme != tu.Scheme {
		return "cross-site"
	}
	if site(pu.Hostname()) == site(tu.Hostname()) {
		return "same-site"
	}
	return "cross-site"
}

func site(host string) string {
	labels := strings.Split(strings.ToLower(host), ".")
	if len(labels) <= 2 {
		return strings.Join(labels, ".")
	}
	return strings.Join(labels[len(labels)-2:], ".")
}

// postmanHeaders: postman-runtime lib/requester/dry-run.js lists the
// system headers the runtime adds after the request's own: Content-Type
// from the body mode (raw text: text/plain; urlencoded form), then
// User-Agent: PostmanRuntime/VERSION, Accept: */*, Cache-Control: no-cache
// and Postman-Token (a fresh UUID per request; both on by default in the
// app's settings), Host, Accept-Encoding: gzip, deflate, br, Connection:
// keep-alive, Content-Length. A header the request sets disables the
// system one of that name.
func postmanHeaders(b *builder) []probe.Header {
	system := []string{"User-Agent", "Accept", "Cache-Control", "Postman-Token", "Host", "Accept-Encoding", "Connection", "Content-Length"}
	out := b.others(system...)
	if b.hasBody() && !b.has("Content-Type") {
		ct := "text/plain"
		if b.opts.Body == BodyForm {
			ct = "application/x-www-form-urlencoded"
		}
		out = append(out, probe.Header{Name: "Content-Type", Value: ct})
	}
	defaults := map[string]string{
		"User-Agent": "PostmanRuntime/" + PostmanVersion, "Accept": "*/*", "Cache-Control": "no-cache",
		"Postman-Token": newUUID(b.opts.Rand), "Host": b.host(), "Accept-Encoding": "gzip, deflate, br", "Connection": "keep-alive",
	}
	for _, n := range system[:7] {
		out = append(out, probe.Header{Name: n, Value: b.value(n, defaults[n])})
	}
	if b.hasBody() {
		out = append(out, probe.Header{Name: "Content-Length", Value: b.bodyLength()})
	}
	return out
}

// newUUID is a version 4 UUID, as Postman-Token carries.
func newUUID(r io.Reader) string {
	if r == nil {
		r = rand.Reader
	}
	var u [16]byte
	if _, err := io.ReadFull(r, u[:]); err != nil {
		return "00000000-0000-4000-8000-000000000000"
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

func hasName(hs []probe.Header, name string) bool {
	_, ok := probe.LookupHeader(hs, name)
	return ok
}
