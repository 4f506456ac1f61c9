package checks_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
)

// TestCoraza runs why403's real pipeline against a real ModSecurity-
// compatible WAF: Coraza with the OWASP Core Rule Set, blocking on anomaly
// score as deployed (paranoia level 1, inbound threshold 5, rule 949110),
// in front of a JSON API that answers 200, and showing nginx's bare 403
// page when it blocks (CAUSES.md: ModSecurity has no marker of its own;
// only the audit log names the rule). Each case checks which CRS rules
// really matched, likely[0], and that the finding shows the part of the
// request that tripped the rule.
func TestCoraza(t *testing.T) {
	// By name: CRS 920350 scores a numeric Host (3 points, below the
	// threshold) and would add itself to every case. The server listens on
	// 127.0.0.1 only.
	base := strings.Replace(startCorazaServer(t), "://127.0.0.1:", "://localhost:", 1)

	t.Run("control", func(t *testing.T) {
		corazaRules()
		ex, rep := whyNginx(t, "-A", "myapp/1.2", base+"/api/items?q=shoes")
		if ex.Response == nil || ex.Response.Status != 200 || len(rep.Likely) != 0 {
			t.Fatalf("a clean GET should pass the WAF with nothing likely\n%s", nginxDescribe(ex, rep))
		}
		if ids := corazaRules(); len(ids) != 0 {
			t.Errorf("CRS rules matched a clean GET: %v", ids)
		}
	})

	t.Run("XSS in the query", func(t *testing.T) {
		// CRS 941100 (libinjection XSS) and its siblings.
		ex, rep := corazaWhy(t, 941100, "-A", "myapp/1.2", base+"/api/items?q=<script>alert(1)</script>")
		corazaExpect(t, ex, rep, checks.WAFBlock, "URL", "<script")
	})

	t.Run("SQL injection in the query", func(t *testing.T) {
		// CRS 942100 (libinjection SQLi) and the tautology rules.
		ex, rep := corazaWhy(t, 942100, "-A", "myapp/1.2", base+"/api/items?id=1'%20OR%20'1'='1")
		corazaExpect(t, ex, rep, checks.WAFBlock, "URL", "' or '1'='1")
	})

	t.Run("scanner User-Agent", func(t *testing.T) {
		// CRS 913100: scanners-user-agents.data lists nikto.
		ex, rep := corazaWhy(t, 913100, "-A", "Nikto/2.1.6", base+"/api/items")
		corazaExpect(t, ex, rep, checks.WAFBlock, "User-Agent", "Nikto/2.1.6")
	})

	t.Run("disallowed Content-Type", func(t *testing.T) {
		// CRS 920420: the type is not in tx.allowed_request_content_type.
		ex, rep := corazaWhy(t, 920420, "-A", "myapp/1.2", "-H", "Content-Type: application/x-evil", "-d", "a=b", base+"/api/items")
		if f := nginxFinding(rep, checks.ContentType); f.Status != checks.Fail {
			t.Logf("content.type %s: %s %q", f.Status, f.Title, f.Evidence)
		}
		corazaExpect(t, ex, rep, checks.ContentType, "Content-Type", "application/x-evil")
	})
}

// corazaWhy sends the request through why403 and checks that Coraza really
// blocked it: the given CRS rule and the inbound anomaly score evaluation
// (949110) matched.
func corazaWhy(t *testing.T, rule int, args ...string) (probe.Exchange, checks.Report) {
	t.Helper()
	corazaRules()
	ex, rep := whyNginx(t, args...)
	ids := corazaRules()
	if !slices.Contains(ids, rule) || !slices.Contains(ids, 949110) {
		t.Fatalf("CRS rules matched %v, want %d and 949110 (blocking)\n%s", ids, rule, nginxDescribe(ex, rep))
	}
	t.Logf("CRS rules matched: %v", ids)
	return ex, rep
}

// corazaExpect checks a WAF block: nginx's 403 page, likely[0], and the
// finding's evidence naming the request part (where) and its text.
func corazaExpect(t *testing.T, ex probe.Exchange, rep checks.Report, first, where, text string) {
	t.Helper()
	nginxExpect(t, ex, rep, 403, first)
	if !strings.Contains(string(ex.Response.Body), "<center>nginx</center>") {
		t.Errorf("the block should be nginx's 403 page\n%s", nginxDescribe(ex, rep))
	}
	f := nginxFinding(rep, first)
	ev := strings.Join(f.Evidence, "\n")
	if !strings.Contains(ev, where) || !strings.Contains(strings.ToLower(ev), strings.ToLower(text)) {
		t.Errorf("%s evidence should show the %s (%q): %q\n%s", first, where, text, f.Evidence, nginxDescribe(ex, rep))
	}
}
