package similar

import "testing"

func TestDistance(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"authorization", "authorization", 0},
		{"authorisation", "authorization", 1},
		{"authorizaton", "authorization", 1},
		{"hedaer", "header", 2},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
	}
	for _, c := range cases {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	long := string(make([]byte, 100))
	if Distance(long, "a") < 100 {
		t.Errorf("a long word must not look like a typo")
	}
}
