package probe

import "testing"

func TestStripURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://bob:hunter2@api.example.com/v1?api_key=sk_live_123&page=2#access_token=abc", "https://bob@api.example.com/v1?api_key=&page=2#access_token="},
		{"https://api.example.com/v1?q=a", "https://api.example.com/v1?q=a"},
		{"/p?token=x", "/p?token="},
		{"", ""},
	} {
		if got := StripURL(c.in); got != c.want {
			t.Errorf("StripURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
