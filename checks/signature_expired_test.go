package checks

import (
	"testing"
	"time"
)

// "Signature has expired" names two different lapses. Said of a JWT (PyJWT's
// ExpiredSignatureError, as Django REST framework JWT returns it) it is the
// token's exp: auth.expired. Said of a signed request that carries no token
// (an HMAC signature over a timestamp) it is the request's time, outside the
// server's window: clock.skew, and the fix is to sign again.
func TestSignatureExpiredReadByWhatWasSigned(t *testing.T) {
	signed := func(body string) Evidence {
		// Fiserv's eCommerce API: Api-Key, Timestamp and Message-Signature
		// headers, its documented "Expired HMAC" body.
		return exchange(post("https://api.fiserv.example.com/payment-url", `{"amount":1}`,
			"Content-Type: application/json", "Api-Key: k3y0123456789abcdef", "Client-Request-Id: 551228",
			"Timestamp: 1741968314000", "Message-Signature: c2lnbmF0dXJlMDEyMzQ1Njc4OWFiY2RlZg=="),
			resp(403, body, "Content-Type: application/json", "Date:"))
	}
	cases := []struct {
		name string
		ev   Evidence
		want string
	}{
		{"Fiserv, a signed request's signature expired", signed(`{"clientRequestId":"551228","responseType":"Forbidden","error":{"code":"403","message":"Message Signature has expired"}}`), ClockSkew},
		{"Amazon MWS, a request signature too far in the past",
			exchange(get("https://mws.amazonservices.com/Orders/2013-09-01?AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Action=ListOrders&SignatureMethod=HmacSHA256&SignatureVersion=2&Timestamp=2018-09-23T10%3A04%3A57Z&Signature=c2lnbmF0dXJl"),
				resp(401, `<?xml version="1.0"?><ErrorResponse xmlns="http://mws.amazonaws.com/doc/2009-01-01/"><Error><Type>Sender</Type><Code>RequestExpired</Code><Message>Request signature is too far in the past and has expired. Timestamp date: 2018-09-23T10:04:57Z</Message></Error></ErrorResponse>`, "Content-Type: text/xml", "Date:")),
			ClockSkew},
		{"Django REST framework JWT, the token's signature expired",
			exchange(get("https://api.example.com/api/profile/", "Authorization: JWT "+mkJWT(t, map[string]any{"sub": "a", "iat": t0.Add(-2 * time.Hour).Unix(), "exp": t0.Add(-time.Hour).Unix()})),
				resp(401, `{"detail":"Signature has expired."}`, "Content-Type: application/json")),
			AuthExpired},
		{"PyJWT's words with an opaque bearer token still name the token",
			exchange(get("https://api.example.com/v1/me", "Authorization: Bearer 0123456789abcdef0123456789"),
				resp(401, `{"message":"Signature has expired","success":false}`, "Content-Type: application/json")),
			AuthExpired},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
		})
	}
}
