package checks

import (
	"testing"

	"github.com/why403/why403/probe"
)

// RFC 6750 §3.1 describes invalid_token as a token "expired, revoked,
// malformed, or invalid for other reasons", and servers quote that list
// as their message. A revocation named as one of the alternatives is not
// the reason the server found: auth.invalid stays first, as a guess. A
// revocation said alone still says why.
func TestRefusalAlternativesNameNoReason(t *testing.T) {
	bearer := "Authorization: Bearer opaque0token0value0123"
	runSureCases(t, []sureCase{
		// Harvest (apps-script-oauth2#90): the token was fine, a header was missing.
		{"Harvest: RFC 6750's list in the body", get("https://api.harvestapp.com/v2/clients", bearer),
			resp(401, `{"error":"invalid_token","error_description":"The access token provided is expired, revoked, malformed or invalid for other reasons."}`, "Content-Type: application/json"), AuthInvalid, false},
		// CraftQL (markhuot/craftql#118) quotes the same list in its challenge.
		{"CraftQL: RFC 6750's list in the challenge", get("https://cms.example.com/api", bearer),
			resp(401, "", `WWW-Authenticate: Bearer error="invalid_token", error_description="The access token provided is expired, revoked, malformed, or invalid for other reasons."`), AuthInvalid, false},
		{"a revocation said alone", get("https://api.example.com/", bearer),
			resp(401, `{"error":"invalid_token","error_description":"The access token was revoked"}`, "Content-Type: application/json"), AuthInvalid, true},
	})
}

// A list of alternatives names none of them: three or more reasons joined
// by "or", or two offered as possibilities ("may be ... or ... may be"),
// do not say which one happened, so the first listed must not decide; the
// status's default reading does (RFC 9110: 401 refuses the credential, 403
// to a credential refuses the permission). Both are guesses. A pair said
// flatly ("invalid or expired") is left to the other readings.
func TestAlternativeListNamesNone(t *testing.T) {
	basic := "Authorization: Basic a2V5MDEyMzQ1Njc4OTpzZWNyZXQwMTIzNDU2Nzg5"
	runSureCases(t, []sureCase{
		// Mailjet's documented 401 ErrorMessage (mailjet-apiv3-php#109).
		{"Mailjet: may be unauthorized ... or may be expired", post("https://api.mailjet.com/v3.1/send", `{"Messages":[]}`, basic, "Content-Type: application/json"),
			resp(401, `{"ErrorIdentifier":"df8e6965","StatusCode":401,"ErrorMessage":"API key authentication/authorization failure. You may be unauthorized to access the API or your API key may be expired. Visit API keys management section to check your keys."}`, "Content-Type: application/json"), AuthInvalid, false},
		// NuGet's push refusal, documented in its API docs as the reason
		// phrase of a 403.
		{"NuGet: invalid, has expired, or does not have permission", put("https://www.nuget.org/api/v2/package/", "X-NuGet-ApiKey: oy2key0value0123456789abcdef"),
			withReason(resp(403, ""), "The specified API key is invalid, has expired, or does not have permission to access the specified package."), PermissionScope, false},
		// A pair said flatly still reads: expiry is one of two named.
		{"a flat pair keeps its reading", get("https://api.example.com/v1/me", "Authorization: Bearer opaque0token0value0123"),
			resp(401, `{"message":"Your session has expired. Please log in again."}`, "Content-Type: application/json"), AuthExpired, true},
	})
}

// withReason sets the response's reason phrase.
func withReason(r *probe.Response, reason string) *probe.Response {
	r.Reason = reason
	return r
}
