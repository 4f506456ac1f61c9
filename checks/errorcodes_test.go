package checks

import (
	"strings"
	"testing"
)

// codeCase is a documented error body and what its code means.
type codeCase struct {
	name string
	req  func() Evidence
	want string
	// sure: the code names one cause; otherwise the report is a guess.
	sure bool
}

const bearer = "Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345"

func jsonResp(status int, body string, lines ...string) func(string, ...string) Evidence {
	return func(url string, reqLines ...string) Evidence {
		return exchange(get(url, reqLines...), resp(status, body, append([]string{"Content-Type: application/json"}, lines...)...))
	}
}

// Each group's codes, from two vendors' documented bodies, decide before
// the status's default meaning: at 400, in a 200 envelope, at 403.
func TestDocumentedErrorCodes(t *testing.T) {
	cases := []codeCase{
		// gRPC/Google canonical codes
		{"Connect RPC resource_exhausted at 400 (connectrpc.com/docs/protocol)", func() Evidence {
			return jsonResp(400, `{"code":"resource_exhausted","message":"tenant budget spent"}`)("https://rpc.example/acme.v1.Orders/List", bearer)
		}, RateLimit, true},
		{"Firebase callable RESOURCE_EXHAUSTED in a 200 envelope", func() Evidence {
			return jsonResp(200, `{"error":{"message":"Try again later.","status":"RESOURCE_EXHAUSTED"}}`)("https://us-central1-demo.cloudfunctions.net/addMessage", bearer)
		}, RateLimit, true},
		// Google ErrorInfo reasons
		{"Google SERVICE_DISABLED at 403", func() Evidence {
			return jsonResp(403, `{"error":{"code":403,"message":"Request refused.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"SERVICE_DISABLED","domain":"googleapis.com"}]}}`)("https://translation.googleapis.com/v3/projects/p:translateText", bearer)
		}, AccountState, true},
		{"Google USER_PROJECT_DENIED at 403", func() Evidence {
			return jsonResp(403, `{"error":{"code":403,"message":"Caller does not have required permission to use project demo-1.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"USER_PROJECT_DENIED","domain":"googleapis.com"}]}}`)("https://storage.googleapis.com/storage/v1/b/bucket/o", bearer)
		}, PermissionScope, true},
		{"YouTube legacy reason quotaExceeded at 403", func() Evidence {
			return jsonResp(403, `{"error":{"code":403,"message":"The request cannot be completed.","errors":[{"message":"The request cannot be completed.","domain":"youtube.quota","reason":"quotaExceeded"}]}}`)("https://www.googleapis.com/youtube/v3/search?part=snippet&key=AIzaSyA-abcdefghijklmnopqrstuvwxyz0123")
		}, RateLimit, true},
		// AWS codes
		{"AWS STS OptInRequired at 403 (XML)", func() Evidence {
			return exchange(get("https://sts.me-south-1.amazonaws.com/?Action=GetCallerIdentity", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/me-south-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789"),
				resp(403, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>OptInRequired</Code><Message>Request refused.</Message></Error><RequestId>1</RequestId></ErrorResponse>`, "Content-Type: text/xml"))
		}, AccountState, true},
		{"AWS DynamoDB ThrottlingException at 400 (__type)", func() Evidence {
			return exchange(post("https://dynamodb.us-east-1.amazonaws.com/", `{"TableName":"t"}`, "Content-Type: application/x-amz-json-1.0", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789"),
				resp(400, `{"__type":"com.amazon.coral.availability#ThrottlingException","message":"Request refused."}`, "Content-Type: application/x-amz-json-1.0"))
		}, RateLimit, true},
		{"AWS EC2 UnauthorizedOperation at 403 (Response/Errors)", func() Evidence {
			return exchange(get("https://ec2.us-east-1.amazonaws.com/?Action=TerminateInstances&InstanceId.1=i-1", "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789"),
				resp(403, `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>Request refused.</Message></Error></Errors><RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>`, "Content-Type: text/xml;charset=UTF-8"))
		}, PermissionScope, true},
		// Azure codes
		{"Azure Storage AuthorizationPermissionMismatch at 403 (XML)", func() Evidence {
			return exchange(get("https://acct.blob.core.windows.net/c/b.txt", bearer, "x-ms-version: 2021-08-06"),
				resp(403, `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationPermissionMismatch</Code><Message>This request is not authorized to perform this operation using this permission.
RequestId:1</Message></Error>`, "Content-Type: application/xml"))
		}, PermissionScope, true},
		{"Azure Resource Manager ExpiredAuthenticationToken at 401", func() Evidence {
			return jsonResp(401, `{"error":{"code":"ExpiredAuthenticationToken","message":"The access token expiry UTC time is earlier than current UTC time."}}`)("https://management.azure.com/subscriptions?api-version=2020-01-01", bearer)
		}, AuthExpired, true},
		{"Azure Storage NoAuthenticationInformation at 401", func() Evidence {
			return exchange(get("https://acct.blob.core.windows.net/c/b.txt"),
				resp(401, `<?xml version="1.0" encoding="utf-8"?><Error><Code>NoAuthenticationInformation</Code><Message>Server failed to authenticate the request. Please refer to the information in the www-authenticate header.</Message></Error>`, "Content-Type: application/xml"))
		}, AuthMissing, true},
		// Entra ID AADSTS numbers
		{"Entra AADSTS65001 inside invalid_grant at 400", func() Evidence {
			return exchange(post("https://login.microsoftonline.com/common/oauth2/v2.0/token", "grant_type=authorization_code&client_id=abc&code=xyz", "Content-Type: application/x-www-form-urlencoded"),
				resp(400, `{"error":"invalid_grant","error_description":"AADSTS65001: The request was refused by the directory.\r\nTrace ID: 1","error_codes":[65001]}`, "Content-Type: application/json"))
		}, PermissionScope, true},
		{"Entra AADSTS7000222 at 401", func() Evidence {
			return exchange(post("https://login.microsoftonline.com/t/oauth2/v2.0/token", "grant_type=client_credentials&client_id=abc&client_secret=s3cr3tvalue123&scope=x", "Content-Type: application/x-www-form-urlencoded"),
				resp(401, `{"error":"invalid_client","error_description":"AADSTS7000222: The request was refused.\r\nTrace ID: 1","error_codes":[7000222]}`, "Content-Type: application/json"))
		}, AuthExpired, true},
		// OAuth 2.0 / OIDC
		{"OIDC consent_required at 400", func() Evidence {
			return exchange(post("https://idp.example/oauth2/token", "grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=eyJabc.def.ghi", "Content-Type: application/x-www-form-urlencoded"),
				resp(400, `{"error":"consent_required"}`, "Content-Type: application/json"))
		}, PermissionScope, true},
		{"RFC 8628 slow_down at 400", func() Evidence {
			return exchange(post("https://idp.example/oauth/device/token", "grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=abc&client_id=x", "Content-Type: application/x-www-form-urlencoded"),
				resp(400, `{"error":"slow_down"}`, "Content-Type: application/json"))
		}, RateLimit, true},
		{"OAuth invalid_grant at 400 is a guess (RFC 6749 §5.2)", func() Evidence {
			return exchange(post("https://idp.example/oauth2/token", "grant_type=refresh_token&refresh_token=rt-abcdefghijklmnop&client_id=app", "Content-Type: application/x-www-form-urlencoded"),
				resp(400, `{"error":"invalid_grant"}`, "Content-Type: application/json"))
		}, AuthInvalid, false},
		// GraphQL extension codes
		{"GitHub GraphQL RATE_LIMITED in a 200 envelope", func() Evidence {
			return exchange(post("https://api.github.com/graphql", `{"query":"{viewer{login}}"}`, "Content-Type: application/json", bearer),
				resp(200, `{"errors":[{"type":"RATE_LIMITED","message":"Request refused.","extensions":{"code":"RATE_LIMITED"}}]}`, "Content-Type: application/json"))
		}, RateLimit, true},
		{"Shopify GraphQL THROTTLED in a 200 envelope", func() Evidence {
			return exchange(post("https://shop.myshopify.com/admin/api/2024-01/graphql.json", `{"query":"{shop{name}}"}`, "Content-Type: application/json", "X-Shopify-Access-Token: shpat_abcdef0123456789abcdef"),
				resp(200, `{"errors":[{"message":"Request refused.","extensions":{"code":"THROTTLED","documentation":"https://shopify.dev/api/usage/rate-limits"}}]}`, "Content-Type: application/json"))
		}, RateLimit, true},
		{"Apollo UNAUTHENTICATED with null data at 200", func() Evidence {
			return exchange(post("https://gql.example/graphql", `{"query":"{me{id}}"}`, "Content-Type: application/json"),
				resp(200, `{"data":null,"errors":[{"message":"Request refused.","extensions":{"code":"UNAUTHENTICATED"}}]}`, "Content-Type: application/json"))
		}, AuthMissing, false},
		// AI platforms
		{"OpenAI insufficient_quota at 429", func() Evidence {
			return jsonResp(429, `{"error":{"message":"Request refused.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`)("https://api.openai.com/v1/chat/completions", "Authorization: Bearer sk-abcdefghijklmnopqrstuvwxyz")
		}, AccountState, true},
		{"Anthropic permission_error at 403", func() Evidence {
			return jsonResp(403, `{"type":"error","error":{"type":"permission_error","message":"Request refused."}}`)("https://api.anthropic.com/v1/messages", "x-api-key: sk-ant-abcdefghijklmnopqrstuvwxyz")
		}, PermissionScope, true},
		// container registries
		{"Docker Hub TOOMANYREQUESTS at 429", func() Evidence {
			return jsonResp(429, `{"errors":[{"code":"TOOMANYREQUESTS","message":"Request refused."}]}`)("https://registry-1.docker.io/v2/library/alpine/manifests/latest", bearer)
		}, RateLimit, true},
		{"GHCR DENIED to an anonymous pull at 403", func() Evidence {
			return jsonResp(403, `{"errors":[{"code":"DENIED","message":"Request refused."}]}`)("https://ghcr.io/v2/acme/private/manifests/latest")
		}, AuthMissing, false},
		// PostgREST / Supabase
		{"PostgREST 42501 at 403", func() Evidence {
			return jsonResp(403, `{"code":"42501","details":null,"hint":null,"message":"new row violates row-level security policy for table \"todos\""}`)("https://abc.supabase.co/rest/v1/todos", bearer, "apikey: eyJabcdefghijklmnop")
		}, PermissionScope, true},
		{"Supabase Auth email_not_confirmed at 400", func() Evidence {
			return exchange(post("https://abc.supabase.co/auth/v1/token?grant_type=password", `{"email":"a@example.com","password":"hunter22"}`, "Content-Type: application/json", "apikey: eyJabcdefghijklmnop"),
				resp(400, `{"code":400,"error_code":"email_not_confirmed","msg":"Request refused."}`, "Content-Type: application/json"))
		}, AccountState, true},
		// Firebase
		{"Firebase Auth REST USER_DISABLED at 400", func() Evidence {
			return exchange(post("https://identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=AIzaSyA-abcdefghijklmnopqrstuvwxyz0123", `{"email":"a@example.com","password":"hunter22","returnSecureToken":true}`, "Content-Type: application/json"),
				resp(400, `{"error":{"code":400,"message":"USER_DISABLED","errors":[{"message":"USER_DISABLED","domain":"global","reason":"invalid"}]}}`, "Content-Type: application/json"))
		}, AccountState, true},
		{"Firebase Admin auth/id-token-expired at 401", func() Evidence {
			return jsonResp(401, `{"code":"auth/id-token-expired","message":"Request refused."}`)("https://api.app.example/v1/me", bearer)
		}, AuthExpired, true},
		// Slack
		{"Slack account_inactive in a 200 envelope", func() Evidence {
			return jsonResp(200, `{"ok":false,"error":"account_inactive"}`)("https://slack.com/api/chat.postMessage", "Authorization: Bearer xoxb-0123456789-abcdefghij")
		}, AccountState, true},
		{"Slack accesslimited in a 200 envelope", func() Evidence {
			return jsonResp(200, `{"ok":false,"error":"accesslimited"}`)("https://slack.com/api/users.list", "Authorization: Bearer xoxp-0123456789-abcdefghij")
		}, IPAllowlist, true},
		// Stripe and Twilio
		{"Stripe api_key_expired at 401", func() Evidence {
			return jsonResp(401, `{"error":{"code":"api_key_expired","message":"Request refused.","type":"invalid_request_error"}}`)("https://api.stripe.com/v1/charges", "Authorization: Bearer sk_test_abcdefghijklmnop")
		}, AuthExpired, true},
		{"Twilio 20005 at 403", func() Evidence {
			return jsonResp(403, `{"code":20005,"message":"Request refused.","more_info":"https://www.twilio.com/docs/errors/20005","status":403}`)("https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json", "Authorization: Basic QUMxMjM6c2VjcmV0dG9rZW4=")
		}, AccountState, true},
		// Meta Graph
		{"Meta OAuthException 190/463 at 400", func() Evidence {
			return jsonResp(400, `{"error":{"message":"Request refused.","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"A1"}}`)("https://graph.facebook.com/v19.0/me?access_token=EAAabcdefghijklmnop")
		}, AuthExpired, true},
		{"Meta OAuthException 10 at 403", func() Evidence {
			return jsonResp(403, `{"error":{"message":"Request refused.","type":"OAuthException","code":10,"fbtrace_id":"A2"}}`)("https://graph.facebook.com/v19.0/1234/insights?access_token=EAAabcdefghijklmnop")
		}, PermissionScope, true},
		// Okta and Auth0
		{"Okta E0000006 at 403", func() Evidence {
			return jsonResp(403, `{"errorCode":"E0000006","errorSummary":"Request refused.","errorLink":"E0000006","errorId":"oae1","errorCauses":[]}`)("https://dev-1.okta.com/api/v1/users", "Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz")
		}, PermissionScope, true},
		{"Okta E0000038 at 400", func() Evidence {
			return jsonResp(400, `{"errorCode":"E0000038","errorSummary":"Request refused.","errorLink":"E0000038","errorId":"oae2","errorCauses":[]}`)("https://dev-1.okta.com/api/v1/users/00u1/lifecycle/reset_password", "Authorization: SSWS 00abcdefghijklmnopqrstuvwxyz")
		}, AccountState, true},
		{"Auth0 password_leaked at 403", func() Evidence {
			return exchange(post("https://tenant.auth0.com/oauth/token", "grant_type=password&username=a%40example.com&password=hunter22&client_id=c", "Content-Type: application/x-www-form-urlencoded"),
				resp(403, `{"error":"password_leaked","error_description":"Request refused."}`, "Content-Type: application/json"))
		}, AccountState, true},
		// WeChat and WeCom
		{"WeChat 40164 in a 200 envelope", func() Evidence {
			return jsonResp(200, `{"errcode":40164,"errmsg":"invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 1"}`)("https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=abcdef0123456789")
		}, IPAllowlist, true},
		{"WeCom 42001 in a 200 envelope", func() Evidence {
			return jsonResp(200, `{"errcode":42001,"errmsg":"access_token expired, hint: [1], more info at https://open.work.weixin.qq.com/devtool/query?e=42001"}`)("https://qyapi.weixin.qq.com/cgi-bin/message/send?access_token=abcdef0123456789abcdef")
		}, AuthExpired, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.req())
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, c.want, describeFindings(rep))
			}
			if rep.Guess == c.sure {
				t.Fatalf("guess %v, want sure %v\n%s", rep.Guess, c.sure, describeFindings(rep))
			}
			g, _ := findingOf(rep, c.want)
			if !strings.Contains(strings.Join(g.Evidence, "\n"), "documented as") || g.Fix == "" {
				t.Errorf("the finding shows no documented code or no fix: %q, fix %q", g.Evidence, g.Fix)
			}
		})
	}
}

func describeFindings(rep Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		if f.Status == Fail {
			b.WriteString("  " + f.ID + ": " + f.Title + "\n")
		}
	}
	return b.String()
}

// A code in a success gives no cause: a GraphQL answer with its data and a
// partial error, an event list that names a code as its subject, a 200
// that reports the code as a field of data.
func TestDocumentedCodeInSuccess(t *testing.T) {
	bodies := []string{
		`{"data":{"viewer":{"login":"octocat"}},"errors":[{"message":"field hidden","extensions":{"code":"FORBIDDEN"}}]}`,
		`{"events":[{"type":"token_expired","at":"2024-01-01T00:00:00Z"}],"type":"ACCESS_TOKEN_EXPIRED","count":1}`,
		`{"id":"op-1","code":"OptInRequired","done":true,"result":{"rows":3}}`,
		`{"members":[{"id":"U1","status":"accesslimited"}],"reason":"email_not_confirmed"}`,
	}
	for _, body := range bodies {
		rep := Run(exchange(get("https://api.example/v1/items", bearer), resp(200, body, "Content-Type: application/json")))
		if len(rep.Likely) > 0 {
			t.Errorf("%s: likely %v for a success", body, rep.Likely)
		}
	}
}

// A code about a credential to a request that carried none is no sure
// reading: authenticating comes first, the code's cause next.
func TestDocumentedCodeAnonymous(t *testing.T) {
	rep := Run(exchange(get("https://graph.facebook.com/v19.0/1234/insights"),
		resp(400, `{"error":{"message":"Request refused.","type":"OAuthException","code":190,"fbtrace_id":"A3"}}`, "Content-Type: application/json")))
	if len(rep.Likely) < 2 || rep.Likely[0] != AuthMissing || !rep.Guess {
		t.Fatalf("likely %v guess %v, want auth.missing first as a guess", rep.Likely, rep.Guess)
	}
}

// Codes that read alike (PERMISSION_DENIED, permission-denied) mean the
// same in every group that documents them: one place decides.
func TestDocumentedCodesAgree(t *testing.T) {
	seen := map[string]codeMeaning{}
	for _, g := range codeGroups() {
		inGroup := map[string]bool{}
		for _, d := range g.Codes {
			code, m := d.Code, d.codeMeaning
			if inGroup[code] {
				t.Errorf("%s lists %s twice", g.Name, code)
			}
			inGroup[code] = true
			if len(m.Causes) == 0 {
				t.Errorf("%s %s: no cause", g.Name, code)
			}
			k := codeKey(code)
			if o, ok := seen[k]; ok && (o.Sure != m.Sure || o.Causes[0] != m.Causes[0]) {
				t.Errorf("%s %s reads as %v, another group's %s as %v", g.Name, code, m.Causes, k, o.Causes)
			}
			seen[k] = m
		}
	}
}

// A code that only repeats the status's phrase is no documented code:
// Spring's and Express's default error bodies put the phrase in "error".
func TestStatusPhraseIsNoCode(t *testing.T) {
	rep := Run(exchange(post("https://app.example/api/items", `{"name":"x"}`, "Content-Type: application/json", "Cookie: JSESSIONID=0123456789ABCDEF0123456789ABCDEF"),
		resp(403, `{"timestamp":"2024-01-01T00:00:00.000+00:00","status":403,"error":"Forbidden","path":"/api/items"}`, "Content-Type: application/json")))
	for _, f := range rep.Findings {
		if strings.Contains(strings.Join(f.Evidence, "\n"), "documented as") {
			t.Errorf("%s quotes the status phrase as a documented code: %q", f.ID, f.Evidence)
		}
	}
}

// WeChat's numbers are read only from WeChat: another API's errcode 40001
// ("grant_type is missing") is not WeChat's invalid credential.
func TestWeChatCodesOnlyFromWeChat(t *testing.T) {
	rep := Run(exchange(get("https://open.example/oauth/token?appid=a1&secret=abcdef0123456789"),
		resp(200, `{"errcode":"40001","errmsg":"grant_type missing"}`, "Content-Type: application/json")))
	for _, f := range rep.Findings {
		if strings.Contains(strings.Join(f.Evidence, "\n"), "WeChat") {
			t.Errorf("%s reads another API's errcode as WeChat's: %q", f.ID, f.Evidence)
		}
	}
}

// A code with a control character is not quoted: it would reach the
// evidence as the server wrote it.
func TestDocumentedCodeControlCharacters(t *testing.T) {
	rep := Run(exchange(get("https://api.example/v1/items", bearer),
		resp(401, "{\"code\":\"ExpiredAuthentication\\u001bToken\"}", "Content-Type: application/json")))
	for _, f := range rep.Findings {
		if strings.Contains(strings.Join(f.Evidence, "\n"), "\x1b") {
			t.Errorf("%s quotes a control character: %q", f.ID, f.Evidence)
		}
	}
}

// Where a check already reads a code, the table agrees with it: the
// check's finding stays the one that decides, the documented meaning
// joins its evidence, and no other cause fails from the code.
func TestDocumentedCodeAgreesWithChecks(t *testing.T) {
	sigv4 := "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789"
	cases := []struct {
		name string
		ev   Evidence
		want string
	}{
		{"AWS InvalidClientTokenId", exchange(get("https://sts.amazonaws.com/?Action=GetCallerIdentity", sigv4),
			resp(403, `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error></ErrorResponse>`, "Content-Type: text/xml")), AuthInvalid},
		{"Google ACCESS_TOKEN_SCOPE_INSUFFICIENT", exchange(get("https://gmail.googleapis.com/gmail/v1/users/me/messages", bearer),
			resp(403, `{"error":{"code":403,"message":"Request had insufficient authentication scopes.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}`, "Content-Type: application/json")), PermissionScope},
		{"Azure AuthorizationFailed", exchange(get("https://management.azure.com/subscriptions/s/resourcegroups?api-version=2021-04-01", bearer),
			resp(403, `{"error":{"code":"AuthorizationFailed","message":"The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Resources/subscriptions/resourcegroups/read' over scope '/subscriptions/s'."}}`, "Content-Type: application/json")), PermissionScope},
		{"Slack missing_scope", exchange(get("https://slack.com/api/users.list", "Authorization: Bearer xoxb-0123456789-abcdefghij"),
			resp(200, `{"ok":false,"error":"missing_scope","needed":"users:read","provided":"chat:write"}`, "Content-Type: application/json")), PermissionScope},
	}
	for _, c := range cases {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != c.want || rep.Guess {
			t.Errorf("%s: likely %v guess %v, want %s sure", c.name, rep.Likely, rep.Guess, c.want)
			continue
		}
		for _, f := range rep.Findings {
			coded := strings.Contains(strings.Join(f.Evidence, "\n"), "documented as")
			if f.ID == c.want && !coded {
				t.Errorf("%s: the documented meaning is not in %s's evidence: %q", c.name, f.ID, f.Evidence)
			}
			if f.ID != c.want && coded && f.Status == Fail {
				t.Errorf("%s: the code also fails %s", c.name, f.ID)
			}
		}
	}
}
