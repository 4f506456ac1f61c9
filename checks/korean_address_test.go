package checks

import "testing"

// Korean refusals of the caller's address read as an address rule: the
// words for "not allowed" and a Latin "IP" glued to Korean ("IP입니다").
func TestKoreanAddressRefusal(t *testing.T) {
	bearer := "Authorization: Bearer opaque0token0value0123"
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		// Upbit's no_authorization_i_p (upbit-api-key-ip-not-allowed).
		{"Upbit: IP address not allowed", exchange(get("https://api.upbit.com/v1/accounts", bearer),
			resp(401, `{"error":{"message":"허용되지 않은 IP 주소입니다.","name":"no_authorization_i_p"}}`, "Content-Type: application/json"))},
		// An Express middleware's allow-list refusal: "access from this IP is not allowed".
		{"IP glued to the Korean word", exchange(get("https://api.example.kr/admin", bearer),
			resp(401, "접근이 허용되지 않은 IP입니다.", "Content-Type: text/plain; charset=utf-8"))},
	} {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
			t.Errorf("%s: likely %v, want ip.allowlist first", c.name, rep.Likely)
		}
	}
	if got := lexWords("접근이 허용되지 않은 IP입니다."); len(got) != 5 || got[3] != "ip" {
		t.Errorf("lexWords split %q, want the Latin IP apart from the Korean", got)
	}
}
