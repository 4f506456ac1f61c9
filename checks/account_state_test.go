package checks

import "testing"

const googleServiceDisabled = `{
  "error": {
    "code": 403,
    "message": "Cloud Translation API has not been used in project 123456789012 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/translate.googleapis.com/overview?project=123456789012 then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.",
    "status": "PERMISSION_DENIED",
    "details": [
      {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": "SERVICE_DISABLED",
        "domain": "googleapis.com",
        "metadata": {"service": "translate.googleapis.com", "consumer": "projects/123456789012"}
      }
    ]
  }
}`

func TestAccountState(t *testing.T) {
	tok := "Authorization: Bearer ya29.a0AfB_byEXAMPLEEXAMPLEEXAMPLE"
	cases := []causeCase{
		{
			name: "OpenAI insufficient_quota arrives as 429: the account's credit, not a rate",
			req:  post("https://api.openai.com/v1/chat/completions", `{"model":"m"}`, tok, "Content-Type: application/json"),
			resp: resp(429, `{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`, "Content-Type: application/json"),
			want: Fail, strength: Named, title: "quota or credit ran out", fix: "Add credit",
		},
		{
			name: "an enrolment code joined by hyphens (client-not-enrolled)",
			req:  get("https://api.x.example/2/tweets/search/stream/rules", tok),
			resp: resp(403, `{"title":"Client Forbidden","reason":"client-not-enrolled","required_enrollment":"Standard Basic","type":"https://api.x.example/2/problems/client-forbidden"}`, "Content-Type: application/json"),
			want: Fail, strength: Named, title: "not enrolled", fix: "enrolment",
		},
		{
			name: "Google SERVICE_DISABLED",
			req:  get("https://translation.googleapis.com/language/translate/v2?q=hi&target=de", tok),
			resp: resp(403, googleServiceDisabled, "Content-Type: application/json", "Server: ESF"),
			want: Fail, strength: Named, title: "API is not enabled for project 123456789012 (SERVICE_DISABLED)",
			fix: "https://console.developers.google.com/apis/api/translate.googleapis.com/overview?project=123456789012",
		},
		{
			name: "Google BILLING_DISABLED",
			req:  get("https://maps.googleapis.com/maps/api/geocode/json?address=x", tok),
			resp: resp(403, `{"error":{"code":403,"message":"This API method requires billing to be enabled. Please enable billing on project #123 by visiting https://console.developers.google.com/billing/enable?project=123 then retry.","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"BILLING_DISABLED"}]}}`),
			want: Fail, strength: Named, title: "billing is disabled", fix: "billing account",
		},
		{
			name: "GitHub: the app's installation is suspended",
			req:  get("https://api.github.com/repos/acme/widget/issues", "Authorization: token ghs_16C7e42F292c6912E7710c838347Ae178B4a"),
			resp: resp(403, `{"message":"This installation has been suspended","documentation_url":"https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app"}`, "Server: github.com"),
			want: Fail, strength: Named, title: "installation has been suspended", fix: "unsuspend",
		},
		{
			name: "a plan that does not include the feature",
			req:  get("https://api.example.com/v1/reports/export", tok),
			resp: resp(403, `{"error":"This feature is not available on your plan. Upgrade your plan to use exports."}`),
			want: Fail, strength: Named, fix: "upgrade the plan",
		},
		{
			name: "402 Payment Required",
			req:  get("https://api.example.com/v1/items", tok),
			resp: resp(402, `{"error":"payment required"}`),
			want: Fail, strength: Indicated, title: "402",
		},
		{
			name: "a permission is not an account state",
			req:  get("https://storage.googleapis.com/storage/v1/b/x/o", tok),
			resp: resp(403, `{"error":{"code":403,"message":"caller does not have storage.objects.list access","status":"PERMISSION_DENIED"}}`),
			want: Pass, title: "No disabled API",
		},
	}
	runCauseCases(t, AccountState, cases)
}

// The SERVICE_DISABLED stand-in left permission.scope for account.state.
func TestServiceDisabledIsNotAPermission(t *testing.T) {
	rep := Run(exchange(get("https://translation.googleapis.com/language/translate/v2", "Authorization: Bearer ya29.a0AfB_byEXAMPLEEXAMPLEEXAMPLE"), resp(403, googleServiceDisabled)))
	f, _ := findingOf(rep, PermissionScope)
	if f.Status != Pass {
		t.Errorf("permission.scope %s: %s", f.Status, f.Title)
	}
	if len(rep.Likely) != 1 || rep.Likely[0] != AccountState {
		t.Errorf("likely %v, want [%s]\n%s", rep.Likely, AccountState, reportText(rep))
	}
}
