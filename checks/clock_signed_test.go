package checks

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Signed requests carry their own clock. A signature older than the
// server allows is clock evidence even when the local clock agrees with
// the server's Date, and the fix is then to sign again, never to set a
// clock that is right.
func TestClockSkewSignedTime(t *testing.T) {
	sigv4 := "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20250314/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcdef0123456789"
	hourAgo := t0.Add(-time.Hour)
	s3Skewed := `<?xml version="1.0" encoding="UTF-8"?><Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message><RequestTime>` +
		hourAgo.Format("20060102T150405Z") + `</RequestTime><ServerTime>` + t0.Format(time.RFC3339) + `</ServerTime><MaxAllowedSkewMilliseconds>900000</MaxAllowedSkewMilliseconds></Error>`
	cases := []causeCase{
		{
			name: "S3: a stale X-Amz-Date, the local clock right",
			req:  get("https://bucket.s3.amazonaws.com/report.csv", sigv4, "X-Amz-Date: "+hourAgo.Format("20060102T150405Z")),
			resp: resp(403, s3Skewed, "Server: AmazonS3"),
			want: Fail, strength: Named, title: "signed at 15:05:14 UTC (X-Amz-Date), 1h before the server's Date", fix: "sign it again",
		},
		{
			name: "S3: a stale X-Amz-Date, the local time not recorded",
			req:  get("https://bucket.s3.amazonaws.com/report.csv", sigv4, "X-Amz-Date: "+hourAgo.Format("20060102T150405Z")),
			resp: resp(403, s3Skewed, "Server: AmazonS3"),
			mod:  func(ev *Evidence) { ev.Now = time.Time{} },
			want: Fail, strength: Named, title: "1h before the server's Date", fix: "sign it again",
		},
		{
			name: "Azure: a stale x-ms-date on a bare 403",
			req:  get("https://acct.blob.core.windows.net/c/b.txt", "Authorization: SharedKey acct:c2lnbmF0dXJlLW5vdC1yZWFs", "x-ms-date: "+t0.Add(-40*time.Minute).Format(http.TimeFormat)),
			resp: resp(403, ""),
			want: Fail, strength: Indicated, title: "(x-ms-date), 40m before the server's Date", fix: "sign it again",
		},
		{
			name: "a timestamp parameter outside the window",
			req:  get("https://api.exchange.example/api/v3/order?symbol=BTCUSDT&timestamp="+strconv.FormatInt(t0.Add(-2*time.Hour).UnixMilli(), 10)+"&signature=0123456789abcdef", "X-MBX-APIKEY: abcdefghijklmnopqrstuvwxyz0123"),
			resp: resp(400, `{"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}`, "Content-Type: application/json"),
			want: Fail, title: "(timestamp), 2h before the server's Date", fix: "sign it again",
		},
	}
	runCauseCases(t, ClockSkew, cases)
	for _, c := range cases {
		rep := Run(exchange(c.req, c.resp))
		f, _ := findingOf(rep, ClockSkew)
		if strings.Contains(f.Fix, "Set the clock") || strings.Contains(f.Title, "your clock is") {
			t.Errorf("%s: blames the local clock, which agrees:\n  %s\n  %s", c.name, f.Title, f.Fix)
		}
	}
	// The local clock itself off: setting it is the fix.
	ev := exchange(get("https://bucket.s3.amazonaws.com/report.csv", sigv4, "X-Amz-Date: "+hourAgo.Format("20060102T150405Z")), resp(403, s3Skewed, "Server: AmazonS3"))
	ev.Now = hourAgo
	if f, _ := findingOf(Run(ev), ClockSkew); !strings.Contains(f.Title, "your clock is 1h behind") || !strings.Contains(f.Fix, "timedatectl") {
		t.Errorf("a local clock an hour slow is not named:\n  %s\n  %s", f.Title, f.Fix)
	}
}
