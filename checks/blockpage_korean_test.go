package checks

import "testing"

// Korean block pages say 차단 ("blocked") beside 보안 ("security"), words
// not split from their particles, so matched as text like Chinese. Words
// of a credential (인증, "authentication") make it authentication, not a
// firewall.
func TestKoreanBlockPage(t *testing.T) {
	for _, c := range []struct {
		name, body string
		block      bool
	}{
		// An inspecting egress proxy's refusal, with the rule's reason.
		{"inspecting proxy", "요청이 보안 정책에 의해 차단되었습니다: prompt injection", true},
		// An AI gateway's template for a request carrying personal data.
		{"AI gateway", "⚠️ 민감정보가 포함된 요청은 보안 정책에 의해 차단되었습니다.", true},
		// A login service: the authentication was blocked, not the request.
		{"authentication blocked", `{"status":"AUTHENTICATION_BLOCKED","message":"인증이 보안 정책에 의해 차단되었습니다. 관리자에게 문의하세요."}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, ok := blockWording("403 . " + c.body)
			if ok != c.block {
				t.Fatalf("block page %v, want %v", ok, c.block)
			}
			if !c.block {
				return
			}
			rep := Run(exchange(get("https://api.example.test/v1/chat"), resp(403, c.body, "Content-Type: text/plain; charset=utf-8")))
			if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock {
				t.Fatalf("likely %v, want %s first", rep.Likely, WAFBlock)
			}
		})
	}
}
