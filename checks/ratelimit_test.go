package checks

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestRateLimit(t *testing.T) {
	reset := strconv.FormatInt(t0.Add(12*time.Minute+3*time.Second).Unix(), 10)
	cases := []causeCase{
		{
			name: "a 429 for spent credit is not a rate limit",
			req:  get("https://api.openai.com/v1/models", "Authorization: Bearer sk-EXAMPLEEXAMPLE"),
			resp: resp(429, `{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","code":"insufficient_quota"}}`),
			want: Warn,
		},
		{
			name: "nginx's bare 503 is what limit_req answers by default",
			req:  get("https://shop.example.com/api/cart"),
			resp: resp(503, nginx503, "Server: nginx/1.22.1", "Content-Type: text/html"),
			want: Fail, strength: Inferred, title: "limit_req", fix: "limiting requests",
		},
		{
			name: "a 503 from another server is no rate-limit marker",
			req:  get("https://shop.example.com/api/cart"),
			resp: resp(503, `{"error":"maintenance"}`, "Content-Type: application/json"),
			want: Pass,
		},
		{
			name: "429 with Retry-After seconds",
			req:  get("https://api.example.com/v1/search?q=shoes"),
			resp: resp(429, `{"error":"too_many_requests"}`, "Retry-After: 42", "Content-Type: application/json"),
			want: Fail, strength: Named, title: "retry in 42s", evidence: "Retry-After: 42", fix: "Wait 42s",
		},
		{
			name: "429 with Retry-After as an HTTP date",
			req:  get("https://api.example.com/v1/search"),
			resp: resp(429, "Too Many Requests", "Retry-After: "+t0.Add(2*time.Minute).Format(http.TimeFormat)),
			want: Fail, strength: Named, title: "retry in 2m",
		},
		{
			name: "GitHub primary rate limit answered with 403",
			req:  get("https://api.github.com/repos/acme/widget"),
			resp: resp(403, `{"message":"API rate limit exceeded for 203.0.113.7. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)","documentation_url":"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting"}`,
				"Server: github.com", "X-RateLimit-Limit: 60", "X-RateLimit-Remaining: 0", "X-RateLimit-Reset: "+reset, "X-RateLimit-Used: 60", "X-RateLimit-Resource: core"),
			want: Fail, strength: Named, title: "Rate limit used up (0 of 60 left), answered with 403: resets at 16:17:17 UTC (in 12m3s)",
			evidence: "X-RateLimit-Remaining: 0", fix: "send a token to get 5,000",
		},
		{
			name: "GitHub secondary rate limit",
			req:  get("https://api.github.com/search/code?q=foo", "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
			resp: resp(403, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`,
				"Server: github.com", "Retry-After: 60", "X-RateLimit-Limit: 5000", "X-RateLimit-Remaining: 4873"),
			want: Fail, strength: Named, title: "secondary rate limit", fix: "Wait 1m",
		},
		{
			name: "IETF RateLimit fields, current draft",
			req:  get("https://api.example.com/v1/items"),
			resp: resp(429, "", `RateLimit: "default";r=0;t=30`, `RateLimit-Policy: "default";q=100;w=60`),
			want: Fail, strength: Named, title: "resets at 16:05:44 UTC (in 30s)", evidence: `RateLimit: "default";r=0;t=30`,
		},
		{
			name: "Cloudflare 1015",
			req:  get("https://www.example.com/api/login"),
			resp: resp(429, cloudflarePage("1015", "www.example.com | 1015: Rate limited", "You are being rate limited"), cloudflareHeaders...),
			want: Fail, strength: Named, title: "Cloudflare 1015",
		},
		{
			name: "Google quota as 429 RESOURCE_EXHAUSTED",
			req:  get("https://translation.googleapis.com/language/translate/v2?q=hi&target=de&key=AIzaSyEXAMPLEEXAMPLEEXAMPLE0123"),
			resp: resp(429, `{"error":{"code":429,"message":"Quota exceeded for quota metric 'v2 and v3 general model characters' and limit 'v2 and v3 general model characters per minute per user'.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"RATE_LIMIT_EXCEEDED","domain":"googleapis.com"}]}}`),
			want: Fail, strength: Named, title: "RATE_LIMIT_EXCEEDED",
		},
		{
			name: "an absurd Retry-After is clamped",
			req:  get("https://api.example.com/v1/items"),
			resp: resp(429, "", "Retry-After: 999999999"),
			want: Fail, title: "retry in more than a day",
		},
		{
			name: "a 403 that only mentions a quota: inferred",
			req:  get("https://api.example.com/v1/export"),
			resp: resp(403, `{"message":"Monthly export quota reached for this plan"}`),
			want: Fail, strength: Inferred,
		},
		{
			name: "nearly used up on a success: warn",
			req:  get("https://api.github.com/user", "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
			resp: resp(200, `{}`, "X-RateLimit-Limit: 60", "X-RateLimit-Remaining: 3", "X-RateLimit-Reset: "+reset),
			want: Warn, title: "Rate limit nearly used: 3 of 60 left, resets at 16:17:17 UTC",
		},
		{
			name: "503 with Retry-After is not a limit on you",
			req:  get("https://api.example.com/v1/items"),
			resp: resp(503, "Service Unavailable", "Retry-After: 120"),
			want: Warn, title: "not a limit on you",
		},
		{
			name: "403 with plenty left",
			req:  get("https://api.github.com/repos/acme/widget", "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
			resp: resp(403, `{"message":"Must have admin rights to Repository."}`, "X-RateLimit-Limit: 5000", "X-RateLimit-Remaining: 4999"),
			want: Pass, title: "Not rate limited: 4999 of 5000 left",
		},
		{
			name: "no marker",
			req:  get("https://api.example.com/"),
			resp: resp(200, "ok"),
			want: Pass, title: "No rate-limit marker",
		},
	}
	runCauseCases(t, RateLimit, cases)
}

func TestParseRateLimit(t *testing.T) {
	h := func(lines ...string) headerIndex { return indexHeaders(hdrs(lines...)) }
	cases := []struct {
		name                   string
		h                      headerIndex
		remaining, limit       int
		retry                  time.Duration
		reset                  time.Time
		hasRemaining, hasRetry bool
	}{
		{name: "older draft dictionary", h: h("RateLimit: limit=100, remaining=0, reset=30"), remaining: 0, limit: 100, hasRemaining: true, reset: t0.Add(30 * time.Second)},
		{name: "separate older fields", h: h("RateLimit-Limit: 100", "RateLimit-Remaining: 7", "RateLimit-Reset: 50"), remaining: 7, limit: 100, hasRemaining: true, reset: t0.Add(50 * time.Second)},
		{name: "two policies: the tighter wins", h: h(`RateLimit: "burst";r=40;t=1, "daily";r=0;t=3600`), remaining: 0, hasRemaining: true, reset: t0.Add(time.Hour)},
		{name: "policy gives the limit", h: h(`RateLimit: "default";r=5;t=10`, `RateLimit-Policy: "default";q=100;w=60`), remaining: 5, limit: 100, hasRemaining: true, reset: t0.Add(10 * time.Second)},
		{name: "epoch milliseconds", h: h("X-RateLimit-Remaining: 0", "X-RateLimit-Reset: "+strconv.FormatInt(t0.Add(time.Minute).UnixMilli(), 10)), remaining: 0, hasRemaining: true, reset: t0.Add(time.Minute)},
		{name: "Retry-After in the past", h: h("Retry-After: " + t0.Add(-time.Minute).Format(http.TimeFormat)), hasRetry: true, retry: 0},
		{name: "Retry-After garbage", h: h("Retry-After: soon")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rl := parseRateLimit(c.h, t0)
			if rl.HasRemaining != c.hasRemaining || rl.Remaining != c.remaining {
				t.Errorf("remaining %v %d, want %v %d", rl.HasRemaining, rl.Remaining, c.hasRemaining, c.remaining)
			}
			if c.limit != 0 && rl.Limit != c.limit {
				t.Errorf("limit %d, want %d", rl.Limit, c.limit)
			}
			if !rl.Reset.Equal(c.reset) {
				t.Errorf("reset %v, want %v", rl.Reset, c.reset)
			}
			if rl.HasRetryAfter != c.hasRetry || rl.RetryAfter != c.retry {
				t.Errorf("retry %v %v, want %v %v", rl.HasRetryAfter, rl.RetryAfter, c.hasRetry, c.retry)
			}
		})
	}
}
