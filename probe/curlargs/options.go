package curlargs

import "github.com/why403/why403/probe/similar"

// option is one command-line flag; long is its canonical name, which the
// parser switches on.
type option struct {
	short byte // 0 when the flag has no short form
	long  string
	value bool // takes an argument
}

var options = []option{
	// Request
	{'X', "request", true},
	{0, "url", true},
	{'G', "get", false},
	{'I', "head", false},
	{'L', "location", false},
	{0, "max-redirs", true},
	// Headers & body
	{'H', "header", true},
	{'A', "user-agent", true},
	{'e', "referer", true},
	{'b', "cookie", true},
	{'d', "data", true},
	{0, "data-ascii", true},
	{0, "data-raw", true},
	{0, "data-binary", true},
	{0, "data-urlencode", true},
	{0, "json", true}, // or why403's report flag: see jsonBodyWord
	{'F', "form", true},
	{0, "form-string", true},
	{0, "compressed", false},
	// Credentials & TLS
	{'u', "user", true},
	{0, "oauth2-bearer", true},
	{0, "token-env", true},  // why403's own: the token off argv
	{0, "token-file", true}, // why403's own
	{0, "token", true},      // why403's own: only "-", standard input
	{'E', "cert", true},
	{0, "key", true},
	{0, "cacert", true},
	{'k', "insecure", false},
	// Connection
	{'x', "proxy", true},
	{0, "noproxy", true},
	{0, "connect-to", true},
	{0, "resolve", true},
	{0, "connect-timeout", true},
	{'m', "max-time", true},
	{0, "http1.1", false},
	{0, "http2", false},
	{0, "http2-prior-knowledge", false},
	{0, "http3", false}, // accepted: Firefox's "Copy as cURL" writes it
	// Accepted because they only change how curl prints or exits.
	{'s', "silent", false},
	{'S', "show-error", false},
	{'v', "verbose", false},
	{'i', "include", false},
	{'f', "fail", false},
	{0, "fail-with-body", false},
	{'#', "progress-bar", false},
	{0, "no-progress-meter", false},
	{'g', "globoff", false},
	// Accepted and ignored with a warning: they only write files.
	{'o', "output", true},
	{'O', "remote-name", false},
	{'c', "cookie-jar", true},
	{'w', "write-out", true},
	// why403's own
	{0, "report", true},
	{0, "format", true},
	{0, "print-curl", false},
	{0, "output-har", true},
	{0, "reveal", false},
	{0, "allow-link-local", false},
	{0, "client", true},   // why403's own: send as this client does
	{0, "dart", true},     // why403's own: read the request from Dart code
	{0, "dart-var", true}, // why403's own: a value for a name the Dart code uses
	{0, "experiments", true},
	{0, "no-experiments", false},
	{0, "max-body", true},
	{'h', "help", false},
}

// unsupported are curl options people paste that why403 cannot honour;
// naming them beats "unknown option".
var unsupported = map[string]string{
	"T": "upload-file", "upload-file": "",
	"n": "netrc", "netrc": "", "netrc-file": "",
	"U": "proxy-user", "proxy-user": "", "proxy-header": "",
	"K": "config", "config": "",
	"0": "http1.0", "http1.0": "", "http3-only": "",
	"digest": "", "ntlm": "", "negotiate": "", "anyauth": "", "aws-sigv4": "",
	"unix-socket": "", "interface": "",
	"4": "ipv4", "6": "ipv6", "ipv4": "", "ipv6": "",
	"location-trusted": "", "retry": "", "cert-type": "", "key-type": "", "pass": "",
	"capath": "", "cert-status": "", "pinnedpubkey": "", "tlsv1.2": "", "tlsv1.3": "",
	"proxy-insecure": "", "proxy-cacert": "", "r": "range", "range": "", "z": "time-cond",
	"time-cond": "", "j": "junk-session-cookies", "C": "continue-at", "P": "ftp-port",
}

func lookupLong(name string) *option {
	for i := range options {
		if options[i].long == name {
			return &options[i]
		}
	}
	return nil
}

func lookupShort(c byte) *option {
	for i := range options {
		if options[i].short == c {
			return &options[i]
		}
	}
	return nil
}

// closest suggests the known long option nearest to a mistyped one.
func closest(name string) string {
	best, bestD := "", 3
	for _, o := range options {
		if d := similar.Distance(name, o.long); d < bestD {
			best, bestD = o.long, d
		}
	}
	return best
}
