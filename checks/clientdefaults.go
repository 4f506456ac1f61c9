package checks

import (
	"strings"
	"sync"
	"time"

	"github.com/why403/why403/probe"
)

// What checks know of the clients apps send with (probe/clients has how
// they build a request). Their defaults are what a developer cannot see
// in their own code: a User-Agent naming the library, a String body sent
// as text/plain.

// dartUserAgent: dart:io's default, "Dart/<major.minor> (dart:io)".
const dartUserAgentPrefix = "dart/"

// dartStringContentType is package:http's type for a String body the app
// did not label.
const dartStringContentType = "text/plain; charset=utf-8"

// botWords in a refusal point at bot or User-Agent blocking.
var botWords = []string{"bot", "automated", "robot", "crawler", "scraper", "captcha", "user-agent", "user agent", "browser"}

// pointsAtBots reports whether the response points at bot or User-Agent
// blocking: a WAF or bot-protection marker, Cloudflare 1010, or a refusal
// whose text speaks of bots, automation or the User-Agent. Without it a
// client's default User-Agent is a warning, never the cause.
func (f *facts) pointsAtBots() bool {
	if f.waf != nil || f.cfCode == 1010 {
		return true
	}
	if name, _ := mitigationHeader(f.h); name != "" {
		return true
	}
	_, _, ok := f.body.find(botWords)
	return ok
}

// isDartAgent: the User-Agent is dart:io's default (package:http, dio,
// Flutter on mobile and desktop).
func isDartAgent(r *requestFacts) bool {
	return strings.HasPrefix(strings.ToLower(strings.TrimSpace(r.UserAgent)), dartUserAgentPrefix) && strings.Contains(strings.ToLower(r.UserAgent), "dart:io")
}

// libraryAgentTitle names the client when it is one whose default we know.
func libraryAgentTitle(r *requestFacts, rest string) string {
	return "The request carries " + clientAgentName(r) + ", " + rest
}

// clientNames are the clients of libraryAgents by name, as a developer
// calls them.
var clientNames = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"go-http-client": "Go's", "dart/": "Dart's", "python-requests": "Python requests'",
		"python-urllib": "Python urllib's", "python-httpx": "httpx's", "aiohttp": "aiohttp's",
		"curl/": "curl's", "wget/": "Wget's", "okhttp": "OkHttp's", "axios": "axios's",
		"java/": "Java's", "apache-httpclient": "Apache HttpClient's", "libwww-perl": "Perl LWP's",
		"node-fetch": "node-fetch's", "undici": "Node's (undici)", "node": "Node's",
		"guzzlehttp": "Guzzle's", "postmanruntime": "Postman's", "scrapy": "Scrapy's",
	}
})

// clientAgentName names the request's User-Agent plainly ("Dart's
// default User-Agent"), for a library default.
func clientAgentName(r *requestFacts) string {
	if isDartAgent(r) {
		return "Dart's default User-Agent"
	}
	if n, ok := clientNames()[r.UALibrary]; ok {
		return n + " default User-Agent"
	}
	return "a library's default User-Agent"
}

// pointsAtAgentBlocking reports a refusal where a client's default
// User-Agent is worth a warning: the response points at bots, or it is a
// bare 403 block page that names no reason. Anywhere else that
// User-Agent is what most API calls carry, and stays in the details.
func (f *facts) pointsAtAgentBlocking() bool {
	return f.refused() && (f.pointsAtBots() || f.status == 403 && f.generic != "")
}

// dartUserAgentFix is how a Dart app names itself, in Dart.
const dartUserAgentFix = "set a User-Agent naming your app in the request's headers, e.g. headers: {'User-Agent': 'myapp/1.2 (+https://example.com/contact)'} (package:http), or BaseOptions(headers: {...}) for dio"

// libraryAgentFix gives the fix in the client's own language.
func libraryAgentFix(r *requestFacts, fix string) string {
	if isDartAgent(r) {
		return "S" + dartUserAgentFix[1:] + "."
	}
	return fix
}

// dartStringBodyAsText: the body is JSON but goes with package:http's
// default type for a String body.
func dartStringBodyAsText(r *requestFacts) bool {
	return r.BodyKind == "json" && strings.EqualFold(strings.ReplaceAll(r.ContentType, " ", ""), strings.ReplaceAll(dartStringContentType, " ", ""))
}

// dartContentTypeFix is the content.type fix for that body.
const dartContentTypeFix = "This body is JSON but goes as text/plain; charset=utf-8, the http package's default for a String body: set Content-Type: application/json, e.g. http.post(url, headers: {'Content-Type': 'application/json'}, body: jsonEncode(data))."

// Placeholders names the placeholder credentials in the request
// (YOUR_ACCESS_TOKEN, <token>, xxx, changeme, Bearer null, Bearer
// undefined), one line each, so that a caller can say so before sending:
// such a request is refused whatever else is right.
func Placeholders(req probe.Request) []string {
	var out []string
	for _, f := range Preflight(req, time.Time{}) {
		if f.ID == AuthMalformed && f.Status == Fail && strings.Contains(f.Title, "placeholder") {
			out = append(out, f.Title)
		}
	}
	return out
}
