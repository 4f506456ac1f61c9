package lab

import "github.com/why403/why403/checks/cause"

// Cause IDs, spelt once in package cause (a leaf, so that checks' own tests
// may start a lab without an import cycle). The short local names keep the
// scenario table readable.
const (
	causeAuthMissing     = cause.AuthMissing
	causeAuthExpired     = cause.AuthExpired
	causeAuthMalformed   = cause.AuthMalformed
	causeAuthInvalid     = cause.AuthInvalid
	causeIPAllowlist     = cause.IPAllowlist
	causePermissionScope = cause.PermissionScope
	causeRateLimit       = cause.RateLimit
	causeGeoBlock        = cause.GeoBlock
	causeContentType     = cause.ContentType
	causeWAFBlock        = cause.WAFBlock
	causeTLSClientCert   = cause.TLSClientCert

	causeCSRF                = cause.CSRF
	causeCORSOrigin          = cause.CORSOrigin
	causeClockSkew           = cause.ClockSkew
	causeSignatureMismatch   = cause.SignatureMismatch
	causeRedirectAuthDropped = cause.RedirectAuthDropped
	causeUserAgentRequired   = cause.UserAgentRequired
	causeResourceDenied      = cause.ResourceDenied
	causeMethodDenied        = cause.MethodDenied
	causeProxyDenied         = cause.ProxyDenied
	causeHostMismatch        = cause.HostMismatch
	causeAccountState        = cause.AccountState
)
