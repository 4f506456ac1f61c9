package checks

import "testing"

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
