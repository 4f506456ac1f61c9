package checks

import (
	"strings"
	"testing"
)

// A Date that cannot be read is not "no Date header", and a server Date in
// 1970 is the server's broken clock, said once, not the user's clock skew.
func TestClockSkewOddDates(t *testing.T) {
	cases := []causeCase{
		{
			name: "an unreadable Date",
			req:  get("https://www.example.com/"),
			resp: resp(403, "Forbidden", "Date: yesterday-ish"),
			want: Skip, title: "cannot be read", evidence: "Date: yesterday-ish",
		},
		{
			name: "a Date in 1970",
			req:  get("https://www.example.com/"),
			resp: resp(403, "Forbidden", "Date: Thu, 01 Jan 1970 00:00:00 GMT"),
			want: Warn, title: "The server's clock is wrong: its Date reads 1970-01-01", evidence: "Date: Thu, 01 Jan 1970 00:00:00 GMT",
		},
	}
	runCauseCases(t, ClockSkew, cases)
}

// The broken server clock is not the likely cause, and no other check
// judges against it (a token would seem issued 55 years in the future).
func TestServerClockIn1970IsNotYourSkew(t *testing.T) {
	ev := Evidence{Now: t0}
	ev.Request = get("https://www.example.com/")
	ev.Exchange.Response = resp(403, "Forbidden", "Date: Thu, 01 Jan 1970 00:00:00 GMT")
	rep := Run(ev)
	for _, id := range rep.Likely {
		if id == ClockSkew {
			t.Fatalf("likely %v", rep.Likely)
		}
	}
	f, _ := findingOf(rep, ClockSkew)
	if n := strings.Count(strings.ToLower(f.Title), "clock is"); n != 1 {
		t.Fatalf("title says the clock %d times: %q", n, f.Title)
	}
}
