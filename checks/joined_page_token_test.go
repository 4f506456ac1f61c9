package checks

import "testing"

// A 401 Bearer challenge to a list request whose only query parameter is
// its page token, written as one word (?pagetoken=), is a credential
// missing: the page token is none, as pageToken is not.
func TestJoinedPageTokenIsNoCredential(t *testing.T) {
	runCauseCases(t, AuthMissing, []causeCase{{
		name: "pagetoken is no credential",
		req:  get("https://api.example.com/v1/items?pagetoken=CiAKGjBpNDd2Nmp2Zml2cXRwYjBpOXA"),
		resp: resp(401, `{"error":"unauthorized"}`, `WWW-Authenticate: Bearer realm="api.example.com"`, "Content-Type: application/json"),
		want: Fail, title: "asks for Bearer",
	}})
}
