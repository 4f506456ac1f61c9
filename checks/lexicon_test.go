package checks

import (
	"slices"
	"strings"
	"testing"
)

func TestLexWordsFoldsCodes(t *testing.T) {
	for in, want := range map[string]string{
		"ExpiredProviderToken":            "expired provider token",
		"token_expired":                   "token expired",
		"client-not-enrolled":             "client not enrolled",
		"APIKeyInvalid":                   "api key invalid",
		"API_KEY_IOS_APP_BLOCKED":         "api key ios app blocked",
		"AADSTS700082: The refresh token": "aadsts 700082 the refresh token",
	} {
		if got := strings.Join(lexWords(in), " "); got != want {
			t.Errorf("lexWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// Each meaning is recognised in more than one vendor's wording, none of
// them a phrase of the lexicon.
func TestLexiconMeaningsAcrossVendors(t *testing.T) {
	cases := []struct {
		vendor, text, cause string
	}{
		{"APNs", `{"reason":"ExpiredProviderToken"}`, AuthExpired},
		{"Entra ID", "AADSTS700082: The refresh token has expired due to inactivity.", AuthExpired},
		{"Google OAuth", "Token has been expired or revoked.", AuthExpired},
		{"Cognito", "NotAuthorizedException: Invalid Refresh Token.", AuthInvalid},
		{"Entra ID", "AADSTS7000215: Invalid client secret provided.", AuthInvalid},
		{"Auth0", "invalid_grant Wrong email or password.", AuthInvalid},
		{"Hasura", "x-hasura-admin-secret/x-hasura-access-key required, but not found", AuthMissing},
		{"Vault", "missing client token", AuthMissing},
		{"WeChat", "invalid ip 114.221.21.30, not in whitelist", IPAllowlist},
		{"Firebase Remote Config", "The provided API key has an IP address restriction.", IPAllowlist},
		{"Google Speech", "Requests from this ios client application <empty> are blocked.", IPAllowlist},
		{"Firebase Auth", "Requests from referer <empty> are blocked.", IPAllowlist},
		{"Jenkins", "No valid crumb was included in the request", CSRF},
		{"Laravel", "CSRF token mismatch.", CSRF},
		{"AWS WAF", "Request not allowed due to WAF block.", WAFBlock},
		{"NGUARDX", "Your request has been blocked due to security rules", WAFBlock},
		{"Edgecast", "Access denied, in accordance with Verizon Information Security Policy", WAFBlock},
		{"a streaming service", "This content is not available in your country", GeoBlock},
		{"an exchange", "Service unavailable from a restricted location", GeoBlock},
		{"Firestore", "Missing or insufficient permissions.", PermissionScope},
		{"a signing API", "The request timestamp is outside the allowed window", ClockSkew},
	}
	for _, c := range cases {
		hits := readWords(lexWords(c.text), 403)
		var got []string
		for _, h := range hits {
			got = append(got, h.m.Cause)
		}
		if len(got) == 0 || got[0] != c.cause {
			t.Errorf("%s: %q read as %v, want %s first", c.vendor, c.text, got, c.cause)
		}
		if len(hits) > 0 && !strings.Contains(hits[0].evidence("body"), "decided by:") {
			t.Errorf("%s: evidence does not show the deciding words: %s", c.vendor, hits[0].evidence("body"))
		}
	}
}

// The words alone never make a sure answer: a meaning the status does not
// corroborate is a guess.
func TestWordsAloneAreAGuess(t *testing.T) {
	ev := exchange(get("https://api.exchange.example/v1/ticker"),
		resp(200, `{"errcode":10051,"errmsg":"Service unavailable from a restricted location"}`, "Content-Type: application/json"))
	rep := Run(ev)
	if len(rep.Likely) == 0 || rep.Likely[0] != GeoBlock {
		t.Fatalf("likely %v, want %s first: a 200 envelope reporting an error is a refusal", rep.Likely, GeoBlock)
	}
	if !rep.Guess {
		t.Errorf("guess = false: words alone at a 200 must stay a guess")
	}
	f, _ := findingOf(rep, GeoBlock)
	if !slices.ContainsFunc(f.Evidence, func(e string) bool { return strings.Contains(e, "decided by: ") }) {
		t.Errorf("evidence does not show the deciding words: %q", f.Evidence)
	}
}
