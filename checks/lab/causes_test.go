package lab

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// The lab spells the cause IDs itself (it does not import checks, so that
// checks' tests can use the lab); they must stay the strings package checks
// declares. The test reads checks' source rather than importing it, so the
// lab's tests build while checks is being changed.
func TestCauseIDsMatchPackageChecks(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../finding.go", nil, 0)
	if err != nil {
		t.Fatalf("reading checks' cause IDs: %v", err)
	}
	declared := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok {
			return true
		}
		for i, name := range spec.Names {
			if i < len(spec.Values) {
				if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					declared[name.Name], _ = strconv.Unquote(lit.Value)
				}
			}
		}
		return true
	})
	for name, ours := range map[string]string{
		"AuthMissing": causeAuthMissing, "AuthExpired": causeAuthExpired, "AuthMalformed": causeAuthMalformed,
		"AuthInvalid": causeAuthInvalid, "IPAllowlist": causeIPAllowlist, "PermissionScope": causePermissionScope,
		"RateLimit": causeRateLimit, "GeoBlock": causeGeoBlock, "ContentType": causeContentType,
		"WAFBlock": causeWAFBlock, "TLSClientCert": causeTLSClientCert,
		"CSRF": causeCSRF, "CORSOrigin": causeCORSOrigin, "ClockSkew": causeClockSkew,
		"SignatureMismatch": causeSignatureMismatch, "RedirectAuthDropped": causeRedirectAuthDropped,
		"UserAgentRequired": causeUserAgentRequired, "ResourceDenied": causeResourceDenied,
		"MethodDenied": causeMethodDenied, "ProxyDenied": causeProxyDenied, "HostMismatch": causeHostMismatch,
		"AccountState": causeAccountState,
	} {
		if declared[name] != ours {
			t.Errorf("checks.%s = %q, the lab uses %q", name, declared[name], ours)
		}
	}
}
