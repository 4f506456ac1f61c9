package checks

import "testing"

// Chinese words for a signature that does not verify (签名错误 "signature
// wrong", as a payment platform's return_msg says it; 签名验证失败
// "signature verification failed"), read by the lexicon's Han words, name
// signature.mismatch to a request carrying a signature it computed, at a
// 200 envelope that reports the failure as at a 403.
func TestChineseSignatureWordsAt200And403(t *testing.T) {
	cases := map[string]Evidence{
		"a payment notifier's 200 envelope": exchange(
			post("https://pay.example/api/notify", "out_trade_no=20250314001&total_fee=1&nonce_str=5K8264ILTKCH16CQ&sign=C380BEC2BFD727A4B6845133519F3AD6",
				"Content-Type: application/x-www-form-urlencoded"),
			resp(200, `{"return_code":"SIGN_ERROR","return_msg":"签名错误"}`, "Content-Type: application/json")),
		"an open platform's 403": exchange(
			get("https://open.example/v1/items", "X-Ca-Key: 203753254", "X-Ca-Timestamp: 1741968314000", "X-Ca-Signature: xfX+bZxY2yl7EB/qdoDy9v/uscw3Nnj1pgoU+Bm6xdM="),
			resp(403, `{"code":40002,"msg":"签名验证失败"}`, "Content-Type: application/json")),
	}
	for name, ev := range cases {
		t.Run(name, func(t *testing.T) {
			rep := Run(ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != SignatureMismatch {
				t.Fatalf("likely %v, want %s first", rep.Likely, SignatureMismatch)
			}
		})
	}
}
