package curlargs

import "strings"

type usageGroup struct {
	title string
	rows  [][2]string // flags, what they do
}

var usageGroups = []usageGroup{
	{"Request", [][2]string{
		{"URL, --url URL", "the URL to check (no scheme: http://, like curl)"},
		{"-X, --request METHOD", "method (GET; POST with data; HEAD with -I)"},
		{"-G, --get", "send -d/--data-urlencode data in the query"},
		{"-I, --head", "send HEAD"},
		{"-L, --location", "follow redirects"},
		{"    --max-redirs N", "follow at most N redirects (default 10)"},
	}},
	{"Headers & body", [][2]string{
		{"-H, --header 'NAME: VALUE'", "add a header; 'NAME:' removes one curl adds,"},
		{"", "'NAME;' sends it empty, @FILE reads many"},
		{"-A, --user-agent NAME", "User-Agent ('' removes it; default curl/8.5.0)"},
		{"-e, --referer URL", "Referer"},
		{"-b, --cookie DATA|FILE", "'N=V; N2=V2', or the cookies for this host"},
		{"", "in a Netscape cookie file or Set-Cookie lines"},
		{"-d, --data DATA|@FILE", "form data, POST; several are joined with &;"},
		{"", "@FILE is read without its line breaks"},
		{"    --data-ascii DATA|@FILE", "same as -d"},
		{"    --data-raw DATA", "as -d, but @ has no meaning"},
		{"    --data-binary DATA|@FILE", "as -d, but @FILE is sent byte for byte"},
		{"    --data-urlencode DATA", "URL-encoded: CONTENT, =CONTENT, NAME=CONTENT,"},
		{"", "@FILE or NAME@FILE"},
		{"    --json DATA|@FILE", "JSON body; Content-Type, Accept: JSON (a bare"},
		{"", "--json asks for a JSON report: see below)"},
		{"-F, --form NAME=CONTENT", "multipart field: NAME=VALUE, =@FILE uploads,"},
		{"", "=<FILE reads a field; ;type=T ;filename=F"},
		{"    --form-string NAME=TEXT", "as -F, with no meaning for @, < or ;"},
		{"    --compressed", "ask for deflate, gzip, br or zstd, decode it"},
	}},
	{"Credentials & TLS", [][2]string{
		{"-u, --user USER:PASSWORD", "Basic auth (never prompts: USER alone sends an"},
		{"", "empty password)"},
		{"    --oauth2-bearer TOKEN", "Authorization: Bearer TOKEN (visible in ps:"},
		{"", "prefer the three below)"},
		{"    --token-env VAR", "Bearer token from the environment variable"},
		{"    --token-file PATH", "Bearer token from a file (one line, 64 KiB max)"},
		{"    --token -", "Bearer token from standard input"},
		{"-E, --cert FILE", "client certificate, PEM (no :password)"},
		{"    --key FILE", "its private key, when not in the --cert file"},
		{"    --cacert FILE", "also trust the CA certificates in FILE"},
		{"-k, --insecure", "do not verify the server's certificate"},
	}},
	{"Connection", [][2]string{
		{"-x, --proxy URL", "http://, https:// or socks5:// proxy"},
		{"    --noproxy HOSTS", "hosts to reach directly: a,b.example or '*'"},
		{"    --connect-to H1:P1:H2:P2", "connect to H2:P2 for H1:P1, keeping URL, Host"},
		{"", "and TLS name (ask one origin behind a CDN)"},
		{"    --resolve HOST:PORT:ADDR", "use ADDR for HOST:PORT instead of DNS"},
		{"    --connect-timeout SECS", "give up connecting after SECS (2.5 allowed)"},
		{"-m, --max-time SECS", "give up on the whole exchange after SECS"},
		{"    --http1.1", "use HTTP/1.1"},
		{"    --http2", "prefer HTTP/2 on https (HTTP/1.1 if the server"},
		{"", "does not choose h2); HTTP/1.1 on http://"},
		{"    --http2-prior-knowledge", "HTTP/2 without asking: h2c on http://, h2"},
		{"", "required on https"},
		{"    --http3", "accepted (Firefox writes it): no HTTP/3 here,"},
		{"", "the request negotiates HTTP/2 or HTTP/1.1"},
		{"-s -S -v -i -f -# -g", "accepted; why403 prints its own report"},
		{"    --fail-with-body", "accepted, as the ones above"},
		{"-o FILE, -O, -c FILE, -w FMT", "ignored, with a warning"},
	}},
	{"why403 options", [][2]string{
		{"    --json", "print the report as JSON; but if the next word"},
		{"", "looks like JSON ({ [ \" @ true 42), it is a body"},
		{"    --format FORMAT", "report as text, json or markdown (a ticket)"},
		{"    --report FORMAT", "the same, never mistaken for a body"},
		{"    --print-curl", "print the request as curl; send nothing"},
		{"    --output-har FILE", "also write the exchanges as HAR 1.2 (masked)"},
		{"    --reveal", "show secrets instead of ••••3f9a"},
		{"    --allow-link-local", "with -L, follow a redirect to a link-local or"},
		{"", "cloud metadata address (169.254.169.254)"},
		{"    --experiments=MODE", "follow-up requests: safe (default), all or off"},
		{"    --no-experiments", "same as --experiments=off"},
		{"    --max-body SIZE", "keep at most SIZE of the response: 512K, 8M, 1G"},
		{"    --client NAME", "send the headers NAME sends, in its case and"},
		{"", "order: curl (default: User-Agent curl/8.5.0,"},
		{"", "Accept */*), dart, dio, okhttp, urlsession,"},
		{"", "browser, postman; -H overrides them. Headers"},
		{"", "only: TLS and HTTP/2 fingerprints are not"},
		{"", "imitated (that would get around protections)"},
		{"    --dart FILE|-", "read the request from a Dart http or dio call"},
		{"", "(a Flutter app's code) and send it as it would"},
		{"    --dart-var NAME=VALUE", "a value for a name the Dart code does not define"},
		{"-h, --help", "this help"},
	}},
}

// Usage is the help for the curl-compatible flags, grouped and aligned,
// for "why403 check --help".
func Usage() string {
	width := 0
	for _, g := range usageGroups {
		for _, r := range g.rows {
			width = max(width, len(r[0]))
		}
	}
	var b strings.Builder
	for i, g := range usageGroups {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(g.title + ":\n")
		for _, r := range g.rows {
			b.WriteString("  " + r[0] + strings.Repeat(" ", width-len(r[0])+2) + r[1] + "\n")
		}
	}
	return b.String()
}
