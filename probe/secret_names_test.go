package probe

import (
	"strings"
	"testing"
)

// Query parameters are credentials by the words of their names, and what
// the checks count as a credential is masked in every URL shown.
func TestCredentialQueryNamesByWords(t *testing.T) {
	for _, name := range []string{"user_key", "gatekeeperKey", "Authorization", "appid", "auth_sig", "X-Api-Key", "accessKey"} {
		if !IsCredentialQueryParam(name) || !IsSecretQueryParam(name) {
			t.Errorf("%s: credential %v, secret %v; want both", name, IsCredentialQueryParam(name), IsSecretQueryParam(name))
		}
		u := MaskURL("https://api.example/v1/x?" + name + "=s3cr3tvalue1234567890&q=1")
		if strings.Contains(u, "s3cr3tvalue") {
			t.Errorf("%s: value shown in %s", name, u)
		}
	}
	for _, name := range []string{"pageToken", "next_page_token", "sort_key", "clientId", "monkey", "author", "keyword", "csrf_token", "publishable_key"} {
		if IsCredentialQueryParam(name) {
			t.Errorf("%s read as a credential", name)
		}
	}
}

// A name written as one lowercase word that joins whose key or token it is
// (AppsFlyer's devkey, MSG91's authkey, accesstoken) is a credential, and
// its value is masked: it used to be shown raw.
func TestCredentialQueryJoinedNames(t *testing.T) {
	for _, name := range []string{"devkey", "authkey", "accesstoken", "apisecret"} {
		if !IsCredentialQueryParam(name) || !IsSecretQueryParam(name) {
			t.Errorf("%s: credential %v, secret %v; want both", name, IsCredentialQueryParam(name), IsSecretQueryParam(name))
		}
		u := MaskURL("https://api.example/v1/x?" + name + "=s3cr3tvalue1234567890&q=1")
		if strings.Contains(u, "s3cr3tvalue") {
			t.Errorf("%s: value shown in %s", name, u)
		}
	}
	for _, name := range []string{"hotkey", "sortkey", "turkey"} {
		if IsCredentialQueryParam(name) {
			t.Errorf("%s read as a credential", name)
		}
	}
}

// A pagination or sync token written as one lowercase word (pagetoken,
// nexttoken, the form some APIs use) is no credential, as pageToken and
// next_page_token are not: counting it one told a 401 that the request
// carried a credential when it carried none.
func TestJoinedPaginationTokensAreNoCredentials(t *testing.T) {
	for _, name := range []string{"pagetoken", "nexttoken", "synctoken", "cursortoken", "continuationtoken", "nextpagetoken", "PageToken"} {
		if IsCredentialQueryParam(name) {
			t.Errorf("%s read as a credential", name)
		}
	}
	// Only the token is the page's: a secret or password under such a
	// prefix stays one (and stays masked where credentials are).
	for _, name := range []string{"sessiontoken", "accesstoken", "token", "x-session", "mytoken", "syncpassword", "publicsecret", "ordersignature"} {
		if !IsCredentialQueryParam(name) {
			t.Errorf("%s not read as a credential", name)
		}
	}
}
