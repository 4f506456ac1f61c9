package checks

import (
	"strings"

	"github.com/why403/why403/checks/internal/bayes"
	"github.com/why403/why403/probe"
)

// redactFinding masks any credential of the request that reached a title
// or evidence line through a header a server echoed.
func redactFinding(f Finding, secrets []string) Finding {
	if len(secrets) == 0 {
		return f
	}
	f.Title = probe.RedactEchoed(f.Title, secrets)
	for i, e := range f.Evidence {
		f.Evidence[i] = probe.RedactEchoed(e, secrets)
	}
	return f
}

// causeChecks are the checks Run applies, in catalogue order: the order of
// Report.Findings.
var causeChecks = []func(*facts) Finding{
	checkAuthMissing,
	checkAuthExpired,
	checkAuthMalformed,
	checkAuthInvalid,
	checkIPAllowlist,
	checkPermissionScope,
	checkRateLimit,
	checkGeoBlock,
	checkContentType,
	checkWAFBlock,
	checkTLSClientCert,
	checkCSRF,
	checkCORSOrigin,
	checkClockSkew,
	checkSignatureMismatch,
	checkRedirectAuthDropped,
	checkUserAgentRequired,
	checkResourceDenied,
	checkMethodDenied,
	checkProxyDenied,
	checkHostMismatch,
	checkAccountState,
}

// Run judges an exchange: one finding per cause, in catalogue order, the
// failing causes ranked into Likely (see rank.go), and the stack and
// reference recognised. The response is read once into facts that every
// check shares. Run is pure: it sends nothing and reads the clock from ev.
func Run(ev Evidence) Report { return run(ev, &opinionModel, opinionDefault) }

// run is Run with the second opinion of model m (nil: the rules alone).
func run(ev Evidence, m *bayes.Model, l opinionLimits) Report {
	f := newFacts(ev)
	findings := make([]Finding, 0, len(causeChecks))
	for _, check := range causeChecks {
		findings = append(findings, redactFinding(check(f), f.req.secrets))
	}
	if ev.RequestUnknown {
		findings = withoutRequestGuesses(findings)
	}
	// A documented code of one meaning decides before the words, one of
	// several after them (errorcodes.go).
	code, coded := documentedCode(f)
	findings = applySureCode(findings, f, code, coded)
	findings = applyWording(findings, f)
	findings = applyGuessCode(findings, f, code, coded)
	applyExperiments(findings, ev.Experiments)
	likely, guess := rank(findings, f.refused())
	outcome := noRefusal(f, findings)
	if outcome != "" {
		demoteGuesses(findings)
		likely, guess = nil, false
	}
	rep := Report{
		Outcome:     outcome,
		Findings:    findings,
		Likely:      likely,
		Guess:       guess,
		Stack:       strings.Join(f.stack, ", "),
		Reference:   f.reference,
		Experiments: ev.Experiments,
	}
	rep.Decider, rep.DeciderChange = decider(f, ev, rep)
	withOpinion(&rep, m, l, f, ev)
	return rep
}
