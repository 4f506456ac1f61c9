package report

import (
	"math"
	"strings"
	"time"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/curlargs"
)

// Document is the JSON report; its field names are an interface for
// scripts, documented in the README. Change them only by adding.
type Document struct {
	Version    int          `json:"version"`
	Request    RequestDoc   `json:"request"`
	Response   *ResponseDoc `json:"response"`
	Error      *ErrorDoc    `json:"error"`
	Timing     TimingDoc    `json:"timing"`
	TLS        *TLSDoc      `json:"tls"`
	Redirects  []HopDoc     `json:"redirects"`
	Connection ConnDoc      `json:"connection"`
	Stack      *StackDoc    `json:"stack"`
	Checks     []CheckDoc   `json:"checks"`
	Likely     []string     `json:"likely"`
	Guess      bool         `json:"guess"`
	// Outcome says what happened when the answer is no refusal at all (a
	// 404 or 5xx that names none): likely is then empty.
	Outcome string `json:"outcome,omitempty"`
	// DecidedBy names the experiment that would tell the first two likely
	// causes apart when the response cannot (guess is then true), and
	// DecidedByChange what it changes; empty otherwise.
	DecidedBy       string `json:"decided_by,omitempty"`
	DecidedByChange string `json:"decided_by_change,omitempty"`
	// SecondOpinion is the causes at the end of likely that a model of
	// recorded refusals added to a guess, with the server's words that
	// pointed there; omitted when it added none.
	SecondOpinion []OpinionDoc    `json:"second_opinion,omitempty"`
	Experiments   []ExperimentDoc `json:"experiments"`
	// ExperimentsSkipped says why no experiment was sent at all (a rate
	// limit, --no-experiments); empty when some were planned.
	ExperimentsSkipped string   `json:"experiments_skipped,omitempty"`
	Warnings           []string `json:"warnings"`

	// Curl is the request as a curl command (curlargs.QuoteWith), masked
	// unless revealed, for the Markdown report. Not in the JSON report (yet):
	// its fields are an interface, added to deliberately.
	Curl string `json:"-"`
	// Time is when the request was sent; zero when unknown.
	Time time.Time `json:"-"`
}

// OpinionDoc is one cause the second opinion added: its probability by
// the model, and the server's words that pointed at it.
type OpinionDoc struct {
	Cause string   `json:"cause"`
	P     float64  `json:"p"`
	Words []string `json:"words"`
}

// ExperimentDoc is one variant sent (or not) after the refusal.
type ExperimentDoc struct {
	Name       string   `json:"name"`
	Change     string   `json:"change"`
	Method     string   `json:"method"`
	URL        string   `json:"url"`
	Sent       bool     `json:"sent"`
	NotSent    string   `json:"not_sent,omitempty"`
	Status     int      `json:"status"`
	Error      string   `json:"error,omitempty"`
	Conclusion string   `json:"conclusion"`
	Shows      []string `json:"shows"`
	RulesOut   []string `json:"rules_out"`
	TookMS     float64  `json:"took_ms"`
}

type RequestDoc struct {
	Method      string         `json:"method"`
	URL         string         `json:"url"`
	Target      string         `json:"target,omitempty"`
	Proto       string         `json:"proto,omitempty"`
	Headers     []probe.Header `json:"headers"`
	BodySize    int64          `json:"body_size"`
	BodyExcerpt string         `json:"body_excerpt,omitempty"`
	ClientCert  *CertDoc       `json:"client_cert,omitempty"`
}

type ResponseDoc struct {
	Status          int            `json:"status"`
	Reason          string         `json:"reason"`
	Proto           string         `json:"proto"`
	Headers         []probe.Header `json:"headers"`
	BodySize        int64          `json:"body_size"`
	BodyKept        int64          `json:"body_kept"`
	WireSize        int64          `json:"wire_size,omitempty"`
	Truncated       bool           `json:"truncated"`
	ContentEncoding string         `json:"content_encoding,omitempty"`
	DecodeError     string         `json:"decode_error,omitempty"`
	BodyExcerpt     string         `json:"body_excerpt"`
}

type ErrorDoc struct {
	Phase    string `json:"phase"`
	Message  string `json:"message"`
	Detail   string `json:"detail,omitempty"`
	TLSAlert string `json:"tls_alert,omitempty"`
}

// TimingDoc holds milliseconds, as floats, per phase.
type TimingDoc struct {
	DNS       float64 `json:"dns_ms"`
	Connect   float64 `json:"connect_ms"`
	TLS       float64 `json:"tls_ms"`
	Wrote     float64 `json:"wrote_ms"`
	FirstByte float64 `json:"first_byte_ms"`
	Body      float64 `json:"body_ms"`
	Total     float64 `json:"total_ms"`
	Reused    bool    `json:"reused"`
}

type TLSDoc struct {
	Version              string    `json:"version"`
	ALPN                 string    `json:"alpn"`
	CipherSuite          string    `json:"cipher_suite,omitempty"`
	ServerName           string    `json:"server_name,omitempty"`
	Verified             bool      `json:"verified"`
	Peer                 []CertDoc `json:"peer"`
	CertificateRequested bool      `json:"certificate_requested"`
	AcceptableCAs        []string  `json:"acceptable_cas"`
	ClientCert           *CertDoc  `json:"client_cert"`
}

type CertDoc struct {
	Subject   string   `json:"subject"`
	Issuer    string   `json:"issuer"`
	DNSNames  []string `json:"dns_names,omitempty"`
	IPs       []string `json:"ips,omitempty"`
	NotBefore string   `json:"not_before"`
	NotAfter  string   `json:"not_after"`
	SHA256    string   `json:"sha256"`
}

type HopDoc struct {
	Method   string   `json:"method"`
	URL      string   `json:"url"`
	Status   int      `json:"status"`
	Location string   `json:"location"`
	Dropped  []string `json:"dropped"`
}

type ConnDoc struct {
	Local    string `json:"local"`
	Remote   string `json:"remote"`
	Proxy    string `json:"proxy"`
	Attempts int    `json:"attempts"`
}

type StackDoc struct {
	Name      string `json:"name"`
	Reference string `json:"reference,omitempty"`
}

type CheckDoc struct {
	ID       string   `json:"id"`
	Status   string   `json:"status"`
	Title    string   `json:"title"`
	Evidence []string `json:"evidence"`
	Fix      string   `json:"fix"`
}

// excerptBytes is how much of a body the report shows.
const excerptBytes = 2048

// Options change what Build keeps.
type Options struct {
	// Redactor masks every secret the report holds: the request's
	// (probe.NewRedactor of it); the zero value masks.
	Redactor probe.Redactor
	// TokenEnv names the environment variable the Bearer token came from
	// (--token-env), so the curl command can name it instead of masking.
	TokenEnv string
	// Time is when the request was sent, for the report.
	Time time.Time
}

// Build assembles the report of one exchange. Secrets are masked here,
// once, by opts.Redactor.
func Build(req probe.Request, ex probe.Exchange, rep checks.Report, opts Options) Document {
	m := masker{opts.Redactor}
	d := Document{
		Version:     1,
		Request:     requestDoc(req, ex, m),
		Timing:      timingDoc(ex.Timing),
		Redirects:   []HopDoc{},
		Connection:  ConnDoc{Local: ex.LocalAddr, Remote: ex.RemoteAddr, Proxy: ex.Proxy, Attempts: ex.Attempts},
		Checks:      []CheckDoc{},
		Likely:      append([]string{}, rep.Likely...),
		Guess:       rep.Guess,
		Outcome:     rep.Outcome,
		DecidedBy:   rep.Decider,
		Experiments: []ExperimentDoc{},
		Warnings:    make([]string, 0, len(ex.Warnings)),
		Time:        opts.Time,
	}
	if rep.Decider != "" {
		d.DecidedByChange = m.text(rep.DeciderChange)
	}
	for _, o := range rep.SecondOpinion {
		words := make([]string, 0, len(o.Words))
		for _, w := range o.Words {
			words = append(words, m.text(w))
		}
		d.SecondOpinion = append(d.SecondOpinion, OpinionDoc{Cause: o.Cause, P: math.Round(o.P*100) / 100, Words: words})
	}
	if req.URL != "" {
		d.Curl = curlargs.QuoteWith(req, curlargs.QuoteOptions{Redactor: opts.Redactor, TokenEnv: opts.TokenEnv})
	}
	for _, w := range ex.Warnings {
		// warnings quote the server (a redirect's Location, a 1xx status)
		d.Warnings = append(d.Warnings, m.text(w))
	}
	if r := ex.Response; r != nil {
		d.Response = &ResponseDoc{
			Status: r.Status, Reason: m.text(r.Reason), Proto: r.Proto,
			Headers:  m.ResponseHeaders(r.Headers),
			BodySize: r.BodySize, BodyKept: int64(len(r.Body)), WireSize: r.WireSize, Truncated: r.Truncated,
			ContentEncoding: r.ContentEncoding, DecodeError: r.DecodeError,
			BodyExcerpt: m.ResponseBody(probe.HeaderValue(r.Headers, "Content-Type"), excerpt(r.Body)),
		}
	}
	if e := ex.Err; e != nil {
		d.Error = &ErrorDoc{Phase: e.Phase, Message: m.text(e.Message), Detail: m.text(e.Detail), TLSAlert: e.TLSAlert}
	}
	if t := ex.TLS; t != nil {
		td := &TLSDoc{
			Version: t.Version, ALPN: t.ALPN, CipherSuite: t.CipherSuite, ServerName: t.ServerName,
			Verified: t.Verified, Peer: []CertDoc{}, CertificateRequested: t.CertificateRequested,
			AcceptableCAs: append([]string{}, t.AcceptableCAs...), ClientCert: certDoc(t.ClientCert),
		}
		for i := range t.Peer {
			td.Peer = append(td.Peer, *certDoc(&t.Peer[i]))
		}
		d.TLS = td
	}
	for _, h := range ex.Hops {
		d.Redirects = append(d.Redirects, HopDoc{
			Method: h.Request.Method, URL: m.url(firstNonEmpty(h.Request.FullURL, h.Request.URL)), Status: h.Status,
			Location: m.url(h.Location), Dropped: append([]string{}, h.Dropped...),
		})
	}
	for _, x := range rep.Experiments {
		d.Experiments = append(d.Experiments, ExperimentDoc{
			Name: x.Name, Change: x.Change, Method: x.Method, URL: m.url(x.URL), Sent: x.Sent, NotSent: x.NotSent,
			Status: x.Status, Error: m.text(x.Error), Conclusion: m.text(x.Conclusion),
			Shows: append([]string{}, x.Shows...), RulesOut: append([]string{}, x.RulesOut...), TookMS: ms(x.Took),
		})
	}
	if rep.Stack != "" {
		d.Stack = &StackDoc{Name: rep.Stack, Reference: rep.Reference}
	}
	for _, f := range rep.Findings {
		ev := make([]string, 0, len(f.Evidence))
		for _, e := range f.Evidence {
			ev = append(ev, m.text(e))
		}
		d.Checks = append(d.Checks, CheckDoc{ID: f.ID, Status: string(f.Status), Title: m.text(f.Title), Evidence: ev, Fix: f.Fix})
	}
	return d
}

func requestDoc(req probe.Request, ex probe.Exchange, m masker) RequestDoc {
	w := ex.Request
	if w.Method == "" {
		// Nothing reached the wire (the send failed early): show what the
		// user asked for instead.
		w = probe.WireRequest{Method: req.Method, URL: req.URL, Headers: req.EffectiveHeaders(), Body: req.Body, BodySize: int64(len(req.Body))}
	}
	return RequestDoc{
		Method: w.Method, URL: m.url(firstNonEmpty(w.FullURL, w.URL)), Target: m.url(w.URL), Proto: w.Proto,
		Headers:  m.Headers(w.Headers),
		BodySize: w.BodySize, BodyExcerpt: m.RequestBody(probe.HeaderValue(w.Headers, "Content-Type"), []byte(excerpt(w.Body))),
		ClientCert: certDoc(w.ClientCert),
	}
}

func timingDoc(t probe.Timing) TimingDoc {
	return TimingDoc{
		DNS: ms(t.DNS), Connect: ms(t.Connect), TLS: ms(t.TLS), Wrote: ms(t.Wrote),
		FirstByte: ms(t.FirstByte), Body: ms(t.Body), Total: ms(t.Total), Reused: t.Reused,
	}
}

func certDoc(c *probe.CertInfo) *CertDoc {
	if c == nil {
		return nil
	}
	return &CertDoc{
		Subject: c.Subject, Issuer: c.Issuer, DNSNames: c.DNSNames, IPs: c.IPs,
		NotBefore: c.NotBefore.UTC().Format(time.RFC3339), NotAfter: c.NotAfter.UTC().Format(time.RFC3339),
		SHA256: c.SHA256,
	}
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

func excerpt(b []byte) string {
	if len(b) > excerptBytes {
		b = b[:excerptBytes]
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// masker is the report's redactor, with the names Build reads well with.
type masker struct{ probe.Redactor }

func (m masker) url(raw string) string { return m.URL(raw) }

// text masks free text: evidence, messages, the server's words.
func (m masker) text(s string) string { return m.Text(s) }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
