package checks

import "sync"

// Vendor and stack knowledge, as data. The checks read these tables; none
// of them repeats a vendor's header names or wording in its own code. Every
// text marker is lower case because it is matched against the lowered body.

// headerMarker recognises a response header: present at all when Contains
// is empty, else present with a value containing Contains (lower case).
type headerMarker struct {
	Name     string
	Contains string
}

// vendor is a server, CDN, gateway or WAF recognisable from a response.
type vendor struct {
	Name    string
	Headers []headerMarker
	// Body markers recognise the vendor's own pages.
	Body []string
	// RefHeader carries the vendor's request reference, the ID its support
	// (or the site owner) needs to find the request in their logs.
	RefHeader string
	// RefBody are body prefixes followed by the reference (Akamai, F5);
	// Akamai writes its reference with HTML character references.
	RefBody []string
	// RefLabel names the body reference in the report.
	RefLabel string
}

// vendors are listed outermost first (edge, then gateway, then origin), so
// a report names the layers in the order a request meets them.
var vendors = []vendor{
	{Name: "Cloudflare", Headers: []headerMarker{{"cf-ray", ""}, {"server", "cloudflare"}, {"cf-mitigated", ""}}, RefHeader: "cf-ray"},
	{Name: "Akamai", Headers: []headerMarker{{"server", "akamaighost"}, {"server", "akamainetstorage"}}, Body: []string{"reference&#32;&#35;18", "reference #18."}, RefBody: []string{"reference #", "reference&#32;&#35;"}, RefLabel: "Reference #"},
	{Name: "Imperva", Headers: []headerMarker{{"x-iinfo", ""}, {"x-cdn", "imperva"}, {"x-cdn", "incapsula"}}, Body: []string{"incapsula incident id", "_incapsula_resource"}, RefBody: []string{"incident id: "}, RefLabel: "Incapsula incident ID "},
	{Name: "Sucuri", Headers: []headerMarker{{"x-sucuri-id", ""}, {"x-sucuri-block", ""}, {"server", "sucuri"}}, Body: []string{"sucuri website firewall"}, RefHeader: "x-sucuri-id"},
	{Name: "CloudFront", Headers: []headerMarker{{"x-amz-cf-id", ""}, {"x-cache", "cloudfront"}, {"via", "cloudfront"}}, RefHeader: "x-amz-cf-id"},
	{Name: "Azure Front Door", Headers: []headerMarker{{"x-azure-ref", ""}}, RefHeader: "x-azure-ref"},
	{Name: "Azure Application Gateway", Headers: []headerMarker{{"server", "microsoft-azure-application-gateway"}}, Body: []string{"microsoft-azure-application-gateway"}},
	{Name: "F5 BIG-IP", Headers: []headerMarker{{"server", "bigip"}, {"server", "big-ip"}}, Body: []string{"the requested url was rejected"}, RefBody: []string{"your support id is: "}, RefLabel: "support ID "},
	{Name: "AWS API Gateway", Headers: []headerMarker{{"x-amz-apigw-id", ""}, {"x-amzn-errortype", ""}, {"x-amzn-requestid", ""}}, RefHeader: "x-amzn-requestid"},
	{Name: "AWS ELB", Headers: []headerMarker{{"server", "awselb"}}},
	{Name: "Amazon S3", Headers: []headerMarker{{"server", "amazons3"}, {"x-amz-id-2", ""}}, RefHeader: "x-amz-request-id"},
	{Name: "GitHub", Headers: []headerMarker{{"x-github-request-id", ""}, {"server", "github.com"}}, RefHeader: "x-github-request-id"},
	{Name: "Google", Headers: []headerMarker{{"server", "esf"}, {"server", "gfe"}, {"server", "google frontend"}, {"x-guploader-uploadid", ""}}, Body: []string{"type.googleapis.com/"}},
	{Name: "Azure", Headers: []headerMarker{{"x-ms-request-id", ""}, {"x-ms-correlation-request-id", ""}}, RefHeader: "x-ms-request-id"},
	{Name: "Kubernetes", Headers: []headerMarker{{"audit-id", ""}, {"x-kubernetes-pf-flowschema-uid", ""}}, RefHeader: "audit-id"},
	{Name: "Vercel", Headers: []headerMarker{{"server", "vercel"}, {"x-vercel-id", ""}, {"x-vercel-mitigated", ""}}, RefHeader: "x-vercel-id"},
	{Name: "Netlify", Headers: []headerMarker{{"server", "netlify"}, {"x-nf-request-id", ""}}, RefHeader: "x-nf-request-id"},
	{Name: "Fastly", Headers: []headerMarker{{"x-fastly-request-id", ""}, {"fastly-debug-digest", ""}}, RefHeader: "x-fastly-request-id"},
	{Name: "Envoy", Headers: []headerMarker{{"server", "envoy"}, {"x-envoy-upstream-service-time", ""}}},
	{Name: "ModSecurity", Body: []string{"mod_security", "modsecurity"}},
	{Name: "nginx", Headers: []headerMarker{{"server", "nginx"}, {"server", "openresty"}}, Body: []string{"<center>nginx", "<center>openresty"}},
	{Name: "Apache", Headers: []headerMarker{{"server", "apache"}}, Body: []string{"<address>apache"}},
	{Name: "Microsoft IIS", Headers: []headerMarker{{"server", "microsoft-iis"}}},
}

// cfCode is what a Cloudflare 1xxx error code means and which cause it is.
type cfCode struct {
	Cause   string
	Meaning string
}

// cloudflareCodes are the 1xxx codes of Cloudflare's own error pages.
var cloudflareCodes = sync.OnceValue(func() map[int]cfCode {
	return map[int]cfCode{
		1003: {HostMismatch, "direct IP access is not allowed"},
		1005: {IPAllowlist, "the site owner banned the network (ASN) your IP address belongs to"},
		1006: {IPAllowlist, "the site owner banned your IP address"},
		1007: {IPAllowlist, "the site owner banned your IP address"},
		1008: {IPAllowlist, "the site owner banned your IP address"},
		1009: {GeoBlock, "the site owner banned the country or region your IP address is in"},
		1010: {WAFBlock, "the site owner banned your browser signature (Browser Integrity Check: a library User-Agent or missing browser headers)"},
		1012: {WAFBlock, "access denied by a rule of the site owner"},
		1013: {HostMismatch, "the HTTP Host and the TLS SNI name differ"},
		1015: {RateLimit, "you are being rate limited"},
		1020: {WAFBlock, "a firewall rule of the site owner blocked the request"},
		1034: {HostMismatch, "the host name points at a Cloudflare address that does not serve it (edge IP restricted)"},
		1106: {IPAllowlist, "your IP address is banned by the site's security settings"},
	}
})

// Cloudflare page titles (lower case).
var cloudflareBlockTitles = []string{"attention required! | cloudflare", "used cloudflare to restrict access", "just a moment..."}

// libraryAgents are User-Agent prefixes of HTTP libraries and tools. Bot
// protection treats them as scripts; some sites refuse them outright.
var libraryAgents = []string{
	"go-http-client", "dart/", "python-requests", "python-urllib", "python-httpx", "httpx/", "aiohttp",
	"curl/", "wget/", "okhttp", "axios", "java/", "apache-httpclient", "libwww-perl",
	"node-fetch", "undici", "node", "guzzlehttp", "postmanruntime", "scrapy",
}

// botAgents are words by which a User-Agent declares an automated client:
// bot rules refuse them on sight (a link checker, a crawler). "bot" counts
// at the end of a product name (Googlebot/2.1, AhrefsBot;), not inside a
// phone's model name (CUBOT X30).
var botAgents = []string{"bot/", "bot;", "bot)", "bot-", "bot_", "robot", "crawler", "spider", "linkcheck", "link-check", "link_check", "checklink", "checker", "scraper"}

// scannerAgents are words in the User-Agent of security scanners, which
// WAF rule sets block on sight (OWASP CRS rule 913100 and its list).
var scannerAgents = []string{
	"nikto", "sqlmap", "nmap", "masscan", "dirbuster", "gobuster", "wpscan", "nuclei",
	"zgrab", "acunetix", "nessus", "openvas", "w3af", "arachni", "havij", "netsparker",
	"zmeu", "whatweb", "feroxbuster", "ffuf", "jaeles", "commix",
}

// attackPattern is request text that WAF rule sets (OWASP CRS and the
// commercial ones) match.
type attackPattern struct {
	Text string // lower case, whitespace collapsed
	Kind string
}

var attackPatterns = []attackPattern{
	{"' or 1=1", "SQL injection"}, {"'or 1=1", "SQL injection"}, {"\" or 1=1", "SQL injection"},
	{"' or '1'='1", "SQL injection"}, {"'or'1'='1", "SQL injection"}, {" or 1=1--", "SQL injection"},
	{"union select", "SQL injection"}, {"union all select", "SQL injection"},
	{"; drop table", "SQL injection"}, {"information_schema", "SQL injection"},
	{"xp_cmdshell", "SQL injection"}, {"sleep(", "SQL injection"}, {"benchmark(", "SQL injection"},
	{"<script", "cross-site scripting"}, {"javascript:", "cross-site scripting"},
	{"onerror=", "cross-site scripting"}, {"onload=", "cross-site scripting"},
	{"<iframe", "cross-site scripting"}, {"document.cookie", "cross-site scripting"},
	{"../", "path traversal"}, {"..\\", "path traversal"},
	{"/etc/passwd", "local file inclusion"}, {"/etc/shadow", "local file inclusion"},
	{"/proc/self/", "local file inclusion"}, {"c:\\windows", "local file inclusion"}, {"win.ini", "local file inclusion"},
	{"${jndi:", "Log4Shell (JNDI lookup)"},
	{"<?php", "PHP injection"}, {"php://", "PHP injection"},
	{"{{7*7}}", "template injection"},
	{"/bin/sh", "command injection"}, {"/bin/bash", "command injection"}, {"cmd.exe", "command injection"},
	{"; cat ", "command injection"}, {"| cat ", "command injection"}, {"&& whoami", "command injection"},
}

// Response wording, by cause. Matched against the lowered body.
var (
	// missingPhrases say outright that no credential arrived.
	missingPhrases = []string{
		"missing authentication token", "missing token", "no token provided", "token not provided",
		"missing authorization header", "authorization header is missing", "authorization header missing",
		"no authorization header", "missing api key", "no api key", "api key is missing", "api key required",
		"authentication credentials were not provided", "missing credentials", "no credentials provided",
		"system:anonymous", "bearer token required", "no auth token", "missing bearer",
		// a JWT is read from the request, never looked up in a store: not
		// found, it was not where (or in the form) the server reads it
		"jwt token not found", "jwt not found",
	}
	// authRequiredPhrases ask for authentication without saying none came
	// (Google's UNAUTHENTICATED also covers a bad token).
	authRequiredPhrases = []string{
		"authentication required", "requires authentication", "login required", "not authenticated",
		"unauthenticated", "must be authenticated", "please log in", "sign in to continue",
	}
	// expiredPhrases say the credential (token, session, presigned URL) expired.
	expiredPhrases = []string{
		"token expired", "token has expired", "token is expired", "jwt expired", "expired token",
		"expiredtoken", "token_expired", "security token included in the request is expired",
		"provided token has expired", "access token expired", "access_token_expired",
		"session expired", "session has expired", "request has expired", "credentials have expired",
		"expired_token", "exp claim", "signature has expired", "api key expired", "expired api key",
		"key has expired", "key is expired", "expired access token", "expired api key", "expired credentials",
		"expired session", "expired refresh token",
		// Chinese: token expired, login expired, session expired
		"令牌已过期", "令牌过期", "token已过期", "token过期", "登录已过期", "登录过期", "会话已过期",
	}
	// malformedPhrases say the credential could not be parsed.
	malformedPhrases = []string{
		"not a valid key=value pair", "requires 'credential' parameter", "requires 'signature' parameter",
		"requires 'signedheaders' parameter", "authorization header requires", "incompletesignature",
		"malformed token", "token is malformed", "jwt malformed", "malformed authorization",
		"authorization header is malformed", "invalid authorization header", "bad authorization header",
		"invalid header format", "invalid token format", "could not parse token",
		"authorizationheadermalformed", "invalid compact jws", "invalid number of segments",
	}
	// invalidPhrases say a well-formed credential was not accepted.
	invalidPhrases = []string{
		"bad credentials", "invalidaccesskeyid", "invalidclienttokenid", "unrecognizedclientexception",
		"security token included in the request is invalid", "invalid api key", "api key not valid",
		"api_key_invalid", "invalid_api_key", "incorrect api key", "invalid token", "invalid_token",
		"invalid credentials", "invalid signature", "signature verification failed", "token is invalid",
		"authentication failed", "request had invalid authentication credentials", "invalid access token",
		"with an explicit deny", "token revoked", "token has been revoked",
		// Chinese: token invalid, invalid token, wrong password
		"令牌无效", "无效令牌", "无效的令牌", "token无效", "无效token", "无效的token", "密码错误",
	}
	// ipPhrases name an address restriction without needing the word "IP".
	ipPhrases = []string{
		"client denied by server configuration", "not on the allowlist", "not in the allowlist",
		"not on the whitelist", "not in the whitelist", "not whitelisted", "not allowlisted",
		"forbiddenbyfirewall", "client address is not authorized", "ip forbidden",
		"has blocked your access", "address is not allowed", "source address",
	}
	// ipWords, near the word "IP", make an IP restriction.
	ipWords = []string{
		"allowlist", "allow list", "allow-list", "whitelist", "white list", "not allowed",
		"not permitted", "not authorized", "blocked", "denied", "banned", "forbidden", "restricted",
		"not in ", "not on ",
	}
	// scopePhrases say the caller is known but lacks a permission.
	scopePhrases = []string{
		"insufficient_scope", "insufficient scope", "insufficient privileges", "insufficient permissions",
		"insufficient_permissions", "insufficientpermissions", "missing required scope", "missing scope",
		"required scopes", "does not have permission", "does not have the required permission",
		"does not have authorization to perform", "not authorized to perform", "permission denied",
		"permission_denied", "resource not accessible by", "access_token_scope_insufficient",
		"accessdeniedexception", "you do not have permission", "lacks the required", "not have access to",
		"rbac: access denied", "does not contain scope", "does not contain the required scope", "missing scopes",
		"not granted the scope", "scope is required",
	}
	// rateNamed say "rate limit" outright.
	rateNamed = []string{
		"rate limit exceeded", "api rate limit", "secondary rate limit", "rate limited", "ratelimitexceeded",
		"userratelimitexceeded", "too many requests", "throttlingexception", "rate exceeded",
		"reduce your request rate", "resource_exhausted", "abuse detection", "slowdown",
		"quota exceeded", "exceeded your quota", "quota has been exceeded", "dailylimitexceeded",
		"quotaexceeded", "insufficient_quota", "too_many_requests",
	}
	// rateWords are weaker: they mention a limit without saying it was hit.
	rateWords = []string{"rate limit", "rate-limit", "ratelimit", "throttl", "quota", "abuse"}
	// geoPhrases say the client's location is refused.
	geoPhrases = []string{
		"configured to block access from your country", "not available in your country",
		"not available in your region", "not available in your location", "unavailable in your country",
		"unavailable in your region", "blocked in your country", "from your country", "in your region",
		"geo-restricted", "geo restricted", "georestricted", "geoblock", "geo-block",
		"banned the country or region", "not available in your area", "from your area",
	}
	// contentTypePhrases say the media type does not fit.
	contentTypePhrases = []string{
		"content-type header [", "unsupported media type", "unsupported content type", "unsupported content-type",
		"content type not supported", "content-type not supported", "invalid content-type",
		"invalid content type", "expected content-type", "must be application/json",
		"content-type must be", "content type is not allowed", "unsupported_media_type",
		"could not find acceptable representation", "no acceptable representation",
	}
	// wafPhrases name a WAF or bot protection by its own page.
	wafPhrases = []string{
		"the requested url was rejected", "request blocked.", "mod_security", "modsecurity",
		"sucuri website firewall", "incapsula incident id", "generated by wordfence",
		"your access to this site has been limited", "request forbidden by administrative rules",
		"web application firewall", "blocked by the waf", "bot protection",
	}
	// tlsPagePhrases are nginx's 400 pages for client-certificate failures.
	tlsPagePhrases = []string{
		"no required ssl certificate was sent", "the ssl certificate error",
		"ssl certificate error", "client certificate required",
	}
)

// Wording of the causes beyond the common eleven. Matched against the
// lowered body.
var (
	// csrfPhrases are the frameworks' CSRF refusals (Django, Spring, Rails,
	// Laravel, Express csurf, gorilla/csrf, ASP.NET antiforgery).
	csrfPhrases = []string{
		"csrf verification failed", "csrf token missing", "csrf token mismatch", "csrf token invalid",
		"invalid csrf token", "csrf token is invalid", "csrf token not found", "missing csrf token",
		"csrf cookie not set", "could not verify the provided csrf token", "invalid csrf", "csrf token has expired",
		"invalidauthenticitytoken", "verify csrf token authenticity", "xsrf token mismatch", "invalid xsrf",
		"missing xsrf", "antiforgery token", "anti-forgery token", "csrf failed", "csrf check failed",
		"origin checking failed", "reason given for the failure:",
	}
	// corsPhrases refuse a request for its Origin.
	corsPhrases = []string{
		"invalid cors request", "not allowed by cors", "origin not allowed", "origin is not allowed",
		"cors origin denied", "cors request rejected", "disallowed cors origin", "cors policy",
		"origin does not match", "cross-origin request blocked", "cors not allowed",
	}
	// skewPhrases say the request's time is too far from the server's.
	skewPhrases = []string{
		"requesttimetooskewed", "request time too skewed", "difference between the request time and the current time is too large",
		"signature expired", "signature has expired", "is now earlier than", "clock skew", "clock_skew", "time skew", "clock is out of sync",
		"token used before issued", "issued in the future", "iat is in the future", "request timestamp is too old",
		"timestamp is outside", "request has expired",
	}
	// signaturePhrases say a signed request did not verify.
	signaturePhrases = []string{
		"the request signature we calculated does not match", "signaturedoesnotmatch", "signature does not match",
		"signature did not match", "signature mismatch", "invalidsignatureexception", "signatures do not match", "is not the same as any computed signature",
	}
	// userAgentPhrases ask for a User-Agent.
	userAgentPhrases = []string{
		"make sure your request has a user-agent header", "user-agent header is required", "user-agent is required",
		"user agent is required", "missing user-agent", "missing user agent", "no user-agent", "user-agent required",
		"user agent required", "requires a user-agent", "set a user-agent", "provide a user-agent",
		"valid user-agent", "user-agent header missing", "please identify your client",
	}
	// resourcePhrases are the servers' own refusals of a path.
	resourcePhrases = []string{
		"directory listing denied", "directory listing is not allowed", "directory listing not allowed",
		"directory browsing", "configured to not list the contents of this directory", "cannot serve directory",
		"ah01276", "you don't have permission to access", "you do not have permission to access this resource",
		"403.14", "access to the requested object is forbidden",
	}
	// methodPhrases say the method is not allowed.
	methodPhrases = []string{
		"method not allowed", "method_not_allowed", "methodnotallowed", "not supported for this method",
		"request method '", "http method not allowed", "unsupported method", "method is not allowed",
		"specified method is not allowed",
	}
	// hostPhrases name a Host, SNI or direct-IP refusal.
	hostPhrases = []string{
		"direct ip access not allowed", "misdirected request", "ssl_error_bad_cert_domain",
		"hostname and tls sni", "no such app", "there isn't a github pages site here",
		"the request could not be satisfied",
	}
	// accountPhrases say the account, project or API is not enabled.
	accountPhrases = []string{
		"has not been used in project", "it is disabled. enable it", "service_disabled", "accessnotconfigured",
		"billing_disabled", "billing account", "billing to be enabled", "billing is disabled", "billing has been disabled",
		"billing not enabled", "consumer_suspended", "account suspended", "account has been suspended",
		"account is suspended", "account has been disabled", "account is disabled", "account disabled",
		"installation suspended", "installation has been suspended", "this installation is suspended",
		"upgrade your plan", "upgrade to a paid plan", "requires a paid plan", "not available on your plan",
		"not included in your plan", "subscription has expired", "subscription is disabled", "subscriptionnotfound",
		"disabledsubscription", "readonlydisabledsubscription", "subscriptionnotregistered", "missingsubscriptionregistration",
		"trial has expired", "enrollment required", "enrolment required", "not enrolled", "api is not enabled",
		"api not enabled", "api has not been enabled", "has billing disabled", "billing disabled",
		"attached to a project", "not enrolled",
		// Chinese: the account (账号, 账户) banned, disabled or frozen
		"账号已被封禁", "账号被封禁", "账号已被禁用", "账户已被禁用", "账号已禁用", "账户已禁用",
		"账号已被冻结", "账户已被冻结", "账号已冻结", "账户已冻结",
	}
	// billingQuotaPhrases say a quota of the account's plan or credit ran
	// out (OpenAI's insufficient_quota arrives as 429): waiting does not
	// help, paying or upgrading does. Also in accountPhrases' scan.
	billingQuotaPhrases = []string{
		"check your plan and billing", "insufficient quota", "credit balance is too low", "out of credits",
		"ran out of credits", "no credits remaining", "billing hard limit",
		// Chinese billing terms, the same at every vendor: 欠费 "in
		// arrears (fees owed)", 余额不足 "balance insufficient" (Zhipu
		// 1113 at 429, Youdao's code 401 "账户已欠费").
		"欠费", "余额不足",
	}
)

// bodyMarkers are the other body texts the checks and the stack look for;
// listed here so that one scan of the body finds them all (phraseindex.go).
var bodyMarkers = []string{
	"<title", "cloudflare", "cf-error-code", "error code: ", "error code:", "<center>nginx", "<center>openresty",
	"<address>apache", "you don't have permission to access this resource", "reference", "access denied",
	"user is not authorized to access this resource with an explicit deny",
	"user: anonymous is not authorized to perform: execute-api:invoke", "user: anonymous is not authorized",
	"is not authorized to perform", "explicit deny", "resource not accessible by", "rbac: access denied",
	"request blocked.", "cloudfront", "sucuri website firewall", "incapsula incident id",
	"the requested url was rejected", "mod_security", "modsecurity", "generated by wordfence",
	"your access to this site has been limited", "request forbidden by administrative rules",
	"web application firewall", "blocked by the waf", "bot protection",
}

// tlsCertAlerts are TLS alerts a server sends about a client certificate.
var tlsCertAlerts = []string{
	"certificate required", "bad certificate", "unknown certificate authority", "unknown ca",
	"certificate expired", "certificate revoked", "certificate unknown", "unsupported certificate",
	"access denied",
}

// knownSchemes are authentication schemes in their usual spelling. RFC 7235
// makes the scheme case-insensitive, but hand-written servers often compare
// it exactly.
var knownSchemes = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"bearer": "Bearer", "basic": "Basic", "digest": "Digest", "token": "token", "negotiate": "Negotiate",
		"ntlm": "NTLM", "aws4-hmac-sha256": "AWS4-HMAC-SHA256", "dpop": "DPoP", "jwt": "JWT",
		"apikey": "ApiKey", "ssws": "SSWS", "hawk": "Hawk", "oauth": "OAuth", "mac": "MAC",
	}
})

// placeholderTokens are values left where a token belongs.
var placeholderTokens = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"undefined": true, "null": true, "none": true, "nil": true, "token": true, "your_token": true,
		"your-token": true, "yourtoken": true, "<token>": true, "[token]": true, "xxx": true, "xxxx": true,
		"<your_token>": true, "<api_key>": true, "your_api_key": true, "api_key": true, "changeme": true,
		"todo": true, "placeholder": true, "access_token": true, "<access_token>": true,
	}
})

// envWords tell environments apart in hosts, issuers and audiences.
var envWords = []string{"staging", "stage", "sandbox", "preprod", "uat", "qa", "dev", "test", "localhost"}

// blockWords say a request was stopped; blockReasons say it was for the
// site's security. Together, on a page, they make a block page whoever
// wrote it. Chinese pages are matched as text: their words are not split
// by spaces (huawei-cloudwaf-418 访问被拦截, tencent-cloud-waf-attack-intercept
// 阻断, wts-waf-intercept-page 拦截); so are Korean ones, whose words carry
// their particles (차단되었습니다, "was blocked").
var (
	blockWords   = []string{"block*", "denied", "intercept*", "reject*", "restrict*", "stopped"}
	blockReasons = []string{"security", "firewall*", "waf", "suspicious", "attack*", "malicious", "bot", "bots",
		"robot*", "captcha*", "recaptcha", "hcaptcha", "ddos", "threat*", "unusual", "automated"}
	blockTextCJK  = []string{"拦截", "阻断", "封禁", "차단"}
	reasonTextCJK = []string{"防火墙", "安全", "攻击", "waf", "보안", "방화벽", "공격"}
	// unlessTextCJK are a credential's words (authentication, token,
	// password): a block of them is authentication, not a firewall.
	// Chinese 认证 is left out: challenge pages say 人机认证 ("human
	// verification").
	unlessTextCJK = []string{"인증", "토큰", "비밀번호", "令牌", "密码"}
	// refWords introduce a page's reference for the site's support.
	refWords = []string{"incident id", "support id", "reference id", "reference", "error code", "event id", "request id", "ray id", "block id"}
)
