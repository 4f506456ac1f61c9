package checks

import "testing"

// A balance or credit that does not cover the call is the account's state
// (pay, do not wait), whatever the status. Wordings are real: SiliconFlow
// 30011 at 403, DeepSeek at 402, Anthropic at 400; in Chinese, Zhipu 1113
// at 429 and Youdao's code 401 text.
func TestFundsWordsAreAccountState(t *testing.T) {
	for _, c := range []struct {
		vendor, text string
		status       int
	}{
		{"SiliconFlow", `{"code": 30011, "message": "The selected model requires paid balance. Your paid balance is insufficient. Please top up and try again.", "data": null}`, 403},
		{"DeepSeek", `{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}`, 402},
		{"Anthropic", `{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."}}`, 400},
	} {
		if got := firstCause(c.text, c.status); got != AccountState {
			t.Errorf("%s %q read as %q, want %s", c.vendor, c.text, got, AccountState)
		}
	}
	zhipu := exchange(post("https://open.bigmodel.cn/api/paas/v4/chat/completions", `{"model":"glm-4"}`, "Content-Type: application/json", "Authorization: Bearer 0a1b2c3d4e5f.6a7b8c9d0e1f2a3b"),
		resp(429, `{"error":{"code":"1113","message":"您的账户已欠费，请充值后重试。"}}`, "Content-Type: application/json"))
	rep := Run(zhipu)
	if len(rep.Likely) == 0 || rep.Likely[0] != AccountState {
		t.Errorf("Zhipu 429 in arrears: likely %v, want %s first", rep.Likely, AccountState)
	}
	youdao := newBodyFacts([]byte(`{"errorCode":"401","msg":"账户已欠费"}`), 0, false, nil)
	if _, _, ok := youdao.find(billingQuotaPhrases); !ok {
		t.Errorf("Youdao's 账户已欠费 is not read as the account's credit")
	}
}
