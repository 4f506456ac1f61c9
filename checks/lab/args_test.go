package lab

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// The tests turn a scenario's Args into a request with this small
// interpreter of the few curl flags the scenarios use. It is deliberately
// separate from the real parser, so that the lab is checked on its own.

const defaultUserAgent = "curl/8.5.0" // probe.UserAgent

// allowedFlags are the flags a scenario may use (a curl-compatible parser
// supports them); the value tells whether the flag takes an argument.
var allowedFlags = map[string]bool{
	"-X": true, "-H": true, "-d": true, "--data-binary": true, "-u": true, "--oauth2-bearer": true,
	"-A": true, "-b": true, "-E": true, "--cert": true, "--key": true, "--cacert": true,
	"-x": true, "--connect-to": true, "-k": false, "-L": false, "--compressed": false,
}

type interpreted struct {
	req    *http.Request
	client *http.Client
}

func interpret(t *testing.T, args []string) interpreted {
	t.Helper()
	method, target := "", ""
	var headers [][2]string
	var body *string
	userAgent := defaultUserAgent
	var user, cacert, cert, key, proxy, connectTo string
	insecure, follow := false, false
	for i := 0; i < len(args); i++ {
		a := args[i]
		takes, isFlag := allowedFlags[a]
		if !isFlag {
			if strings.HasPrefix(a, "-") {
				t.Fatalf("flag %q is not one the scenarios may use", a)
			}
			if target != "" {
				t.Fatalf("two URLs: %q and %q", target, a)
			}
			target = a
			continue
		}
		val := ""
		if takes {
			if i+1 >= len(args) {
				t.Fatalf("flag %s without its value", a)
			}
			i++
			val = args[i]
		}
		switch a {
		case "-X":
			method = val
		case "-H":
			name, v, ok := strings.Cut(val, ":")
			if !ok {
				t.Fatalf("header %q has no colon", val)
			}
			headers = append(headers, [2]string{name, strings.TrimLeft(v, " ")})
		case "-d", "--data-binary":
			b := val
			if body != nil {
				b = *body + "&" + val
			}
			body = &b
		case "-u":
			user = val
		case "--oauth2-bearer":
			headers = append(headers, [2]string{"Authorization", "Bearer " + val})
		case "-A":
			userAgent = val
		case "-b":
			headers = append(headers, [2]string{"Cookie", val})
		case "-E", "--cert":
			cert = val
		case "--key":
			key = val
		case "--cacert":
			cacert = val
		case "-x":
			proxy = val
		case "--connect-to":
			connectTo = val
		case "-k":
			insecure = true
		case "-L":
			follow = true
		}
	}
	if target == "" {
		t.Fatalf("no URL in %q", args)
	}
	if method == "" {
		method = http.MethodGet
		if body != nil {
			method = http.MethodPost
		}
	}
	var req *http.Request
	var err error
	if body != nil {
		req, err = http.NewRequest(method, target, strings.NewReader(*body))
	} else {
		req, err = http.NewRequest(method, target, nil)
	}
	if err != nil {
		t.Fatalf("building the request for %q: %v", args, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("User-Agent", userAgent)
	for _, h := range headers {
		req.Header.Set(h[0], h[1])
	}
	if user != "" {
		name, pass, _ := strings.Cut(user, ":")
		req.SetBasicAuth(name, pass)
	}

	tlsConfig := &tls.Config{InsecureSkipVerify: insecure}
	if cacert != "" {
		pem, err := os.ReadFile(cacert)
		if err != nil {
			t.Fatalf("reading --cacert: %v", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			t.Fatalf("no certificate in %s", cacert)
		}
		tlsConfig.RootCAs = pool
	}
	if cert != "" {
		if key == "" {
			key = cert
		}
		pair, err := tls.LoadX509KeyPair(cert, key)
		if err != nil {
			t.Fatalf("loading --cert/--key: %v", err)
		}
		tlsConfig.Certificates = []tls.Certificate{pair}
	}
	// HTTP/1.1: when a TLS 1.3 server refuses the client's certificate,
	// Go's HTTP/2 client sometimes reports "http2: client conn could not be
	// established" instead of the alert; HTTP/1.1 always shows the alert.
	transport := &http.Transport{TLSClientConfig: tlsConfig, DisableKeepAlives: true}
	if proxy != "" {
		u, err := url.Parse(proxy)
		if err != nil {
			t.Fatalf("-x %q: %v", proxy, err)
		}
		transport.Proxy = http.ProxyURL(u)
	}
	if connectTo != "" {
		// HOST1::HOST2: (the only shape the scenarios use): HOST1 on any
		// port goes to HOST2 on the same port.
		parts := strings.Split(connectTo, ":")
		if len(parts) != 4 || parts[1] != "" || parts[3] != "" {
			t.Fatalf("--connect-to %q: the scenarios use HOST1::HOST2: only", connectTo)
		}
		from, to := parts[0], parts[2]
		d := &net.Dialer{Timeout: 5 * time.Second}
		transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, err := net.SplitHostPort(addr)
			if err == nil && host == from {
				addr = net.JoinHostPort(to, port)
			}
			return d.DialContext(ctx, network, addr)
		}
	}
	t.Cleanup(transport.CloseIdleConnections)
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	if !follow {
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	return interpreted{req: req, client: client}
}
