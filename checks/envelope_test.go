package checks

import (
	"slices"
	"testing"
)

// A 200 JSON envelope that reports failure is a refusal, and its words
// name the cause (issue 14 §2): a status code word, a non-zero return code
// with its message, or an error text, at the top or in a result list.
func TestFailedEnvelopeAt200(t *testing.T) {
	cases := []struct {
		name, url, body, want string
	}{
		{"a status word and an enablement message",
			"https://maps.example/api/geocode/json?address=Berlin&key=AIzaSyExampleExampleExample",
			`{"error_message":"This API project is not authorized to use this API. Please ensure that this API is activated in the APIs Console: https://console.example/apis/api/geocoding_backend","results":[],"status":"REQUEST_DENIED"}`,
			AccountState},
		{"a NOTOK message and a rate limit in the result",
			"https://chain.example/api?module=proxy",
			`{"status":"0","message":"NOTOK","result":"Max rate limit reached, please use API Key for higher rate limit"}`,
			RateLimit},
		{"an error text in the first result",
			"https://sms.example/sms/json?api_key=BAD&api_secret=BAD&to=1",
			`{"message-count":"1","messages":[{"status":"4","error-text":"Bad Credentials"}]}`,
			AuthInvalid},
		{"a return code and a receive window",
			"https://exchange.example/v2/private/wallet?api_key=abc&timestamp=1580876039000&sign=ff",
			`{"ret_code":10002,"ret_msg":"invalid request, please check your timestamp and recv_window param.","result":null}`,
			ClockSkew},
		{"a success envelope is no refusal",
			"https://maps.example/api/geocode/json?address=Berlin",
			`{"results":[{"formatted_address":"Berlin, Germany"}],"status":"OK"}`,
			""},
		{"a success message is no refusal",
			"https://api.example/items/1",
			`{"status":"success","message":"Item deleted, error log cleared"}`,
			""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get(c.url), resp(200, c.body, "Content-Type: application/json")))
			if c.want == "" {
				if len(rep.Likely) > 0 {
					t.Fatalf("likely %v for a success", rep.Likely)
				}
				return
			}
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
		})
	}
}

// Clock wording by meaning: the receive window and "not valid at the
// current time" name the request's time, whoever says it.
func TestClockWordingByMeaning(t *testing.T) {
	for _, body := range []string{
		`{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}`,
		`{"error":"request outside the receive window"}`,
		"The authorization token is not valid at the current time. Please create another token and retry (current server time: Tue, 02 Oct 2018 11:54:00 GMT).",
		`{"message":"Credential not valid at the current time"}`,
	} {
		rep := Run(exchange(get("https://api.example/v1/orders", "Authorization: Bearer abcdefabcdefabcdef"), resp(403, body)))
		if len(rep.Likely) == 0 || rep.Likely[0] != ClockSkew {
			t.Errorf("%s: likely %v, want clock.skew first", body, rep.Likely)
		}
	}
}

// "geocoding" is a service's name, not a place the client comes from.
func TestGeocodingIsNoPlace(t *testing.T) {
	rep := Run(exchange(get("https://maps.example/api/geocode/json"),
		resp(403, `{"error":"The provided API key is not enabled for the geocoding service. Please enable it in the console."}`)))
	if slices.Contains(rep.Likely, GeoBlock) {
		t.Fatalf("likely %v: geo.block read from 'geocoding'", rep.Likely)
	}
}

// A key in a query parameter named by a credential word (user_key,
// gatekeeperKey, ?Authorization=) is a credential the request carried: a
// refusal of it is a refused credential, not a missing one.
func TestQueryCredentialByNameWords(t *testing.T) {
	for _, u := range []string{
		"https://api.example/v1/items?user_key=0123456789abcdef0123",
		"https://api.example/v1/items?gatekeeperKey=0123456789abcdef0123",
		"https://f000.example/file/b/x.txt?Authorization=4_0123456789abcdef0123",
	} {
		rep := Run(exchange(get(u), resp(401, `{"message":"Invalid credentials: the key was rejected"}`)))
		if len(rep.Likely) == 0 || rep.Likely[0] != AuthInvalid {
			t.Errorf("%s: likely %v, want auth.invalid first", u, rep.Likely)
		}
	}
}

// At a 403 with a credential sent, words saying the credential was
// looked up and not found, or is not in the expected form, outrank the
// 403's "accepted but not permitted" default.
func TestCredentialWordsOutrank403Default(t *testing.T) {
	cases := []struct{ body, want string }{
		{"The access token you sent could not be found or is invalid.", AuthInvalid},
		{`{"message":"The API key provided does not exist"}`, AuthInvalid},
		{`{"success":false,"errors":[{"code":6003,"message":"Invalid request headers","error_chain":[{"code":6103,"message":"Invalid format for X-Auth-Key header"}]}]}`, AuthMalformed},
		{`{"error":"could not parse the bearer token"}`, AuthMalformed},
	}
	for _, c := range cases {
		rep := Run(exchange(get("https://api.example/v1/spaces/1", "Authorization: Bearer abcdefabcdefabcdefabcd"), resp(403, c.body)))
		if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
			t.Errorf("%s: likely %v, want %s first", c.body, rep.Likely, c.want)
		}
	}
}

// A key's or an app's own state (suspended, inactive) is the account's
// state, and a chat user blocking a bot is no firewall.
func TestKeyStateAndBotBlockedByUser(t *testing.T) {
	for _, body := range []string{
		`{"error":26,"message":"API Key Suspended - This application is not allowed to make requests to the web services"}`,
		"App is inactive. Please create a new app to continue.",
	} {
		rep := Run(exchange(get("https://api.example/2.0/?method=x&api_key=0123456789abcdef0123"), resp(403, body)))
		if len(rep.Likely) == 0 || rep.Likely[0] != AccountState {
			t.Errorf("%s: likely %v, want account.state first", body, rep.Likely)
		}
	}
	rep := Run(exchange(get("https://api.example/sendMessage"), resp(403, `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`)))
	if slices.Contains(rep.Likely, WAFBlock) {
		t.Errorf("likely %v: a user blocking a bot read as a WAF", rep.Likely)
	}
}

// "The key (token) is not authorized to use this service (endpoint)"
// names a grant the credential lacks, whoever says it; to a caller that
// sent nothing, a 401 with these words still asks for a credential.
func TestNotAuthorizedForThisOperation(t *testing.T) {
	for _, c := range []struct{ body, url string }{
		{`{"error_message":"This API key is not authorized to use this service or API.","results":[],"status":"REQUEST_DENIED"}`, "https://maps.example/json?key=AIzaSyExampleExample"},
		{`{"errors":[{"reason":"Your OAuth token is not authorized to use this endpoint."}]}`, "https://api.example/v4/stackscripts"},
		{`{"success":false,"message":"gatekeeper key valid but does not permit this endpoint"}`, "https://api.example/v1/x?gatekeeperKey=0123456789abcdef0123"},
	} {
		req := get(c.url, "Authorization: Bearer abcdefabcdefabcdefabcd")
		st := 401
		if c.url[8] == 'm' {
			req, st = get(c.url), 200
		}
		rep := Run(exchange(req, resp(st, c.body)))
		if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
			t.Errorf("%s: likely %v, want permission.scope first", c.body, rep.Likely)
		}
	}
	rep := Run(exchange(get("https://api.example/v1/x"), resp(401, `{"message":"The client is not authorized to access this resource"}`)))
	if len(rep.Likely) > 0 && rep.Likely[0] == PermissionScope {
		t.Errorf("anonymous 401: likely %v, permission.scope first", rep.Likely)
	}
}

// A nonce refused together with its cookie session is an anti-forgery
// refusal; an exchange's nonce counter is not.
func TestCookieNonceIsCSRF(t *testing.T) {
	rep := Run(exchange(get("https://blog.example/wp-json/wp/v2/users/me", "Cookie: wordpress_logged_in_abc=0123456789abcdef"),
		resp(403, `{"code":"rest_cookie_invalid_nonce","message":"Cookie check failed","data":{"status":403}}`)))
	if len(rep.Likely) == 0 || rep.Likely[0] != CSRF {
		t.Errorf("likely %v, want csrf first", rep.Likely)
	}
	rep = Run(exchange(get("https://exchange.example/api/balance", "API-Key: abcdefabcdefabcdef0123"),
		resp(400, `{"error":["EAPI:Invalid nonce"]}`)))
	if slices.Contains(rep.Likely, CSRF) {
		t.Errorf("likely %v: an exchange's nonce read as CSRF", rep.Likely)
	}
}

// An "error" member that holds an error (a JSON-RPC 2.0 error object, a
// list of messages) reports failure at 200; an empty one reports none.
func TestErrorMemberAt200(t *testing.T) {
	cases := []struct {
		vendor string
		req    Evidence
		body   string
		want   string
	}{
		{"Kraken", exchange(post("https://api.kraken.com/0/private/Balance", "nonce=1707473926922",
			"Content-Type: application/x-www-form-urlencoded", "API-Key: 0123456789abcdef0123", "API-Sign: c2lnbmF0dXJlMDEyMzQ1Njc4OQ=="), nil),
			`{"error":["EAPI:Invalid key"]}`, AuthInvalid},
		{"Odoo", exchange(post("https://erp.example.com/web/dataset/call_kw", `{"jsonrpc":"2.0","method":"call","params":{},"id":4628}`,
			"Content-Type: application/json", "Cookie: session_id=0123456789abcdef0123"), nil),
			`{"jsonrpc":"2.0","id":4628,"error":{"code":100,"message":"Odoo Session Expired","data":{"name":"odoo.http.SessionExpiredException","message":"Session expired","arguments":["Session expired"]}}}`,
			AuthExpired},
		{"Kraken, success", exchange(post("https://api.kraken.com/0/private/Balance", "nonce=1707473926922",
			"Content-Type: application/x-www-form-urlencoded", "API-Key: 0123456789abcdef0123", "API-Sign: c2lnbmF0dXJlMDEyMzQ1Njc4OQ=="), nil),
			`{"error":[],"result":{"ZUSD":"171288.6158"}}`, ""},
		{"JSON-RPC, success", exchange(post("https://rpc.example/v3/key", `{"jsonrpc":"2.0","method":"eth_blockNumber","params":[],"id":1}`,
			"Content-Type: application/json"), nil),
			`{"jsonrpc":"2.0","id":1,"result":"0x10d4f","error":null}`, ""},
		{"an error member that says success", exchange(get("https://api.example.cn/v1/items"), nil),
			`{"error":{"code":0,"msg":"success"},"data":{"items":[]}}`, ""},
	}
	for _, c := range cases {
		ev := c.req
		ev.Exchange.Response = resp(200, c.body, "Content-Type: application/json")
		rep := Run(ev)
		switch {
		case c.want == "" && len(rep.Likely) > 0:
			t.Errorf("%s: likely %v for a success", c.vendor, rep.Likely)
		case c.want != "" && (len(rep.Likely) == 0 || rep.Likely[0] != c.want):
			t.Errorf("%s: likely %v, want %s first", c.vendor, rep.Likely, c.want)
		case c.want != "" && !rep.Guess:
			t.Errorf("%s: words alone at a 200 made a sure answer", c.vendor)
		}
	}
}
