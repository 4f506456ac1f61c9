package checks

import "testing"

// "Invalid signature" names the signature the request carries: the one the
// client computed for the request (a signature parameter or header, or an
// HMAC scheme that signs the Date header) is signature.mismatch; a JWT's
// own signature is the token refused (auth.invalid). Wordings are real:
// Pusher Channels, Duo Admin API (code 40103), DingTalk robot (310000),
// Tuya (1004), node jsonwebtoken.
func TestInvalidSignatureBelongsToWhatWasSigned(t *testing.T) {
	cases := []struct {
		name  string
		ev    Evidence
		first string
		sure  bool
	}{
		{
			name: "Pusher: auth_signature query parameter",
			ev: exchange(post("https://api-eu.pusher.com/apps/123/events?auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f&auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c",
				`{"name":"foo","channels":["project-3"],"data":"{\"some\":\"data\"}"}`, "Content-Type: application/json"),
				resp(401, "Invalid signature: you should have sent HmacSHA256Hex(\"POST\\n/apps/123/events\\nauth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f\", your_secret_key), but you sent \"da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c\"", "Content-Type: text/plain")),
			first: SignatureMismatch, sure: true,
		},
		{
			name: "Duo: Basic ikey:HMAC over the Date header",
			ev: exchange(post("https://api-1234abcd.duosecurity.com/admin/v1/admins", "email=test%40example.com&name=Test",
				"Content-Type: application/x-www-form-urlencoded", "Date: Mon, 05 Apr 2021 18:21:16 +0000",
				"Authorization: Basic RElXSjhYNlFFWU1EWlRHTDEzNDU6OGEyYjdjM2Q0ZTVmNmE3YjhjOWQwZTFmMmEzYjRjNWQ2ZTdmOGE5Yg=="),
				resp(401, `{"code": 40103, "message": "Invalid signature in request credentials", "stat": "FAIL"}`, "Content-Type: application/json")),
			first: SignatureMismatch, sure: true,
		},
		{
			name: "DingTalk robot: sign query parameter, refused in a 200 envelope",
			ev: exchange(post("https://oapi.dingtalk.com/robot/send?access_token=5e1f0c3a7b9d2e4f6a8c0b1d3e5f7a9c&timestamp=1741968314000&sign=b6Xq1n9Tz3YpV0rKc8wJmA4sD2fG7hL5uE1oI6pQyRk%3D",
				`{"msgtype":"text","text":{"content":"hi"}}`, "Content-Type: application/json"),
				resp(200, `{"errcode":310000,"errmsg":"sign not match"}`, "Content-Type: application/json")),
			first: SignatureMismatch, sure: true,
		},
		{
			name: "Tuya: sign header",
			ev: exchange(get("https://openapi.tuyaeu.com/v1.0/token?grant_type=1", "client_id: 4e8f2a6c0b1d3e5f7a9c", "t: 1626081150299", "sign_method: HMAC-SHA256",
				"sign: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"),
				resp(200, `{"code":1004,"msg":"sign invalid","success":false,"t":1626081150299}`, "Content-Type: application/json")),
			first: SignatureMismatch, sure: true,
		},
		{
			name: "jsonwebtoken: a JWT whose signature does not verify is the token refused",
			ev: exchange(get("https://api.example.com/v1/me", "Authorization: Bearer "+validJWT(t, nil)),
				resp(401, `{"name":"JsonWebTokenError","message":"invalid signature"}`, "Content-Type: application/json")),
			first: AuthInvalid, sure: true,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.first)
			}
			if c.sure && rep.Guess {
				t.Errorf("a guess, want a sure answer: the server named the signature")
			}
		})
	}
}
