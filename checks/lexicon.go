package checks

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The wording layer: what the server's words mean, whatever the status.
//
// A meaning class is a conjunction of word families: "expired" needs a word
// of the lapse family (expired, expiry, stale, inactivity) near a word of
// the credential family (token, key, session, grant). Families are built
// from meanings (synonyms, word stems), not from any one vendor's phrase,
// so that "ExpiredProviderToken", "token_expired", "The refresh token has
// expired due to inactivity" and "jwt-expired" all read the same. Text is
// split into words first: camelCase, snake_case and kebab-case are folded,
// so a code reads like a sentence.
//
// A class matches when one word of every family occurs within a window of
// lexWindow words: meanings are local, and a long page that says
// "token" in its script and "expired" in its footer says nothing.

// lexWindow is how many words apart the families of one meaning may be.
const lexWindow = 7

// meaning is one class of wording and the cause it points at.
type meaning struct {
	Class string // the meaning, for evidence: "expiry", "place", ...
	Cause string
	// Families must all occur within lexWindow words. An entry is a word,
	// a stem ending in '*', or several words separated by spaces that must
	// follow each other.
	Families [][]string
	// Unless: a family whose presence in the window cancels the meaning
	// (a "signature expired" is the clock, not the credential).
	Unless []string
	// Statuses corroborate the wording: a status of this list and the
	// words agree, so the finding is Indicated; otherwise it is a reading
	// of the words alone, which never makes a sure answer (rank.go).
	Statuses []int
	Title    string
	Fix      string
	// Identified: the words presuppose a caller the server knows (a
	// member, a role, a person who blocked them), so they hold even where
	// no credential was recorded: a session or a recording left it out.
	// Generic permission words to an anonymous request yield to
	// authentication (authFirst); these do not.
	Identified bool
	// ThisResource: the words say the credential is not good for this
	// resource ("a valid key with access to the resource you requested",
	// "not supported for this endpoint"): a key valid elsewhere may be
	// refused here, so they hold beside a refusal of the credential and
	// keep that refusal from being a sure answer (auth_invalid.go).
	ThisResource bool
}

// Word families shared by several meanings.
var (
	credentialWords = []string{"token*", "credential*", "key", "keys", "apikey*", "secret*", "password*", "session*",
		"grant*", "jwt*", "assertion*", "login*", "cookie*", "certificate*", "authoriz*", "authenticat*", "auth", "bearer", "client",
		// the proof an app presents of being the genuine app (App Check,
		// Play Integrity, App Attest): the app's credential
		"attestation*",
		// a ticket stands for a login (Kerberos, CAS, Proxmox PVE tickets)
		"ticket*",
		// token, key and password in French, Spanish, Portuguese, Italian, German
		"jeton*", "clave*", "chave*", "chiave*", "schlüssel*", "contraseña*", "senha*", "passwort*", "kennwort*",
		// Russian: token, password, login, key; Portuguese and Spanish: credentials
		"токен*", "парол*", "логин*", "ключ*", "credenciais", "credencial*"}
	refusedWords = []string{"invalid", "wrong", "incorrect", "bad", "unknown", "unrecogni*", "revoked", "not valid",
		"failed", "failure", "reject*", "bogus", "malformed", "not recogni*", "verification failed", "does not exist",
		"mismatch*", "not match", "could not be verified",
		// looked up and not found: an unknown credential, not an absent one
		"not be found", "cannot be found", "can not be found", "non existent", "nonexistent", "not exist",
		// invalid in Spanish, Portuguese, French, Italian, German
		"inválid*", "invalido", "invalida", "invalide*", "no válid*", "não válid*", "non valide", "non valido", "non valida", "ungültig*", "nicht gültig",
		// Russian: wrong, not valid, incorrect (each in all its endings); Portuguese and Spanish: incorrect
		"неверн*", "недействительн*", "неправильн*", "некорректн*", "incorret*"}
	// heldWords are the things a request carries to authenticate: what
	// can be missing (not "authentication", which is asked for, not sent).
	heldWords = []string{"token*", "credential*", "key", "keys", "apikey*", "secret*", "password*", "cookie*", "header", "bearer", "jwt*",
		// the client's identity half of a key pair (OAuth client_id,
		// PLAID-CLIENT-ID): a credential a request may leave out
		"client id", "client ids"}
	lapseWords   = []string{"expir*", "stale", "inactiv*", "lapsed", "timed out", "no longer valid", "abgelaufen", "caducad*", "scadut*", "просроч*", "истек*", "истёк*", "expirad*", "vencid*"} // German, Spanish, Italian; Russian overdue, expired; Portuguese and Spanish expired
	absentWords  = []string{"missing", "no", "not found", "required", "absent", "not provided", "not present", "not supplied", "not set", "without", "empty"}
	denyWords    = []string{"block*", "denied", "deny", "forbid*", "banned", "restrict*", "not allowed", "not permitted", "disallow*", "reject*", "refus*", "violat*", "not authori*", "not allow", "doesn t allow", "don t allow", "허용되지", "차단*", "거부*"} // "does not allow access from this IP"; the last three: Korean not allowed (허용되지 않은), blocked, refused
	notWords     = []string{"not", "no", "unavailable", "unsupported", "block*", "restrict*", "denied", "banned", "prohibit*"}
	addressWords = []string{"ip", "ips", "ipv4", "ipv6", "address*", "cidr", "subnet*", "network*"}
	allowWords   = []string{"whitelist*", "allowlist*", "allow list", "white list", "allowed list", "trusted list", "acl"}
)

// emptyCredential is each held word with an absence word attached:
// "empty token", "missing key", "token is empty", "no credentials". The
// user name is the half of a login that names who: "user name is empty"
// says the request carried no one (etcd, a WordPress JWT plugin's
// empty_username).
func emptyCredential() []string {
	var out []string
	for _, w := range []string{"token*", "credential*", "key", "apikey*", "secret*", "password*", "jwt*", "bearer", "cookie*", "username*", "user name"} {
		out = append(out, "empty "+w, "missing "+w, "no "+w, "blank "+w, w+" missing", w+" is missing", w+" is empty", w+" empty", w+" was empty", w+" field is empty", w+" field is missing")
	}
	return out
}

// lexicon is every meaning, most specific first: the first that matches a
// span of words takes it. It is built on first use, with the families
// made by code (emptyCredential, appended lists): --version and the app
// link this package but never read it.
var lexicon = sync.OnceValue(func() []meaning {
	return []meaning{
		{Class: "client application restriction", Cause: IPAllowlist,
			// An app's identity is its package name; a registry's package
			// ("not allowed to publish package") is no app.
			Families: [][]string{{"referer*", "referrer*", "android", "ios", "bundle*", "package name*", "client application", "application restriction*", "app restriction*"},
				{"block*", "restrict*", "not allowed", "denied", "violat*"}},
			Statuses: []int{403},
			Title:    "The key is restricted to certain applications, and this request is not one of them",
			Fix:      "Check the key's application restrictions (Android package and signing-certificate SHA-1, iOS bundle ID, HTTP referrers, IP addresses); an app must send its identity (X-Android-Package and X-Android-Cert, or X-Ios-Bundle-Identifier) with the key. It is not a role (IAM) to grant."},
		{Class: "address restriction", Cause: IPAllowlist,
			Families: [][]string{addressWords, append(append([]string{}, denyWords...), allowWords...)},
			// A firewall's report of what it detected ("IPS detected for Web
			// Cross-site Scripting", "Source IP: ... Reason: BLOCK-MALWARE")
			// names the address as a field, or an intrusion prevention
			// system: the block is for the threat, not the address.
			Unless:   []string{"intrusion*", "detect*", "malware*", "spyware*", "virus*", "threat*"},
			Statuses: []int{401, 403},
			Title:    "The server refuses the address the request comes from",
			Fix:      "Add the client's public address to the allow list (or call from an allowed network); see the addresses used below."},
		{Class: "address mismatch", Cause: IPAllowlist,
			// The address differs from the one the key is bound to: "Request
			// IP Mismatch", "Unmatched IP, please check your API key's bound
			// IP addresses". A mismatch said of a signature is the signature's.
			Families: [][]string{addressWords, {"mismatch*", "unmatched", "not match", "does not match", "doesn t match", "did not match"}},
			Unless:   []string{"signature*", "sign", "signed", "hmac"},
			Statuses: []int{401, 403},
			Title:    "The server says the request's address is not the one the key is bound to",
			Fix:      "Add the client's public address to the key's bound (allowed) addresses, or call from the address it is bound to; see the addresses used below."},
		// A server that answers only its own machine or network says so
		// without naming an address: "HTTP-access currently not allowed
		// from remote clients" (SAP B1iP), "only available from the local
		// network" (XAMPP), "only accessible using localhost" (Bitnami).
		// The refusal is of where the request comes from: the client's
		// address. Said of a Host header ("non-local Host"), an Origin or a
		// redirect URL it is another check's.
		{Class: "local clients only", Cause: IPAllowlist,
			Families: [][]string{{"remote client*", "remote access", "remote connection*", "remote request*", "remotely", "localhost", "local network*", "local machine", "same machine", "local mode", "locally"},
				append([]string{"only"}, denyWords...)},
			Unless:   append([]string{"host", "host header", "origin*", "cors", "redirect*", "callback*"}, credentialWords...),
			Statuses: []int{401, 403},
			Title:    "The server accepts requests only from its own machine or network",
			Fix:      "Call from the machine (or network) the server allows, or change the server's setting that limits it to local clients (a local-only or safe mode, a \"Require local\" rule)."},
		// A block of the network the address belongs to: "Why Blocked:
		// Cloud service" (CIDRAM), "DATACENTER_BLOCKED" (Prosopo's traffic
		// filter). Servers, CDN edges and CI runners call from such
		// networks; the address is refused for its owner, not for what
		// the request carried. ("Data center: fra10" on a CDN's page names
		// the edge that answered, so two words are not taken.)
		{Class: "network owner", Cause: IPAllowlist,
			Families: [][]string{{"datacenter", "datacenters", "cloud service*", "cloud provider*", "hosting provider*", "hosting compan*", "hosting network*"},
				{"block*", "denied", "deny", "banned", "forbid*", "not allowed", "disallow*", "refus*"}},
			Statuses: []int{403},
			Title:    "The server refuses addresses of the network the request comes from (a cloud, hosting or data-center range)",
			Fix:      "Call from an address outside the blocked range (not a cloud server, CDN edge or CI runner), or ask the site to allow your range; see the addresses used below."},
		{Class: "request's address refused", Cause: IPAllowlist,
			// The address the request came from, named as such and refused:
			// "Unauthorized source IP address", "Invalid request IP". An
			// address the request names as data ("invalid IP address" of a
			// record) is not the caller's, so only these compounds count.
			Families: [][]string{{"request ip", "requesting ip", "source ip", "source ips", "caller ip", "calling ip", "your ip", "remote ip", "origin ip"},
				{"invalid", "unauthori*", "not authori*", "unknown", "unrecogni*", "not recogni*", "not registered", "unregistered", "untrusted", "not trusted"}},
			Statuses: []int{400, 401, 403},
			Title:    "The server refuses the address the request comes from",
			Fix:      "Add the client's public address to the allow list (or call from an allowed network); see the addresses used below."},
		{Class: "allow list", Cause: IPAllowlist,
			Families: [][]string{allowWords, {"not", "no", "outside", "missing", "absent"}},
			Statuses: []int{401, 403},
			Title:    "The server says the client is not on its allow list",
			Fix:      "Add the client's public address (or its application identity) to the allow list."},
		// "Wrong endpoint", "Wrong region", "incorrect data center": the
		// request reached a host that does not serve this key or account (a
		// plan's or region's own host). Said next to a credential word it is
		// one of two suspects ("invalid key or wrong endpoint"), or the
		// signing region: the credential readings keep those.
		{Class: "wrong host", Cause: HostMismatch,
			Families: [][]string{{"wrong", "incorrect", "misdirect*"},
				{"endpoint*", "host", "hosts", "hostname*", "region*", "data center*", "datacenter*", "domain*", "base url", "server"}},
			Unless:   credentialWords,
			Statuses: []int{400, 401, 403, 404, 421},
			Title:    "The server says the request went to the wrong host (another endpoint, plan or region)",
			Fix:      "Send the request to the host that serves this key or account (the plan's or region's own endpoint, as the response or the account's settings name it)."},
		// A front end that does not serve the name asked for says so: "unknown
		// domain ... has been added to a service" (Fastly), "Unknown site"
		// (Pantheon), "domain is not configured". The site is picked by Host.
		{Class: "host not served", Cause: HostMismatch,
			// "has not been defined" (WebSphere's SRVE0255E) is not configured.
			Families: [][]string{{"unknown", "unrecogni*", "not configured", "unconfigured", "not been added", "not added", "not defined", "not been defined"},
				{"domain", "domains", "host", "hosts", "hostname*", "site", "vhost*", "virtual host*"}},
			Unless:   append([]string{"unknown error", "error occurred"}, credentialWords...),
			Statuses: []int{400, 403, 404, 421},
			Title:    "The server says it does not serve this host name",
			Fix:      "Check the host name in the URL (and any Host override): the front end (CDN, load balancer, hosting) has no site by that name; add the domain to the service, or point DNS at the service that has it."},
		// A server that picks what it serves by the Host header, and checks
		// it against a list of its own, says so: "Invalid Host header"
		// (webpack-dev-server), "Invalid HTTP_HOST header ... add it to
		// ALLOWED_HOSTS" (Django), "This host is not allowed ... add it to
		// server.allowedHosts" (Vite).
		{Class: "host not allowed", Cause: HostMismatch,
			Families: [][]string{{"host header", "allowed hosts", "allowed host", "allowedhosts"},
				{"invalid", "malformed", "not allowed", "disallowed", "blocked", "add", "not in"}},
			// A client's address, an Origin or a URL the request names
			// (a webhook's, a redirect's) is another host than the one asked for.
			Unless:   append(append([]string{"origin*", "url", "urls", "redirect*", "webhook*", "callback*"}, addressWords...), credentialWords...),
			Statuses: []int{400, 403, 421},
			Title:    "The server says the Host the request named is not one it allows",
			Fix:      "Send the request with the host name the server is configured for, or add this host name to the server's allowed hosts (a development server's allowedHosts, Django's ALLOWED_HOSTS)."},
		// The same check said in a host refused: "Blocked hosts:
		// example.com" (Rails' host authorization), "Host not allowed:
		// example.com" (Play's allowed-hosts filter). A host "not allowed
		// to connect" (a database's client) or a URL's host a guard refuses
		// is another thing.
		{Class: "host refused", Cause: HostMismatch,
			Families: [][]string{{"blocked host", "blocked hosts", "host not allowed", "hosts not allowed"}},
			Unless: append(append([]string{"origin*", "url", "urls", "uri", "redirect*", "webhook*", "callback*", "connect*", "proxy*"},
				addressWords...), credentialWords...),
			Statuses: []int{400, 403, 421},
			Title:    "The server says the Host the request named is not one it allows",
			Fix:      "Send the request with the host name the server is configured for, or add this host name to the server's allowed hosts (Rails config.hosts, Play's play.filters.hosts.allowed)."},
		// The same check said of the host name: "Bad Request - Invalid
		// Hostname. The request hostname is invalid." (the Windows HTTP
		// Server API, HTTP.sys, whose page ASP.NET Core's host filtering
		// copies), "Invalid hostname" (Duplicati's host check). Only
		// "invalid": "hostname is not allowed", "blocked hostname" are what
		// guards against server-side request forgery say of a URL the
		// request names, and a host "not allowed to connect" is the client.
		{Class: "host name invalid", Cause: HostMismatch,
			Families: [][]string{{"hostname", "host name"}, {"invalid"}},
			Unless: append(append([]string{"origin*", "url", "urls", "uri", "redirect*", "webhook*", "callback*", "resolve*", "dns"},
				addressWords...), credentialWords...),
			Statuses: []int{400, 403, 421},
			Title:    "The server says the host name the request named is not one it serves",
			Fix:      "Send the request with the host name the server listens for (its configured host or URL prefix, ASP.NET Core's AllowedHosts), or make the server accept this name (a wildcard listener, the name added to its allowed hosts)."},
		{Class: "place", Cause: GeoBlock,
			Families: [][]string{{"country", "countries", "region*", "territor*", "location*", "geo", "geograph*", "geolocat*", "geoblock*", "georestrict*", "geofenc*", "jurisdiction*", "your area"}, notWords},
			Statuses: []int{403, 451},
			Title:    "The server refuses the place the request comes from",
			Fix:      "The service is not offered where the request comes from; call from a supported region, or ask the provider."},
		{Class: "anti-forgery", Cause: CSRF,
			Families: [][]string{{"csrf*", "xsrf*", "crumb*", "forgery", "antiforgery", "authenticity token*", "authenticity"},
				append(append([]string{"no valid", "verif*", "expected"}, absentWords...), refusedWords...)},
			Statuses: []int{400, 403, 419, 422},
			Title:    "The server refused the request's anti-forgery (CSRF) token",
			Fix:      "Fetch a fresh CSRF token (or crumb) and send it with the session cookie it belongs to, in the header or field the framework reads."},
		{Class: "cookie nonce", Cause: CSRF,
			// A nonce tied to a cookie session is an anti-forgery token
			// (WordPress's rest_cookie_invalid_nonce); a nonce alone is a
			// signed request's counter, which is not.
			Families: [][]string{{"nonce*"}, {"cookie*", "session*", "form*"}, append([]string{"no valid", "check failed"}, refusedWords...)},
			Statuses: []int{400, 401, 403},
			Title:    "The server refused the anti-forgery nonce that goes with the cookie session",
			Fix:      "Send the nonce the page issued for this cookie session (WordPress: X-WP-Nonce from wpApiSettings.nonce), or authenticate without cookies (an application password)."},
		{Class: "cross-site request", Cause: CSRF,
			// A framework's guard against cross-site request forgery that
			// judges where the request comes from (Origin, Sec-Fetch-Site)
			// rather than a token: "Cross-site POST form submissions are
			// forbidden", "cross-origin request detected". Not CORS, which
			// the browser enforces on reading a response.
			Families: [][]string{{"cross site", "cross origin", "crosssite", "crossorigin"},
				{"forbidden", "forbid*", "denied", "not allowed", "detected", "rejected", "refused", "disallowed"}},
			// Cross-site scripting is an attack a WAF names, not a guard
			// on where the request comes from.
			Unless:   []string{"cors", "access control*", "preflight*", "same origin policy", "scripting", "xss", "intrusion*", "threat*"},
			Statuses: []int{400, 403},
			Title:    "The server's cross-site request (CSRF) protection refused where the request comes from",
			Fix:      "Send the request from the site's own origin, or add the origin the page is served from to the app's trusted origins (SvelteKit ORIGIN, Django CSRF_TRUSTED_ORIGINS, Go CrossOriginProtection.AddTrustedOrigin); CORS headers do not change this."},
		{Class: "signing", Cause: SignatureMismatch,
			// Chinese: 签名 signature, 验签 checking the signature; 错误 wrong,
			// 失败 failed, 出错 went wrong, 无效 invalid, 不匹配 not matching.
			Families: [][]string{{"signature*", "string to sign", "canonical request", "hmac", "signed", "签 名", "验 签"},
				append([]string{"does not match", "did not match", "not verify", "not verified", "calculated", "validation error*", "verification error*",
					"错 误", "失 败", "出 错", "无 效", "不 匹 配"}, refusedWords...)},
			Unless:   lapseWords,
			Statuses: []int{400, 401, 403},
			Title:    "The server says the request's signature does not verify",
			Fix:      "Recompute the signature over exactly what is sent (method, path, query, signed headers, body hash) with the right secret."},
		{Class: "server's string to sign", Cause: SignatureMismatch,
			// A server shows the string it signed itself only when its
			// signature differs from the one sent ("Server used the
			// following payload to sign", "The canonical string for this
			// request should have been").
			Families: [][]string{{"used", "calculated", "computed", "should have been", "expected"},
				{"string to sign", "payload to sign", "stringtosign", "canonical string", "canonical request"}},
			Statuses: []int{401, 403},
			Title:    "The server shows the string it signed: its signature differs from the one sent",
			Fix:      "Compare the server's string to sign with the one your code signed (method, path, date, headers, in order and case) and sign exactly that, with the right key."},
		{Class: "signing window", Cause: ClockSkew,
			// The receive window is the time a signed request stays valid
			// (exchanges' recvWindow): naming it names the request's time.
			Families: [][]string{{"recv window", "recvwindow", "receive window", "receiving window"}},
			Statuses: []int{400, 401, 403},
			Title:    "The server says the request's time is outside its receive window",
			Fix:      "Sign the request again with the current time (or the server's time); if that fails too, set the clock of the machine that signs (NTP)."},
		{Class: "validity at the current time", Cause: ClockSkew,
			// "Not valid at the current time" is a credential valid from a
			// time the server has not reached, or one past: either way the two
			// clocks disagree about now.
			Families: [][]string{{"current time", "current server time", "server time", "server s time", "present time"}, {"not valid", "not yet valid", "invalid", "outside", "ahead", "behind"}},
			Statuses: []int{400, 401, 403},
			Title:    "The server says the request is not valid at the server's current time",
			Fix:      "Sign the request (or create the token) again with the current time; if that fails too, set the clock of the machine that signs (NTP)."},
		{Class: "time", Cause: ClockSkew,
			Families: [][]string{{"timestamp*", "time", "clock*", "date", "window", "skew*", "signature"}, {"skew*", "ahead", "behind", "too old", "outside", "future", "drift*", "out of sync", "expired", "too far", "too large", "stale"}},
			Unless:   []string{"token*", "session*", "refresh"},
			Statuses: []int{400, 401, 403},
			Title:    "The server says the request's time is outside what it accepts",
			Fix:      "Sign the request again with the current time; if that fails too, set the clock of the machine that signs (NTP)."},
		{Class: "consent", Cause: PermissionScope,
			// The user (or an administrator) has not consented to what the
			// application asks for: OpenID Connect's consent_required, Entra
			// ID's "has not consented". The grant is refused for the scopes,
			// not for the credential, even inside invalid_grant.
			Families: [][]string{{"consent*"}, {"required", "require*", "missing", "not", "no", "need*", "lack*", "without", "declined", "revoked", "withdrawn"}},
			// a cookie banner's consent is no grant
			Unless:     []string{"cookie*", "tracking", "privacy"},
			Statuses:   []int{400, 401, 403},
			Title:      "The server says the user has not consented to what the application asks for",
			Fix:        "Have the user (or an administrator, for admin consent) grant the application the scopes it requests, once, through the provider's consent page; then request the token again.",
			Identified: true},
		{Class: "request time refused", Cause: ClockSkew,
			// The request's own timestamp refused ("Invalid KC-API-TIMESTAMP",
			// "Invalid OK-ACCESS-TIMESTAMP"): a signed request's time the
			// server does not accept, which is nearly always too far from its
			// clock (a wrong unit, seconds for milliseconds, reads the same).
			Families: [][]string{{"timestamp*"}, {"invalid", "wrong", "incorrect", "bad", "not valid", "rejected", "illegal"}},
			Unless:   []string{"token*", "session*", "refresh", "format*", "pars*"},
			Statuses: []int{400, 401, 403},
			Title:    "The server refuses the request's timestamp",
			Fix:      "Sign the request again with the current time, in the unit the API documents (often milliseconds); if that fails too, set the clock of the machine that signs (NTP)."},
		{Class: "client certificate", Cause: TLSClientCert,
			// The client's certificate refused, lapsed or absent
			// ("CERTIFICATE_INVALID: The provided certificate is not valid",
			// "Client certificate expired", "Certificate with SHA256 ... not
			// allowed"). It travels in the TLS handshake (or in a header a
			// terminating proxy adds), never in a recorded request's headers;
			// before the credential meanings, which count a certificate too.
			Families: [][]string{{"certificate*", "cert", "certs", "qwac*", "mtls", "x509"},
				append(append(append([]string{"missing", "required", "not provided", "not present", "not supplied", "absent", "not trusted", "untrusted", "self signed", "not yet valid"},
					refusedWords...), lapseWords...), denyWords...)},
			// The server's own certificate, an upstream's or an origin's (a
			// proxy's 502, a CDN's 526) is not the client's.
			Unless:   []string{"server certificate*", "server s certificate*", "upstream*", "origin*", "local issuer", "hostname*", "host name*", "domain", "domains"},
			Statuses: []int{400, 401, 403, 495, 496},
			Title:    "The server says the client certificate was refused or is missing",
			Fix:      "Check the client certificate: the one issued for this service (its subject or CN naming you), not expired or revoked, its intermediate certificates in the --cert file, its key matching."},
		{Class: "expiry", Cause: AuthExpired,
			Families: [][]string{credentialWords, lapseWords},
			// "make sure that it has not expired", "a valid, not expired
			// APIKey": a condition the server states, not what happened.
			Unless:   []string{"not expir*", "not yet expir*", "hasn t expir*", "isn t expir*", "not be expir*", "not lapsed"},
			Statuses: []int{400, 401, 403},
			Title:    "The server says the credential has expired",
			Fix:      "Get a new credential (refresh the token, sign in again) and send the request again."},
		{Class: "credential not found", Cause: AuthInvalid,
			// "access token not found: <token>", "Key <key> not found": the
			// server looked the credential up and has no such one (as
			// "cannot be found" says). Not found in a place ("not found in
			// request", "header not found") is the credential's absence,
			// which the next meaning reads; so is any word of absence
			// beside it. To a request with no credential, refusedUnsent
			// reads these words as none having reached the server.
			Families: [][]string{{"token*", "key", "keys", "apikey*", "secret*", "credential*"}, {"not found"}},
			// A JWT is never looked up: "JWT Token not found" is its absence.
			Unless: []string{"jwt*", "header*", "cookie*", "parameter*", "field*", "in request", "in the request", "in your request", "in header*", "in query", "in the query",
				"missing", "no", "not provided", "not present", "not supplied", "required", "empty", "or"},
			// A 404's "key not found" is as likely a store's missing key.
			Statuses: []int{400, 401, 403},
			Title:    "The server looked the credential up and has no such one",
			Fix:      "Check the credential's value (a typo, one of another account or environment, a deleted or rotated one) and send one that exists."},
		{Class: "valid credential asked for", Cause: AuthInvalid,
			// "A valid 'ApiSecret' header is required", "No valid API key
			// provided": the server wants a good credential. To a request
			// that sent one, that one was refused; to one that sent none,
			// refusedUnsent reads the words as none having arrived.
			Families: [][]string{{"valid"}, {"token*", "key", "keys", "apikey*", "secret*", "credential*", "password*", "jwt*", "header"},
				{"required", "require*", "no", "need*", "must", "provide*", "expected"}},
			// A valid credential with a scope or access to a resource is a
			// permission; a signature is the signing meaning's.
			Unless:   []string{"scope*", "permission*", "privilege*", "role*", "access", "resource*", "endpoint*", "signature*"},
			Statuses: []int{400, 401, 403},
			Title:    "The server asks for a valid credential: the one it got was not accepted",
			Fix:      "Check the credential's value (a typo, one of another account or environment, a revoked one) and that it goes where the API reads it."},
		{Class: "empty credential", Cause: AuthMissing,
			// The absence said of the credential itself ("empty token", "token
			// is missing") is what was wrong, even beside a generic "invalid"
			// ("Invalid IAP credentials: empty token").
			Families: [][]string{emptyCredential()},
			// "invalid or missing token" does not say which.
			Unless:   []string{"or", "permission*", "privilege*", "scope*", "role*"},
			Statuses: []int{400, 401, 403},
			Title:    "The server says the credential it got was empty or absent",
			Fix:      "Send the credential where this API reads it, and check that the variable or setting that holds it is not empty."},
		{Class: "organization not named", Cause: AuthMissing,
			// A multi-tenant credential needs the organisation (tenant,
			// workspace) it acts for, in a header or in the credential
			// itself: "Unauthorized: no organization selected", "No org was
			// specified at the beginning of the request credentials". The
			// part that names it was not sent.
			Families: [][]string{{"organization*", "organisation*", "org", "orgs", "tenant*", "workspace*"},
				{"no", "missing", "not"}, {"selected", "specified", "provided", "given", "supplied"}},
			// "The organization provided is not valid" names one, refused.
			Unless:   []string{"invalid", "not valid", "unknown", "does not exist", "not exist", "not found", "wrong", "incorrect", "not a member"},
			Statuses: []int{400, 401, 403},
			Title:    "The server says the request did not name the organisation (tenant) the credential acts for",
			Fix:      "Send the organisation or tenant the credential acts for where the API reads it (its documented header, such as an org or account ID header, or the prefix of the credential), then retry."},
		{Class: "missing credential", Cause: AuthMissing,
			Families: [][]string{heldWords, absentWords},
			// "your credentials lack the required scopes" is a permission.
			// "A valid key is required" asks for a good one, which a
			// request that sent one did not have: it does not say none came.
			Unless:   []string{"invalid", "valid", "expir*", "wrong", "incorrect", "permission*", "privilege*", "scope*", "role*"},
			Statuses: []int{400, 401, 403},
			Title:    "The server says no credential reached it",
			Fix:      "Send the credential where this API reads it (its documented header, not a cookie or a query parameter it ignores)."},
		{Class: "malformed credential", Cause: AuthMalformed,
			// The credential's shape, not its value: "invalid format for
			// X-Auth-Key header", "malformed token", "could not parse".
			Families: [][]string{credentialWords, {"format*", "formatted", "malformed", "syntax", "pars*", "not well formed", "improperly formed", "badly formed", "ill formed", "incorrectly formed", "encoding", "decod*"}},
			Unless:   []string{"request body", "json body", "payload"},
			Statuses: []int{400, 401, 403},
			Title:    "The server says the credential is not in the form it expects",
			Fix:      "Send the credential in the exact form the API documents (scheme, header name, separators, encoding)."},
		{Class: "authentication failed", Cause: AuthInvalid,
			Families: [][]string{credentialWords, refusedWords},
			// "The token provided does not match expected scopes", "token
			// has invalid scopes": the refusal is of what the credential
			// grants (a permission), not of the credential.
			Unless:   []string{"scope", "scopes"},
			Statuses: []int{400, 401, 403},
			Title:    "The server read the credential and refused it",
			Fix:      "Check the credential's value and that it belongs to this environment and client; get a new one if it was revoked."},
		{Class: "authentication failed", Cause: AuthInvalid,
			// The verb with its failure: "Could not authenticate", "Unable
			// to authenticate you", "Couldn't authenticate you", "failed to
			// authenticate the request": the server tried what was sent.
			Families: [][]string{{"authenticat*"}, {"could not", "couldn t", "unable to", "cannot", "can not", "can t", "failed to", "not able to"}},
			// "Unable to authenticate: no credentials provided" is an absence.
			Unless:   []string{"missing", "no credential*", "not provided", "required", "without"},
			Statuses: []int{400, 401, 403},
			Title:    "The server read the credential and refused it",
			Fix:      "Check the credential's value and that it belongs to this environment and client; get a new one if it was revoked."},
		{Class: "quota", Cause: RateLimit,
			Families: [][]string{{"quota*", "rate*", "limit*", "throttl*", "too many"}, {"exceed*", "reached", "hit", "exhaust*", "limited", "throttled", "requests", "too many"}},
			// A quota of the plan or credit is the account's, not a rate.
			Unless:   []string{"billing", "plan", "plans", "credit*", "insufficient", "payment*"},
			Statuses: []int{403, 429},
			Title:    "The server says a rate or quota limit was reached",
			Fix:      "Wait and retry more slowly (honour Retry-After), or raise the quota."},
		{Class: "request frequency", Cause: RateLimit,
			// How often requests come, at any status: "Developer Over Qps",
			// "Account Over Queries Per Second Limit", "standard API call
			// frequency is 5 calls per minute", "request trigger frequency
			// limit". The rate named with a word of excess or of a cap.
			Families: [][]string{{"qps", "rps", "tps", "qpm", "frequency", "frequencies", "frequent", "frequently", "per second", "per minute", "per sec", "per min"},
				{"over", "exceed*", "too", "limit*", "reached", "max", "maximum", "higher", "slow down", "slower", "throttl*"}},
			// "Frequently asked questions" in a page's footer is no rate.
			Unless:   []string{"billing", "credit*", "insufficient", "payment*", "asked"},
			Statuses: []int{200, 403, 429},
			Title:    "The server says requests came too often (a rate per second or minute)",
			Fix:      "Wait and retry more slowly (honour Retry-After, stay under the rate named), or raise the limit."},
		{Class: "over the limit", Cause: RateLimit,
			// "Over Request Limit", "over rate limit": a limit the caller is over.
			Families: [][]string{{"over"}, {"limit*", "quota*"}, {"request*", "rate*", "call*", "quer*", "usage"}},
			// A plan's or a bill's limit is the account's (as for "quota").
			Unless:   []string{"billing", "plan", "plans", "credit*", "insufficient", "payment*"},
			Statuses: []int{200, 403, 429},
			Title:    "The server says the caller is over its request limit",
			Fix:      "Wait and retry more slowly (honour Retry-After), or raise the limit."},
		{Class: "account restricted", Cause: AccountState,
			// The account (or user) itself is restricted or not yet enrolled:
			// "This user's account is restricted from accessing the public
			// API", "User not registered in the Developer Dashboard",
			// "client-not-enrolled". Whatever it sends, the account must be
			// changed (enrolled, approved, unrestricted) first.
			Families: [][]string{{"account*", "user", "users", "developer*", "member*", "tester*"},
				{"restricted from", "been restricted", "not registered", "unregistered",
					"not approved", "pending approval", "awaiting approval", "not activated", "not yet activated"}},
			// An account restricted to addresses or scopes is those causes'.
			Unless:   append([]string{"scope*", "permission*", "role*", "privilege*"}, addressWords...),
			Statuses: []int{401, 403},
			Title:    "The server says the account is restricted or not enrolled for this",
			Fix:      "Have the account enrolled, approved or unrestricted where the provider manages it (its developer dashboard: add the user to the app, finish the review or activation), then retry."},
		{Class: "unverified account", Cause: AccountState,
			// The account's address or the user is not yet verified or
			// confirmed ("Email not verified", "Email not confirmed", "User
			// is not confirmed"): the credentials are right, and the
			// account must finish its verification before they work.
			Families: [][]string{{"email*", "e mail*", "mail", "account*", "user", "users", "phone*", "mobile number*"},
				{"not verified", "unverified", "not been verified", "not yet verified", "not confirmed", "unconfirmed", "not been confirmed", "not yet confirmed", "verification required", "pending verification"}},
			// A signature or a credential that cannot be verified is that
			// credential's; a sender identity not verified in a sandbox is
			// the sandbox's meaning.
			Unless:   append([]string{"signature*", "sign", "signed", "hmac", "sandbox*", "trial"}, credentialWords...),
			Statuses: []int{400, 401, 403},
			Title:    "The server says the account (its email or user) is not verified yet",
			Fix:      "Finish the account's verification (follow the confirmation email or code the service sent, or confirm the user in its admin console), then sign in again."},
		{Class: "identity verification", Cause: AccountState,
			// The person behind the account must pass an identity (KYC)
			// check first: "Please complete your personal verification",
			// "We require all new traders to verify their identity". The
			// credential is good; the account may not do this yet.
			Families: [][]string{{"kyc", "identity verification", "verify your identity", "verify their identity", "verify identity",
				"personal verification", "id verification", "identity check*", "know your customer"},
				{"complete*", "finish*", "require*", "must", "need*", "please", "not", "pending", "before", "first"}},
			// A captcha or a signature to verify is no person's identity.
			Unless:   []string{"captcha*", "human", "robot*", "signature*"},
			Statuses: []int{400, 401, 403},
			Title:    "The server says the account holder must complete an identity (KYC) verification first",
			Fix:      "Complete the identity verification (KYC) level the account needs for this, in the provider's account settings, then retry; another key will not help."},
		{Class: "enrolment", Cause: AccountState,
			// Not enrolled (a developer programme, an access level): the
			// account or app must join before any credential of it works
			// ("client-not-enrolled").
			Families: [][]string{{"not enrolled", "unenrolled", "not enroled", "enrollment required", "enrolment required"}},
			Statuses: []int{401, 403},
			Title:    "The server says the account or app is not enrolled for this access",
			Fix:      "Enrol the account or app in the programme or access level the API requires (its developer portal), then use credentials of the enrolled app."},
		// "Disabled" is a state; "disable" is what a page tells the reader
		// to do ("set allow_remote_access to disable the check", "disable
		// the IP address whitelist"), said of a setting, not an account.
		{Class: "account state", Cause: AccountState,
			Families: [][]string{{"account*", "project*", "subscription*", "tenant*", "organi*", "billing", "plan", "installation*", "key", "keys", "app", "apps", "application*"}, {"suspend*", "disabled", "disablement", "deactivat*", "locked", "not enabled", "inactive", "closed", "terminated", "overdue", "unpaid", "banned"}},
			Statuses: []int{401, 402, 403},
			Title:    "The server says the account or project is not in a usable state",
			Fix:      "Enable, reactivate or pay for the account or API named, then retry."},
		{Class: "funds", Cause: AccountState,
			// The account's prepaid balance or credit does not cover the
			// call ("Insufficient Balance", "Your paid balance is
			// insufficient. Please top up", "credit balance is too low"):
			// paying helps, waiting or another credential does not.
			Families: [][]string{{"balance*", "credit", "credits", "fund", "funds", "wallet*", "prepaid"},
				{"insufficient", "not enough", "too low", "exhausted", "depleted", "negative", "run out", "ran out", "top up", "topup", "recharge*"}},
			Statuses: []int{400, 401, 402, 403, 429},
			Title:    "The server says the account's balance or credit does not cover the request",
			Fix:      "Add funds or credit to the account (or the balance the call draws on) in the provider's billing settings; waiting or slowing down will not help."},
		{Class: "account blocked", Cause: AccountState,
			// "Your account has been blocked", "your resource has been
			// temporarily blocked": what the caller owns is held, whatever it
			// sends. Not a request a rule blocked, nor an address.
			// A resource is the caller's only when the words say so: "access
			// to this resource is blocked" is any refusal.
			Families: [][]string{{"account*", "your resource*", "subscription*", "tenant*", "organi*", "workspace*", "deployment*", "project*"}, {"blocked", "banned", "frozen", "on hold"}},
			Unless: []string{"request*", "ip", "ips", "address*", "network*", "proxy", "vpn", "country", "countries", "region*", "location*",
				"firewall*", "waf", "security rule*", "bot", "bots", "by the user", "by user"},
			Statuses: []int{401, 402, 403},
			Title:    "The server says the account (or the resource it owns) is blocked",
			Fix:      "Ask the provider to unblock the account or resource (its support or the account's console); sending again will not help until it is lifted."},
		{Class: "sandbox or trial", Cause: AccountState,
			// A sandbox, trial, free tier or testing state may only do some
			// things: "Trial accounts cannot send messages to unverified
			// numbers", "You can only send testing emails to your own email
			// address", "sandbox
			// domain is not allowed to send".
			Families: [][]string{{"sandbox*", "trial", "trials", "test mode", "free tier", "free plan", "testing"}, {"not allowed", "cannot", "can not", "only", "restrict*", "unverified", "not verified", "not permitted", "expired", "ended"}},
			Statuses: []int{400, 401, 402, 403},
			Title:    "The server says the account's sandbox or trial state does not allow this",
			Fix:      "Leave the sandbox or trial (verify the account, add your own domain or number, upgrade the plan), or stay within what it allows (authorized or verified recipients)."},
		{Class: "model access", Cause: AccountState,
			// AI platforms grant models to the account (Bedrock's model
			// access, OpenAI's usage tiers): "You don't have access to the
			// model", "does not exist or you do not have access to it". A
			// role's denial names the action instead (not authorized to
			// perform bedrock:InvokeModel).
			Families: [][]string{{"model", "models"}, {"not have access", "don t have access", "no access", "not been granted access", "access not granted", "access denied to model"}},
			Statuses: []int{403, 404},
			Title:    "The server says the account has no access to this model",
			Fix:      "Check the model's exact name (ID, region), then request or enable access to it for the account (Bedrock: Model access; others: the plan or usage tier that includes it), or use a model the account has."},
		{Class: "enablement", Cause: AccountState,
			// "Please ensure that this API is activated", "the API must be
			// enabled for the project": a switch of the account, not a role.
			Families: [][]string{{"api", "apis", "service*", "project*", "account*", "feature*", "product*", "dashboard*", "console*"}, {"activat*", "enabl*"}, {"ensure", "please", "must", "need*", "require*", "not", "yet"}},
			Unless:   []string{"cookie*", "javascript", "browser*"},
			Statuses: []int{401, 403},
			Title:    "The server says the API or service is not enabled for the account or project",
			Fix:      "Enable (activate) the API or service named for the project or account the credential belongs to, then retry."},
		{Class: "credential's access to this resource", Cause: PermissionScope,
			Families: [][]string{{"with access to", "not supported for", "not valid for", "not enabled for", "valid for"},
				{"key", "keys", "apikey*", "token*", "credential*"},
				{"resource*", "endpoint*", "site", "sites", "route*", "repositor*", "project*", "workspace*", "this api", "this operation", "this method"}},
			// "a token with access to this resource is required": a
			// credential asked for, not one refused here. Access said of the
			// plan or subscription is the account's state.
			Unless: []string{"requires", "required", "provide*", "missing",
				"plan", "plans", "subscri*", "billing", "payment*"},
			Statuses:     []int{403},
			Title:        "The server says the credential has no access to this resource",
			Fix:          "Use a key or token that is granted this resource (its scopes, the sites or projects it covers, the endpoint's own key type), or grant it here, then retry.",
			ThisResource: true},
		{Class: "credential not for this use", Cause: PermissionScope,
			// The credential is good, but not for this: "Token is granted
			// for [YouTrack] and can't be used for <service>", "API key
			// cannot be used for this action". Said of a time ("cannot be
			// used before", "again") it is the credential's lifetime.
			Families: [][]string{{"key", "keys", "apikey*", "token*", "credential*"},
				{"can t be used for", "cannot be used for", "can not be used for", "may not be used for", "must not be used for"}},
			Unless:       []string{"before", "after", "until", "again", "yet", "anymore", "any more", "longer"},
			Statuses:     []int{401, 403},
			Title:        "The server says the credential may not be used for this",
			Fix:          "Use a key or token issued for this service or action (the scope, product or key type it names), or grant this one that use, then retry.",
			ThisResource: true},
		{Class: "scope refused", Cause: PermissionScope,
			// The token's scope does not fit this resource: "INVALID_SCOPE:
			// ... Ensure this token has all the required scopes",
			// "INVALID_OAUTHSCOPE", "OAUTH_SCOPE_MISMATCH", "out_of_scope"
			// (Upbit, Bithumb). The token is known and good for what its
			// scopes grant.
			Families:     [][]string{{"scope", "scopes", "oauthscope*"}, {"invalid", "mismatch*", "not match", "does not match", "wrong", "incorrect", "out of"}},
			Statuses:     []int{401, 403},
			Title:        "The server says the token's scope does not cover this",
			Fix:          "Request a token with the scope this call needs (add it to the app's requested scopes and authorize again), then retry.",
			ThisResource: true},
		{Class: "action not authorized", Cause: PermissionScope,
			// The caller may not perform this: "User unauthorized to
			// perform action", "not authorized for field customer" (a
			// GraphQL field is an operation), "is not authorized to
			// perform: iam:ListRoles". At 401 it yields to authentication.
			Families: [][]string{{"unauthori*", "not authori*", "not permitted"},
				{"to perform", "perform this", "this action", "for field", "for fields", "this field", "this operation"}},
			Unless:   append([]string{"anonymous"}, addressWords...),
			Statuses: []int{200, 403},
			Title:    "The server says the caller may not perform this action",
			Fix:      "Grant the identity behind the credential the right to this action (its role, scope or the resource's permissions), then retry."},
		{Class: "team not authorized", Cause: PermissionScope,
			// The credential was not granted the team or workspace it
			// asks for: "Team(s) not authorized" (the workspace was not
			// authorized for this token), "team_access_not_granted". The
			// token is good for the teams it was granted.
			Families: [][]string{{"team", "teams", "workspace*", "tenant*", "organization*", "organisation*"},
				{"not authori*", "not granted"}},
			Unless:       append([]string{"anonymous"}, addressWords...),
			Statuses:     []int{200, 401, 403},
			Title:        "The server says the credential was not granted this team or workspace",
			Fix:          "Authorize the token for the team or workspace it calls (re-run the app's authorization and pick it, or install the app there), or call a team it was granted.",
			ThisResource: true},
		{Class: "not authorized for this", Cause: PermissionScope,
			// "This API key is not authorized to use this service", "token is
			// not authorized to use this endpoint", "does not permit this
			// endpoint": the caller is known, the operation is not granted.
			Families: [][]string{{"not authori*", "unauthori*", "not permit*", "not allowed"}, {"endpoint*", "service*", "api", "apis", "method*", "operation*", "action*", "resource*"}, {"key", "keys", "token*", "app", "apps", "application*", "consumer*", "client*"}},
			Unless:   []string{"anonymous", "ip", "address*", "country", "region*", "origin*", "referer*", "referrer*"},
			Statuses: []int{200, 403},
			Title:    "The server says the credential is not authorized for this operation",
			Fix:      "Grant the key or token access to this API or endpoint (its API restrictions, scopes or role), then retry."},
		{Class: "not authorized to act", Cause: PermissionScope,
			// "is not authorized to perform: s3:GetObject", "not
			// authorized to execute this request": the caller is known,
			// the act is not granted. At a 401 the status says the
			// credential was refused, so there it is a guess.
			Families: [][]string{{"not authori*", "unauthori*"}, {"to execute", "to perform", "to run", "to invoke", "to call"}},
			Unless:   []string{"anonymous", "ip", "address*", "country", "region*", "origin*", "referer*", "referrer*"},
			Statuses: []int{403},
			Title:    "The server says the caller is not authorized to do this",
			Fix:      "Grant this identity the permission or role the operation needs, or act as one that holds it, then retry."},
		{Class: "permission", Cause: PermissionScope,
			Families: [][]string{{"permission*", "privilege*", "scope*", "role*", "rights", "entitle*"}, {"insufficient", "missing", "denied", "lack*", "not have", "not granted", "required", "no"}},
			// A 401 says authentication failed (RFC 9110 §15.5.2): permission
			// words there ("PermissionDenied" for a bad key) are a weaker reading.
			Statuses: []int{403},
			Title:    "The server says the identity lacks a permission",
			Fix:      "Grant the permission, role or scope named (or, for rule-based stores, change the rules), then retry."},
		{Class: "media type required", Cause: ContentType,
			// The body's declared type is not the one the endpoint takes:
			// "content-type: must be multipart/form-data", "Invalid
			// Content-Type header (text/plain), expected multipart/form-data".
			Families: [][]string{{"content type", "content types", "media type", "media types", "mime type"},
				{"must be", "expected", "unsupported", "not supported", "invalid", "required", "only"}},
			// What the client accepts (406) is negotiation, not the body.
			Unless:   []string{"accept", "accepts", "acceptable", "response"},
			Statuses: []int{400, 415, 422},
			Title:    "The server says the request body's Content-Type is not the one it takes",
			Fix:      "Send the body in the media type the server names (multipart/form-data for uploads, application/json for JSON), with a Content-Type that says so."},
		{Class: "client identification", Cause: UserAgentRequired,
			// A server that asks the client to name itself: "make sure your
			// User-Agent is not empty", "please set a user-agent".
			Families: [][]string{{"user agent", "useragent*"}, {"empty", "missing", "required", "require", "requires", "set", "provide*", "unique", "descriptive", "informative", "identif*", "blank", "without", "make sure", "ensure", "includ*"}},
			Statuses: []int{400, 403, 406, 429},
			Title:    "The server asks the client to identify itself with a User-Agent",
			Fix:      userAgentFix},
		{Class: "membership", Cause: PermissionScope,
			// The caller is known but not one of the people this is for: not
			// invited, not a member of the room, channel or group.
			Families: [][]string{{"not invited", "uninvited", "not a member", "not member", "not in channel", "not in the channel",
				"not in room", "not in the room", "not a participant", "not a collaborator", "no longer a member"}},
			Statuses:   []int{403},
			Title:      "The server says the caller is not a member of what it asks for",
			Fix:        "Be invited or added (to the room, channel, group or project) with this identity, or act as an identity that is a member, then retry.",
			Identified: true},
		{Class: "role required", Cause: PermissionScope,
			// "Only admins can perform this action", "admins only",
			// "must be an owner": a role the caller does not hold.
			Families: [][]string{{"admin", "admins", "administrator*", "owner", "owners", "superuser*", "moderator*", "maintainer*", "staff"},
				{"only", "must be", "must have", "requires", "required", "restricted to", "reserved for"}},
			// "admin secret required" asks for a credential, not a role.
			Unless:     []string{"secret*", "key", "keys", "token*", "password*", "header*", "login*", "log in", "sign in"},
			Statuses:   []int{403},
			Title:      "The server says this needs a role the caller does not hold (an administrator, an owner)",
			Fix:        "Act with an identity that holds the role named (an administrator's or owner's credential), or have the role granted, then retry.",
			Identified: true},
		{Class: "blocked by a person", Cause: PermissionScope,
			// A person blocked the caller (a chat bot, an account): this
			// identity may no longer reach them. Not a firewall.
			Families:   [][]string{{"block*"}, {"by the user", "by user", "by this user", "by the recipient", "by the author", "from the author"}},
			Statuses:   []int{403},
			Title:      "The server says a person blocked this identity",
			Fix:        "The recipient blocked this account or bot: it cannot reach them until they unblock it; skip them (it is not a credential or server problem).",
			Identified: true},
		{Class: "web filter", Cause: ProxyDenied,
			// A network's web or URL filter (a secure web gateway, a firewall's
			// filtering profile) refuses destinations by category, whatever
			// the server would answer: "Web Filter Violation", "Not allowed to
			// browse FileHost category".
			Families: [][]string{{"web filter*", "url filter*", "content filter*", "webfilter*", "urlfilter*", "web filtering"},
				append([]string{"violat*", "categor*", "prohibit*"}, denyWords...)},
			Statuses: []int{200, 403},
			Title:    "The words are a network web filter's: a proxy or firewall on the way refused the destination",
			Fix:      proxyFix},
		{Class: "browsing category", Cause: ProxyDenied,
			// Browsing refused by the site's category is a filter's verdict;
			// "directory browsing is not enabled" names no category and is
			// the server's.
			Families: [][]string{{"browse", "browsing"}, {"categor*"}, append([]string{"prohibit*"}, denyWords...)},
			Statuses: []int{200, 403},
			Title:    "The words are a network web filter's: browsing this category of site is refused on the way",
			Fix:      proxyFix},
		{Class: "network policy", Cause: ProxyDenied,
			// A block by the policy of the reader's own organisation is the
			// network's filter speaking, not the site: "blocked in accordance
			// with company policy" (PAN-OS URL filtering), "based on your
			// organization's access policies ... has been blocked" (Cisco WSA).
			Families: [][]string{{"organization*", "organisation*", "company", "corporate", "employer*"}, {"polic*", "acceptable use"}},
			Statuses: []int{200, 403, 503},
			Title:    "The words are a network web filter's: your organisation's policy refused the destination on the way",
			Fix:      proxyFix},
		{Class: "blocking", Cause: WAFBlock,
			Families: [][]string{{"waf", "firewall*", "security rule*", "security policy", "security polic*", "suspicious", "bot", "bots", "captcha*", "malicious", "attack*"}, denyWords},
			// "bot was blocked by the user": a person blocked a chat bot.
			Unless:   []string{"by the user", "by user", "blocked user*"},
			Statuses: []int{200, 403, 406, 429, 503},
			Title:    "The server's words say a security rule blocked the request",
			Fix:      "The request matched a security rule: send it as a browser would (User-Agent, no attack-like text), or ask the site owner with the reference shown."},
	}
})

// lexHit is one meaning found in the server's words.
type lexHit struct {
	m *meaning
	// Words are the words that decided, as found.
	Words []string
	// Excerpt is the span of words around them.
	Excerpt string
	// Agrees reports that the status corroborates the words.
	Agrees bool
}

// lexMaxWords is how many of the server's words the lexicon reads. Error
// documents and refusal pages say what they mean in their first sentences
// (the recorded refusals of testdata/real decide within their first 90
// words, and hold at most about 200), as markers are found in a body's
// first 64 KiB; a long page's later words are its content, and reading
// them made judging a 1 MiB page cost four times the rest of the checks.
const lexMaxWords = 400

// lexWords splits text into lower-case words: letters and digits, with
// camelCase ("ExpiredProviderToken") and acronym runs ("APIKeyInvalid")
// broken apart, every other character a separator. It returns at most the
// first lexMaxWords words.
func lexWords(text string) []string {
	var out []string
	start := -1
	flush := func(i int) {
		if start >= 0 {
			out = append(out, strings.ToLower(text[start:i]))
			start = -1
		}
	}
	// prev is the rune before i, r the rune at i, next the one after.
	var prev rune
	r, size := utf8.DecodeRuneInString(text)
	for i := 0; i < len(text) && len(out) < lexMaxWords; {
		next, nextSize := utf8.DecodeRuneInString(text[i+size:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			flush(i)
		} else {
			if start >= 0 && unicode.IsUpper(r) {
				nextLower := i+size < len(text) && unicode.IsLower(next)
				if unicode.IsLower(prev) || unicode.IsUpper(prev) && nextLower {
					flush(i)
				}
			}
			if start >= 0 && unicode.IsDigit(r) != unicode.IsDigit(prev) {
				flush(i)
			}
			if start >= 0 && (r >= utf8.RuneSelf || prev >= utf8.RuneSelf) && unicode.IsLetter(prev) &&
				unicode.Is(unicode.Latin, r) != unicode.Is(unicode.Latin, prev) {
				// A change of script ends a word: "IP입니다" is "IP" and
				// a Korean word, as a space would have made it.
				flush(i)
			}
			if start >= 0 && prev >= utf8.RuneSelf && unicode.Is(unicode.Han, prev) {
				// Chinese writes no spaces: each character is a word, and
				// an entry of several ("签 名") must follow in order.
				flush(i)
			}
			if start < 0 {
				start = i
			}
		}
		i += size
		prev, r, size = r, next, nextSize
	}
	if len(out) < lexMaxWords {
		flush(len(text))
	}
	return out
}

// matchAt reports whether the entry (a word, a stem*, or words) matches at
// words[i], and how many words it covers.
func matchAt(words []string, i int, parts []string) int {
	if i+len(parts) > len(words) {
		return 0
	}
	if w, p := words[i], parts[0]; w == "" || p == "" || w[0] != p[0] {
		return 0 // most words fail here, before any comparison
	}
	for k, p := range parts {
		w := words[i+k]
		if stem, ok := strings.CutSuffix(p, "*"); ok {
			if !strings.HasPrefix(w, stem) {
				return 0
			}
		} else if w != p {
			return 0
		}
	}
	return len(parts)
}

// splitFamily is a family's entries grouped by their first byte, in
// their order within a group, so that a word is compared only with the
// entries that begin as it does (the first of them to match still wins).
// The lexicon's families are grouped once (lexParts): find runs for every
// word of a body and every entry. An entry is kept as the one string it
// is (its words separated by single spaces, matchEntry), not as a slice
// of words: the lexicon is grouped in every run that judges a response,
// and the memory it touches is most of what that costs.
func splitFamily(family []string) splitFam {
	var count [famSlots]int
	n := 0
	for _, e := range family {
		if e = entryWords(e); e != "" {
			count[famSlot(e[0])]++
			n++
		}
	}
	if n == 0 {
		return splitFam{}
	}
	if n > 255 {
		panic(fmt.Sprintf("checks: a lexicon family of %d entries (at most 255)", n))
	}
	var f splitFam
	for c := range famSlots {
		f.start[c+1] = f.start[c] + uint8(count[c])
	}
	f.entries = make([]string, n)
	next := f.start
	for _, e := range family {
		if e = entryWords(e); e != "" {
			c := famSlot(e[0])
			f.entries[next[c]] = e
			next[c]++
			f.heads |= entryHead(e)
		}
	}
	return f
}

// wordHead is a bit for a word's first two bytes (a word of one byte has
// a zero second): a family's heads hold the bits of every word its
// entries may begin with, so that most words are refused without a
// comparison.
func wordHead(w string) uint64 {
	b := byte(0)
	if len(w) > 1 {
		b = w[1]
	}
	return 1 << ((uint(w[0])*31 + uint(b)) % 64)
}

// entryHead is the bits of wordHead an entry's first word may match: one,
// or all of them for a stem of one letter ("x*").
func entryHead(e string) uint64 {
	switch {
	case len(e) > 1 && e[1] == '*' && (len(e) == 2 || e[2] == ' '):
		return ^uint64(0)
	case len(e) == 1 || e[1] == ' ':
		return wordHead(e[:1])
	}
	return wordHead(e)
}

// entryWords is a family's entry with its words separated by single
// spaces, as matchEntry reads it: the entry itself when it is so already
// (every entry written out in the lexicon is).
func entryWords(e string) string {
	odd := strings.HasPrefix(e, " ") || strings.HasSuffix(e, " ") || strings.Contains(e, "  ") ||
		strings.ContainsFunc(e, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) })
	if odd {
		return strings.Join(strings.Fields(e), " ")
	}
	return e
}

// matchEntry is matchAt for an entry whose words are separated by single
// spaces (entryWords), read byte by byte: it runs for every word and
// entry that share a first byte, and cutting the entry into words there
// cost a third more than the matching.
func matchEntry(words []string, i int, e string) int {
	if w := words[i]; w == "" || w[0] != e[0] {
		return 0 // most words fail here, before any comparison
	}
	j := 0 // the start of the entry's next word
	for n := 0; i+n < len(words); n++ {
		end, ok := matchPart(words[i+n], e, j)
		if !ok {
			return 0
		}
		if end == len(e) {
			return n + 1
		}
		j = end + 1
	}
	return 0
}

// matchPart reports whether word w matches the entry's word at e[j:] (up
// to a space or the end): equal, or for a stem (a word ending in '*')
// beginning with it. end is where the entry's word ends.
func matchPart(w, e string, j int) (end int, ok bool) {
	k := 0
	for ; j < len(e) && e[j] != ' '; j, k = j+1, k+1 {
		if e[j] == '*' && (j+1 == len(e) || e[j+1] == ' ') {
			return j + 1, true
		}
		if k >= len(w) || w[k] != e[j] {
			return j, false
		}
	}
	return j, k == len(w)
}

// splitFam is a family's entries grouped by first byte: entries[start[s]:
// start[s+1]] are those whose first byte has slot s (famSlot). entries is
// empty for a family without entries (most meanings' Unless).
type splitFam struct {
	entries []string
	start   [famSlots + 1]uint8
	heads   uint64 // wordHead of each entry's first word
}

// famSlots and famSlot group entries by their first byte: a letter or a
// digit has a slot of its own (words are lower case), every other byte
// shares the last, where matchEntry's first-byte test tells them apart.
const famSlots = 37

func famSlot(c byte) int {
	switch {
	case 'a' <= c && c <= 'z':
		return int(c - 'a')
	case '0' <= c && c <= '9':
		return 26 + int(c-'0')
	}
	return famSlots - 1
}

// meaningParts are one meaning's families and Unless, split.
type meaningParts struct {
	families []splitFam
	unless   splitFam
}

// split is the meaning's families and Unless split into words.
func (m *meaning) split() meaningParts {
	var p meaningParts
	for _, f := range m.Families {
		p.families = append(p.families, splitFamily(f))
	}
	p.unless = splitFamily(m.Unless)
	return p
}

var lexParts = sync.OnceValue(func() []meaningParts {
	meanings := lexicon()
	out := make([]meaningParts, len(meanings))
	for i := range meanings {
		out[i] = meanings[i].split()
	}
	return out
})

// familyAt is the first entry of family matching at words[i]. The family
// is passed by reference: it is called for every word of every meaning, and
// copying its table there cost more than the matching.
func familyAt(words []string, i int, family *splitFam) int {
	if words[i] == "" || family.heads&wordHead(words[i]) == 0 {
		return 0
	}
	c := famSlot(words[i][0])
	for _, e := range family.entries[family.start[c]:family.start[c+1]] {
		if n := matchEntry(words, i, e); n > 0 {
			return n
		}
	}
	return 0
}

// readWords finds each meaning of the lexicon in words, at most one hit
// per meaning, in lexicon order.
func readWords(words []string, status int) []lexHit {
	words = joinRequestCodes(words)
	var hits []lexHit
	meanings, parts := lexicon(), lexParts()
	for mi := range meanings {
		m := &meanings[mi]
		if h, ok := m.find(words, parts[mi]); ok {
			for _, s := range m.Statuses {
				h.Agrees = h.Agrees || s == status
			}
			hits = append(hits, h)
		}
	}
	return hits
}

// joinRequestCodes joins "invalid request" into one word, invalid_request:
// the error class of a request that is malformed or lacks a parameter
// (RFC 6749 §5.2, RFC 6750 §3.1), not a credential refused. Read as two
// words its "invalid" would outweigh the parameter it names as missing
// ("INVALID_REQUEST: the following required fields are missing: client_id").
func joinRequestCodes(words []string) []string {
	// "Invalid request IP" is the request's address, not the error class.
	joins := func(j int) bool {
		return words[j] == "invalid" && words[j+1] == "request" && (j+2 == len(words) || !contains(addressWords, words[j+2]))
	}
	for i := 0; i+1 < len(words); i++ {
		if joins(i) {
			out := make([]string, 0, len(words)-1)
			for j := 0; j < len(words); j++ {
				if j+1 < len(words) && joins(j) {
					out = append(out, "invalid_request")
					j++
					continue
				}
				out = append(out, words[j])
			}
			return out
		}
	}
	return words
}

// find looks for a window where every family occurs.
func (m *meaning) find(words []string, p meaningParts) (lexHit, bool) {
	for i := range words {
		n := familyAt(words, i, &p.families[0])
		if n == 0 {
			continue
		}
		lo, hi := max(0, i-lexWindow), min(len(words), i+n+lexWindow)
		found := []string{strings.Join(words[i:i+n], " ")}
		all := true
		for fi := range p.families[1:] {
			fam := &p.families[1+fi]
			got := ""
			for j := lo; j < hi && got == ""; j++ {
				if j >= i && j < i+n {
					continue
				}
				if k := familyAt(words, j, fam); k > 0 {
					got = strings.Join(words[j:min(j+k, len(words))], " ")
				}
			}
			if got == "" {
				all = false
				break
			}
			found = append(found, got)
		}
		if !all {
			continue
		}
		if len(m.Unless) > 0 {
			cancelled := false
			for j := lo; j < hi && !cancelled; j++ {
				cancelled = familyAt(words, j, &p.unless) > 0
			}
			if cancelled {
				continue
			}
		}
		return lexHit{m: m, Words: found, Excerpt: strings.Join(words[lo:hi], " ")}, true
	}
	return lexHit{}, false
}

// evidence is the hit as an evidence line: the words that decided.
func (h lexHit) evidence(source string) string {
	return "the server's words (" + source + "): \"…" + h.Excerpt + "…\" read as " + h.m.Class +
		" (decided by: " + strings.Join(h.Words, " + ") + ")"
}
