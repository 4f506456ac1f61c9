package checks

import (
	"fmt"
	"strings"
)

// accountReasons are structured codes (Google ErrorInfo reasons, Azure
// error codes) that say the account, project or API is not enabled.
var accountReasons = []string{
	"SERVICE_DISABLED", "accessNotConfigured", "BILLING_DISABLED", "CONSUMER_SUSPENDED", "PROJECT_DISABLED",
	"DisabledSubscription", "ReadOnlyDisabledSubscription", "SubscriptionNotRegistered", "MissingSubscriptionRegistration",
	"SubscriptionNotFound", "AccountSuspended", "account_suspended", "account_deactivated", "billing_not_active",
}

// accountReason is the first of accountReasons the body carries.
func accountReason(j *jsonFacts) string {
	for _, r := range accountReasons {
		if j.hasReason(r) {
			return r
		}
	}
	return ""
}

// accountFix is the concrete step for what the server said.
func accountFix(f *facts, what string) string {
	w := strings.ToLower(what)
	switch {
	case strings.Contains(w, "service_disabled") || strings.Contains(w, "accessnotconfigured") || strings.Contains(w, "has not been used") ||
		strings.Contains(w, "not enabled") && strings.Contains(w, "api"):
		fix := "Enable the API for the project (gcloud services enable <service> --project <project>), wait a few minutes, and retry."
		if u := after(f.body.lower, f.body.raw, "enable it by visiting ", " \"\n"); u != "" {
			fix = "Enable the API for the project at " + strings.TrimRight(u, ".,") + " (or gcloud services enable), wait a few minutes, and retry."
		}
		return fix
	case strings.Contains(w, "billing"):
		return "Link the project or account to an active billing account (Cloud console, Billing), then retry; the API works again once billing is enabled."
	case strings.Contains(w, "registration") || strings.Contains(w, "notregistered"):
		return "Register the resource provider for the subscription (az provider register --namespace <provider>), then retry."
	case strings.Contains(w, "subscription"):
		return "Re-enable or renew the subscription (its owner does this in the provider's portal); a disabled subscription refuses writes."
	case strings.Contains(w, "installation"):
		return "An organization owner must unsuspend the app's installation (Settings, GitHub Apps, Configure)."
	case strings.Contains(w, "plan") || strings.Contains(w, "trial"):
		return "The account's plan does not include this: upgrade the plan, or use an account or organization that has it."
	case strings.Contains(w, "enrol"):
		return "Complete the enrolment the service requires for this account (its message or docs say which), then retry."
	}
	return "The account is suspended or disabled: contact the provider's support or the account owner; no change to the request will help."
}

func checkAccountState(f *facts) Finding {
	if f.resp == nil {
		return skip(AccountState, f.noResponse(), f.noResponseEvidence()...)
	}
	if r := accountReason(f.body.json); r != "" {
		ev := []string{f.statusLine(), bodyLine(f.body.json.summary()), "reason: " + r}
		title := fmt.Sprintf("The account or project is not enabled for this (%s)", r)
		switch {
		case r == "SERVICE_DISABLED" || r == "accessNotConfigured":
			title = "Google: the API is not enabled for the project (" + r + ")"
			if p := after(f.body.lower, f.body.raw, "used in project ", " "); p != "" {
				title = fmt.Sprintf("Google: the API is not enabled for project %s (%s)", p, r)
			}
		case r == "BILLING_DISABLED":
			title = "Google: billing is disabled for the project (BILLING_DISABLED)"
		}
		return fail(AccountState, Named, title, ev, accountFix(f, r+" "+f.body.json.summary()))
	}
	if p, ex, ok := f.body.find(billingQuotaPhrases); ok && f.refused() {
		return fail(AccountState, Named, fmt.Sprintf("The account's quota or credit ran out (%q): a billing limit, not a request rate", p),
			[]string{f.statusLine(), bodyLine(ex)},
			"Add credit or raise the plan's spending limit in the provider's billing settings; waiting or slowing down will not help.")
	}
	if p, ex, ok := f.body.find(accountPhrases); ok && f.refused() {
		return fail(AccountState, Named, fmt.Sprintf("The server says the account, project or API is not enabled: %q", p),
			[]string{f.statusLine(), bodyLine(ex)}, accountFix(f, p))
	}
	if f.status == 402 {
		return fail(AccountState, Indicated, "402 Payment Required: the account's plan or payment does not cover this",
			[]string{f.statusLine(), bodyLine(f.body.text())}, "Check the account's plan, billing and payment method with the provider.")
	}
	if f.success() {
		return pass(AccountState, "The account is active for this request ("+f.statusLine()+")")
	}
	return pass(AccountState, "No disabled API, billing, suspension or plan wording in the response", f.statusLine())
}
