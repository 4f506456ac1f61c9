package checks

import (
	"time"

	"github.com/why403/why403/checks/cause"
	"github.com/why403/why403/probe"
)

// Status is the verdict of one check.
type Status string

const (
	Fail Status = "fail" // the cause is present, with the evidence that shows it
	Warn Status = "warn" // suspicious, not proven
	Pass Status = "pass" // ruled out, with the evidence that rules it out
	Skip Status = "skip" // cannot be judged here, with the reason
)

// Strength says how directly the evidence names a cause; ranking uses it.
type Strength int

const (
	// Inferred: read from the request alone or from generic wording.
	Inferred Strength = 1
	// Indicated: a specific but indirect marker (a status code, a page title).
	Indicated Strength = 2
	// Named: the server named the cause outright (a vendor code, an RFC 6750
	// error, an S3 code, a TLS alert).
	Named Strength = 3
)

// Finding is one check's result. IDs are an interface (JSON report, tests,
// users' scripts): never rename one.
type Finding struct {
	ID     string
	Status Status
	// Title is one line: what was found ("Token expired 2 h ago").
	Title string
	// Evidence is what was seen: header lines, body excerpts, claims,
	// handshake facts. Raw: escape before printing.
	Evidence []string
	// Fix is the concrete next step for the user.
	Fix string
	// Strength ranks failing findings; zero for pass and skip.
	Strength Strength
	// Setting is the request option Fix asks to set, nil when none: Fix
	// words it with curl's flags, and a front end with settings of its
	// own (the app's Options) words it for them.
	Setting *FixSetting `json:",omitempty"`
	// worded: the server's words name this cause (wording.go), 1 for the
	// most specific meaning they carry; wordsOnly: they are all the
	// finding rests on, so it is never a sure answer.
	worded    int
	wordsOnly bool
	// statusDefault: the finding rests only on the status's default
	// meaning for what the request carried (a bare 403 to an anonymous
	// request, a 403 or 401 to a sent credential), nothing the server
	// said (defaultOnly, which TestOpinionOnDefaultOnly measures).
	statusDefault bool
	// Aside marks a warning that is never a candidate cause (rank rule
	// 6): what the request carries that some servers refuse, such as a
	// client's default User-Agent, when the response does not point at it.
	Aside bool `json:"-"`
	// opinion: a warning the second opinion made of a finding the rules
	// passed or skipped (opinion.go); experiments do not plan for it.
	opinion bool
}

// FixSetting is a request option a fix asks to set, named as data.
type FixSetting struct {
	// Option is the option: one of the Set* constants.
	Option string
	// Words are the words of the finding's Fix that set it with curl's
	// flags; all of Fix when setting the option is the whole fix.
	Words string
	// Value is what the option is to be set to, in the setting's own form
	// ("api.example.com:443:ADDRESS:443" for SetConnectTo), or, when
	// Words are the whole fix, what it should hold in words; "" when the
	// fix gives neither.
	Value string
}

// The request options a fix may ask to set (FixSetting.Option).
const (
	SetClientCert    = "client-cert"         // the client certificate file (curl --cert)
	SetClientCertKey = "client-cert-and-key" // the client certificate and its key (--cert, --key)
	SetProxy         = "proxy"               // the proxy (--proxy)
	SetNoProxy       = "noproxy"             // the hosts reached without the proxy (--noproxy)
	SetConnectTo     = "connect-to"          // the address a host name is reached at (--connect-to, --resolve)
)

// with is f with the option its fix asks to set.
func (f Finding) with(s FixSetting) Finding {
	f.Setting = &s
	return f
}

// Evidence is everything a judgement may read.
type Evidence struct {
	Request  probe.Request
	Exchange probe.Exchange
	// Now is the local clock at the time of the exchange, passed in so that
	// checks stay pure and tests are exact.
	Now time.Time
	// Experiments are the variants sent after the refusal, concluded
	// (PlanExperiments, Conclude); their conclusions become evidence.
	Experiments []Experiment
	// RequestUnknown: the exchange was recorded (a curl -i transcript, a
	// raw response) and the request is not known. What the request held
	// or lacked is not judged; what the response names still is.
	RequestUnknown bool
}

// Report is the judgement of one exchange.
type Report struct {
	Findings []Finding
	// Likely holds every failing cause, most likely first, then the
	// causes a second opinion added to a guess (SecondOpinion).
	Likely []string
	// Guess reports that the first likely cause is inferred, not named by
	// the server.
	Guess bool
	// Stack names the server or vendor recognised ("nginx", "Cloudflare"),
	// with its reference ID when it gave one; empty when unknown.
	Stack     string
	Reference string
	// Experiments are the evidence's experiments, for the report.
	Experiments []Experiment
	// Outcome says what happened when the response is no refusal at all
	// (a 404 or 5xx that names none): Likely is then empty. "" otherwise.
	Outcome string
	// Decider names the planned experiment (Variant.Name) that would tell
	// Likely[0] from Likely[1] when the response cannot (Guess is true),
	// DeciderChange what it changes; "" otherwise.
	Decider, DeciderChange string
	// SecondOpinion is the causes the second opinion added at the end of
	// Likely (opinion.go), with the words that pointed there; none when
	// it was not consulted or added nothing.
	SecondOpinion []Opinion
}

// Cause IDs of the catalogue (CAUSES.md), spelt once in package cause;
// named here too so that checks and its callers read checks.AuthMissing.
// Never rename one.
const (
	AuthMissing     = cause.AuthMissing
	AuthExpired     = cause.AuthExpired
	AuthMalformed   = cause.AuthMalformed
	AuthInvalid     = cause.AuthInvalid
	IPAllowlist     = cause.IPAllowlist
	PermissionScope = cause.PermissionScope
	RateLimit       = cause.RateLimit
	GeoBlock        = cause.GeoBlock
	ContentType     = cause.ContentType
	WAFBlock        = cause.WAFBlock
	TLSClientCert   = cause.TLSClientCert

	CSRF                = cause.CSRF
	CORSOrigin          = cause.CORSOrigin
	ClockSkew           = cause.ClockSkew
	SignatureMismatch   = cause.SignatureMismatch
	RedirectAuthDropped = cause.RedirectAuthDropped
	UserAgentRequired   = cause.UserAgentRequired
	ResourceDenied      = cause.ResourceDenied
	MethodDenied        = cause.MethodDenied
	ProxyDenied         = cause.ProxyDenied
	HostMismatch        = cause.HostMismatch
	AccountState        = cause.AccountState
)
