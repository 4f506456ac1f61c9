package checks

import "testing"

// Words asking the account holder to complete an identity (KYC)
// verification name the account's state: the key and signature are good,
// the account may not do this until the person behind it is verified.
// Real wordings: BitMart's 53007 "Please complete your personal
// verification(Advanced)." (corpus), BitMEX's "We require all new traders
// to verify their identity before their first deposit" (ccxt PR 13673).
func TestIdentityVerificationIsAccountState(t *testing.T) {
	for _, ev := range []Evidence{
		exchange(post("https://api-cloud.bitmart.example/spot/v2/submit_order", `{"symbol":"ETH_USDT","side":"buy"}`, "Content-Type: application/json", "X-BM-KEY: 0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
			resp(403, `{"message":"Please complete your personal verification(Advanced).","code":53007,"trace":"6591fc7b","data":{}}`, "Content-Type: text/plain;charset=UTF-8")),
		exchange(post("https://www.bitmex.example/api/v1/user/requestWithdrawal", `{"currency":"XBt","amount":1000}`, "Content-Type: application/json", "api-key: 0a1b2c3d4e5f60718293a4b5"),
			resp(403, `{"error":{"message":"We require all new traders to verify their identity before their first deposit. Please visit bitmex.com/verify to complete the process.","name":"HTTPError"}}`, "Content-Type: application/json")),
	} {
		rep := Run(ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != AccountState {
			t.Errorf("%s: likely %v, want %s first\n%s", ev.Request.URL, rep.Likely, AccountState, reportText(rep))
		}
	}
	// A signature or a captcha to verify is no person's identity.
	rep := Run(exchange(get("https://api.example.com/v1/orders", "X-API-KEY: 0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
		resp(403, `{"error":"Please complete the captcha verification to verify you are human"}`, "Content-Type: application/json")))
	if len(rep.Likely) > 0 && rep.Likely[0] == AccountState {
		t.Errorf("captcha: likely %v, want no account state\n%s", rep.Likely, reportText(rep))
	}
}
