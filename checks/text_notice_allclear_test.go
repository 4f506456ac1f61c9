package checks

import "testing"

// A one-line 200 that negates a refusal is an all-clear: "not blocked" or
// "no rate limit reached" is no block and no limit, and a success gives no
// cause. A line that negates a permission ("Invalid Host header", "IP not
// allowed") stays a refusal.
func TestTextNoticeAllClearIsNoRefusal(t *testing.T) {
	for _, b := range []string{"Your IP is not blocked", "OK: no rate limit reached", "token not expired", "Account is not suspended"} {
		rep := Run(exchange(get("https://api.example/v1/status", "Authorization: Bearer abcdefabcdef1234567890"), resp(200, b, "Content-Type: text/plain")))
		if len(rep.Likely) != 0 {
			t.Errorf("200 %q: likely %v, want no cause", b, rep.Likely)
		}
	}
	for _, b := range []string{"Invalid Host header", "Your IP address is not allowed"} {
		rep := Run(exchange(get("https://api.example/v1/status"), resp(200, b, "Content-Type: text/plain")))
		if len(rep.Likely) == 0 {
			t.Errorf("200 %q: no cause, want the refusal read", b)
		}
	}
}
