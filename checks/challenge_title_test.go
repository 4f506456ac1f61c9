package checks

import "testing"

// A page whose title says it checks the visitor is a person is a bot
// challenge, whatever its status.
func TestBotCheckTitleIsAChallenge(t *testing.T) {
	cases := []struct {
		name string
		ev   Evidence
		want string
	}{
		{
			name: "Anubis's proof-of-work page, served with 200 to an API call",
			ev: exchange(get("https://translate.example.com/api/users/", "Authorization: Token 0123456789abcdef0123456789abcdef"),
				resp(200, `<!doctype html><html lang="en"><head><title>Making sure you&#39;re not a bot!</title><link rel="stylesheet" href="/.within.website/x/xess/xess.min.css"></head><body><h1 id="title">Making sure you&#39;re not a bot!</h1><p id="status">Loading...</p></body></html>`, "Content-Type: text/html; charset=utf-8")),
			want: WAFBlock,
		},
		{
			name: "Vercel's checkpoint, served with 429",
			ev: exchange(get("https://www.example.com/people"),
				resp(429, `<!DOCTYPE html><html lang="en"><head><title>Vercel Security Checkpoint</title></head><body><h1>Verify you are human</h1></body></html>`, "Content-Type: text/html")),
			want: WAFBlock,
		},
		{
			name: "an ordinary page served with 200 is no refusal",
			ev:   exchange(get("https://docs.example.com/"), resp(200, `<html><head><title>Acme Docs</title></head><body>Welcome</body></html>`, "Content-Type: text/html")),
			want: "",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			got := ""
			if len(rep.Likely) > 0 {
				got = rep.Likely[0]
			}
			if got != c.want {
				t.Errorf("likely %v, want %q first", rep.Likely, c.want)
			}
		})
	}
}
