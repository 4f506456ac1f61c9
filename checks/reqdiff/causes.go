package reqdiff

import (
	"strings"

	"github.com/why403/why403/checks/cause"
	"github.com/why403/why403/probe"
)

// The causes each kind of difference could explain (CAUSES.md).
var (
	methodCauses     = []string{cause.MethodDenied, cause.CSRF, cause.CORSOrigin}
	schemeCauses     = []string{cause.HostMismatch, cause.TLSClientCert, cause.RedirectAuthDropped}
	hostCauses       = []string{cause.HostMismatch, cause.AuthInvalid, cause.IPAllowlist}
	pathCauses       = []string{cause.ResourceDenied, cause.MethodDenied, cause.PermissionScope}
	caseCauses       = []string{cause.WAFBlock, cause.AuthMalformed}
	orderCauses      = []string{cause.WAFBlock}
	duplicateCauses  = []string{cause.AuthMalformed, cause.WAFBlock}
	schemeCredCauses = []string{cause.AuthMalformed, cause.AuthInvalid}
	credCauses       = []string{cause.AuthMissing, cause.AuthInvalid, cause.AuthExpired, cause.AuthMalformed, cause.PermissionScope}
	bodyCauses       = []string{cause.ContentType, cause.WAFBlock, cause.SignatureMismatch}
	fieldCauses      = []string{cause.ContentType, cause.WAFBlock}
)

func queryCauses(name string) []string {
	if probe.IsSecretQueryParam(name) || probe.IsCredentialQueryParam(name) {
		return credCauses
	}
	return []string{cause.ResourceDenied, cause.WAFBlock, cause.SignatureMismatch}
}

func fieldCausesOf(name string) []string {
	n := strings.ToLower(name)
	switch {
	case strings.Contains(n, "csrf") || strings.Contains(n, "xsrf") || n == "authenticity_token":
		return []string{cause.CSRF}
	case probe.IsSecretField(name):
		return credCauses
	}
	return fieldCauses
}

// headerCauses are the causes a difference in header l could explain.
func headerCauses(l string, secret bool) []string {
	switch {
	case l == "user-agent":
		return []string{cause.UserAgentRequired, cause.WAFBlock}
	case l == "cookie":
		return []string{cause.AuthMissing, cause.AuthExpired, cause.CSRF}
	case secret:
		return credCauses
	case l == "content-type" || l == "accept" || l == "content-encoding" || l == "accept-charset":
		return []string{cause.ContentType}
	case l == "origin":
		return []string{cause.CORSOrigin, cause.CSRF}
	case l == "referer":
		return []string{cause.CSRF, cause.WAFBlock}
	case strings.Contains(l, "csrf") || strings.Contains(l, "xsrf"):
		return []string{cause.CSRF}
	case l == "host" || l == ":authority":
		return []string{cause.HostMismatch}
	case l == "date" || strings.HasPrefix(l, "x-amz-") || strings.Contains(l, "signature"):
		return []string{cause.SignatureMismatch, cause.ClockSkew}
	case strings.HasPrefix(l, "sec-") || l == "accept-language" || l == "accept-encoding":
		return []string{cause.WAFBlock}
	}
	// an API-specific header (X-App-Version, X-Requested-With): what a
	// bot filter or gateway rule reads
	return []string{cause.WAFBlock}
}
