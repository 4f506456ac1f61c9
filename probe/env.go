package probe

// Env holds, by name, the environment variables that change how curl
// sends a request: the proxy variables and SSLKEYLOGFILE. The caller fills
// it with EnvFrom and puts it in the Request, so that probe never reads the
// process environment itself and a test sets exactly what it means. The
// zero value is an empty environment.
type Env map[string]string

// envNames are the variables EnvFrom copies. HTTP_PROXY is among them only
// so that probe can say it was ignored.
var envNames = []string{
	"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
	"all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY", "SSLKEYLOGFILE",
}

// EnvFrom reads the variables probe uses through getenv (os.Getenv); nil
// reads none.
func EnvFrom(getenv func(string) string) Env {
	e := Env{}
	if getenv == nil {
		return e
	}
	for _, n := range envNames {
		if v := getenv(n); v != "" {
			e[n] = v
		}
	}
	return e
}

// lookup returns the first of names that is set, and its value.
func (e Env) lookup(names ...string) (name, value string) {
	for _, n := range names {
		if v := e[n]; v != "" {
			return n, v
		}
	}
	return "", ""
}

// proxyVar is the variable that names the proxy for a URL scheme, as curl
// reads them: http_proxy in lowercase only (in a CGI program HTTP_PROXY
// comes from the client's "Proxy:" header, the httpoxy hole), https_proxy
// or HTTPS_PROXY, and all_proxy or ALL_PROXY for either when the scheme's
// own is not set. Lowercase wins over uppercase.
func (e Env) proxyVar(scheme string) (name, value string) {
	switch scheme {
	case "http":
		name, value = e.lookup("http_proxy")
	case "https":
		name, value = e.lookup("https_proxy", "HTTPS_PROXY")
	}
	if value == "" {
		name, value = e.lookup("all_proxy", "ALL_PROXY")
	}
	return name, value
}
