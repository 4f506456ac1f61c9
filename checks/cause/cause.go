// Package cause holds the cause IDs of the catalogue (CAUSES.md). The IDs
// are an interface: they appear in the JSON report, in tests and in users'
// scripts, so never rename one.
//
// The package is a leaf so that both package checks and the lab
// (checks/lab, which checks' own tests start) spell each ID from one place.
package cause

// The common eleven (CAUSES.md, first table).
const (
	AuthMissing     = "auth.missing"
	AuthExpired     = "auth.expired"
	AuthMalformed   = "auth.malformed"
	AuthInvalid     = "auth.invalid"
	IPAllowlist     = "ip.allowlist"
	PermissionScope = "permission.scope"
	RateLimit       = "ratelimit"
	GeoBlock        = "geo.block"
	ContentType     = "content.type"
	WAFBlock        = "waf.block"
	TLSClientCert   = "tls.client_cert"
)

// Causes beyond the common eleven (CAUSES.md, second table).
const (
	CSRF                = "csrf"
	CORSOrigin          = "cors.origin"
	ClockSkew           = "clock.skew"
	SignatureMismatch   = "signature.mismatch"
	RedirectAuthDropped = "redirect.auth_dropped"
	UserAgentRequired   = "useragent.required"
	ResourceDenied      = "resource.denied"
	MethodDenied        = "method.denied"
	ProxyDenied         = "proxy.denied"
	HostMismatch        = "host.mismatch"
	AccountState        = "account.state"
)

// Common lists the common eleven, in the order of CAUSES.md.
func Common() []string {
	return []string{AuthMissing, AuthExpired, AuthMalformed, AuthInvalid, IPAllowlist,
		PermissionScope, RateLimit, GeoBlock, ContentType, WAFBlock, TLSClientCert}
}

// Further lists the causes beyond the common eleven, in the order of
// CAUSES.md.
func Further() []string {
	return []string{CSRF, CORSOrigin, ClockSkew, SignatureMismatch, RedirectAuthDropped,
		UserAgentRequired, ResourceDenied, MethodDenied, ProxyDenied, HostMismatch, AccountState}
}
