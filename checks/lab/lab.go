// Package lab is the why403 lab: a real local server that refuses requests
// the way real servers do, one route per cause of refusal and per vendor
// style. Tests, `why403 lab` and `why403 demo` send real requests to it; it
// verifies real tokens, judges the real remote address, keeps real token
// buckets and runs real TLS handshakes with client certificates.
//
// It listens on 127.0.0.1 only, on three ports: plain HTTP (HTTP/1.1, and
// HTTP/2 without TLS, h2c, for a client that knows it in advance), HTTPS
// that asks for no client certificate (HTTP/2 or HTTP/1.1, as ALPN
// chooses), and mTLS. The mTLS listener serves two virtual hosts told apart
// by SNI: 127.0.0.1 (no SNI) asks for a client certificate and verifies it
// when one is given, as nginx's "ssl_verify_client optional"; "localhost"
// requires one in the handshake. Every scenario can so be sent over
// HTTP/1.1 and HTTP/2, and only the mTLS scenarios meet a certificate
// request.
package lab

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/why403/why403/probe/certgen"
)

// Options configure a lab.
type Options struct {
	HTTPAddr  string // "127.0.0.1:0" when empty
	HTTPSAddr string // "127.0.0.1:0" when empty
	MTLSAddr  string // "127.0.0.1:0" when empty
	// Dir is where the lab writes ca.pem, client.pem, client-key.pem,
	// expired-client.pem, expired-client-key.pem and tokens/*.jwt. Empty:
	// a temporary directory, removed on Close.
	Dir string
	// Now is the clock for the scenarios' tokens, the Date header and the
	// token buckets; nil means time.Now.
	Now func() time.Time
	// Log receives one line per request and the TLS handshake errors;
	// nil means nothing is logged.
	Log io.Writer
}

// Lab is a running lab.
type Lab struct {
	// HTTPURL is the plain HTTP listener, "http://127.0.0.1:PORT":
	// HTTP/1.1, and h2c with prior knowledge.
	HTTPURL string
	// HTTPSURL is the HTTPS listener, "https://127.0.0.1:PORT": no client
	// certificate is asked for; HTTP/2 or HTTP/1.1 by ALPN.
	HTTPSURL string
	// OptionalCertURL is the mTLS listener, "https://127.0.0.1:PORT": a
	// client certificate is asked for and verified when given.
	OptionalCertURL string
	// MTLSURL is the mTLS listener reached by the name "localhost" (SNI):
	// there a client certificate is required in the handshake.
	MTLSURL string

	Dir                                 string
	CAFile, ClientCert, ClientKey       string
	ExpiredClientCert, ExpiredClientKey string
	// TokenDir holds the scenarios' tokens, one file each.
	TokenDir string

	now       func() time.Time
	logw      *lockedWriter
	tokens    tokenSet
	scenarios []Scenario

	export, search, github, githubAuthed *buckets

	// httpAddr, httpsAddr and mtlsAddr are the listeners' host:port;
	// proxy is the forward proxy the HTTP listener also is (proxy.go).
	httpAddr, httpsAddr, mtlsAddr string
	proxy                         *proxyState

	servers   []*http.Server
	wg        sync.WaitGroup
	removeDir bool
	closeOnce sync.Once
	closeErr  error
	serveMu   sync.Mutex
	serveErr  error
}

// strictHost is the SNI name of the virtual host that requires a client
// certificate.
const strictHost = "localhost"

// File names in Dir.
const (
	caFileName            = "ca.pem"
	clientCertName        = "client.pem"
	clientKeyName         = "client-key.pem"
	expiredClientCertName = "expired-client.pem"
	expiredClientKeyName  = "expired-client-key.pem"
	tokenDirName          = "tokens"
)

// Start creates the lab's CA, certificates and tokens, writes them to the
// directory, and serves the three listeners in goroutines until Close.
func Start(opts Options) (*Lab, error) {
	l := &Lab{now: opts.Now}
	if l.now == nil {
		l.now = time.Now
	}
	if opts.Log != nil {
		l.logw = &lockedWriter{w: opts.Log}
	}
	httpAddr, err := loopbackAddr(opts.HTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("HTTP address: %w", err)
	}
	httpsAddr, err := loopbackAddr(opts.HTTPSAddr)
	if err != nil {
		return nil, fmt.Errorf("HTTPS address: %w", err)
	}
	mtlsAddr, err := loopbackAddr(opts.MTLSAddr)
	if err != nil {
		return nil, fmt.Errorf("mTLS address: %w", err)
	}

	l.Dir = opts.Dir
	if l.Dir == "" {
		if l.Dir, err = os.MkdirTemp("", "why403-lab-"); err != nil {
			return nil, fmt.Errorf("creating the lab directory: %w", err)
		}
		l.removeDir = true
	} else if err := os.MkdirAll(l.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the lab directory %s: %w", l.Dir, err)
	}
	fail := func(err error) (*Lab, error) {
		if l.removeDir {
			os.RemoveAll(l.Dir)
		}
		return nil, err
	}

	plainTLS, mtlsTLS, err := l.writeCredentials()
	if err != nil {
		return fail(err)
	}

	var lns []net.Listener
	closeAll := func() {
		for _, ln := range lns {
			ln.Close()
		}
	}
	for _, addr := range []string{httpAddr, httpsAddr, mtlsAddr} {
		ln, err := net.Listen("tcp4", addr)
		if err != nil {
			closeAll()
			return fail(fmt.Errorf("listening on %s: %w", addr, err))
		}
		lns = append(lns, ln)
	}
	httpLn, httpsLn, mtlsLn := lns[0], lns[1], lns[2]
	mtlsPort := strconv.Itoa(mtlsLn.Addr().(*net.TCPAddr).Port)
	l.httpAddr, l.httpsAddr, l.mtlsAddr = httpLn.Addr().String(), httpsLn.Addr().String(), mtlsLn.Addr().String()
	l.HTTPURL = "http://" + httpLn.Addr().String()
	l.HTTPSURL = "https://" + httpsLn.Addr().String()
	l.OptionalCertURL = "https://" + mtlsLn.Addr().String()
	l.MTLSURL = "https://" + net.JoinHostPort(strictHost, mtlsPort)

	l.export = newBuckets(quota{Name: "export", Limit: 1, Window: time.Hour, Spent: true})
	l.search = newBuckets(quota{Name: "search", Limit: searchBurst, Window: time.Minute})
	l.github = newBuckets(quota{Name: "core", Limit: 60, Window: time.Hour, Spent: true})
	l.githubAuthed = newBuckets(quota{Name: "core", Limit: 5000, Window: time.Hour})

	l.tokens = mintTokens(l.now())
	if err := l.writeTokens(); err != nil {
		closeAll()
		return fail(err)
	}
	l.scenarios = buildScenarios(l.HTTPURL, l.OptionalCertURL, l.Dir, l.tokens)

	errLog := log.New(io.Discard, "", 0)
	if l.logw != nil {
		errLog = log.New(l.logw, "why403 lab: ", 0)
	}
	l.initProxy(errLog)
	handler := l.middleware(l.proxyFront(l.routes()))
	newServer := func() *http.Server {
		return &http.Server{
			Handler:           handler,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       30 * time.Second,
			WriteTimeout:      30 * time.Second,
			IdleTimeout:       60 * time.Second,
			MaxHeaderBytes:    64 << 10,
			ErrorLog:          errLog,
		}
	}
	httpSrv := newServer()
	// h2c as Go serves it: with prior knowledge (curl's
	// --http2-prior-knowledge), not by Upgrade.
	httpSrv.Protocols = new(http.Protocols)
	httpSrv.Protocols.SetHTTP1(true)
	httpSrv.Protocols.SetUnencryptedHTTP2(true)
	httpsSrv := newServer()
	httpsSrv.TLSConfig = plainTLS
	mtlsSrv := newServer()
	mtlsSrv.TLSConfig = mtlsTLS
	l.servers = []*http.Server{httpSrv, httpsSrv, mtlsSrv}

	l.wg.Add(3)
	go func() {
		defer l.wg.Done()
		l.served(httpSrv.Serve(lingerListener{httpLn}))
	}()
	go func() {
		defer l.wg.Done()
		l.served(httpsSrv.ServeTLS(lingerListener{httpsLn}, "", ""))
	}()
	go func() {
		defer l.wg.Done()
		l.served(mtlsSrv.ServeTLS(lingerListener{mtlsLn}, "", ""))
	}()
	return l, nil
}

// served records the first error a server stopped with, other than the
// one Close causes.
func (l *Lab) served(err error) {
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		return
	}
	l.serveMu.Lock()
	defer l.serveMu.Unlock()
	if l.serveErr == nil {
		l.serveErr = err
	}
}

// Close stops the listeners, waits for the servers to end and removes a
// temporary directory. It may be called more than once.
func (l *Lab) Close() error {
	l.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var errs []error
		// Tunnels first: Shutdown does not wait for hijacked connections,
		// and the tunnels' far ends are the lab's own connections.
		l.closeProxy()
		for _, s := range l.servers {
			if err := s.Shutdown(ctx); err != nil {
				// Connections still busy after the grace period are cut.
				s.Close()
			}
		}
		l.wg.Wait()
		if l.proxy != nil {
			l.proxy.transport.CloseIdleConnections()
		}
		l.serveMu.Lock()
		if l.serveErr != nil {
			errs = append(errs, fmt.Errorf("serving: %w", l.serveErr))
		}
		l.serveMu.Unlock()
		if l.removeDir {
			if err := os.RemoveAll(l.Dir); err != nil {
				errs = append(errs, fmt.Errorf("removing %s: %w", l.Dir, err))
			}
		}
		l.closeErr = errors.Join(errs...)
	})
	return l.closeErr
}

// Scenarios lists the lab's scenarios with its real URLs, file paths and
// tokens.
func (l *Lab) Scenarios() []Scenario {
	return cloneScenarios(l.scenarios)
}

// loopbackAddr accepts only addresses on 127.0.0.1: the lab is never
// reachable from another machine.
func loopbackAddr(addr string) (string, error) {
	if addr == "" {
		return "127.0.0.1:0", nil
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("%q is not host:port: %w", addr, err)
	}
	switch host {
	case "127.0.0.1", "localhost", "":
		return net.JoinHostPort("127.0.0.1", port), nil
	}
	return "", fmt.Errorf("the lab listens on 127.0.0.1 only, not on %q", host)
}

// writeCredentials makes the CA, the server certificate and the client
// certificates, writes the PEM files and returns the TLS configs of the
// HTTPS listener (no client certificate asked for) and of the mTLS one.
func (l *Lab) writeCredentials() (plain, mtls *tls.Config, err error) {
	ca, err := certgen.NewAuthority("why403 lab CA")
	if err != nil {
		return nil, nil, err
	}
	server, err := ca.Server("127.0.0.1", strictHost)
	if err != nil {
		return nil, nil, err
	}
	// Certificates follow the real clock, as the TLS stacks that check
	// them do; Options.Now only moves tokens, Date and buckets.
	realNow := time.Now()
	client, err := ca.Client("lab-client", realNow.Add(-time.Hour), realNow.Add(365*24*time.Hour))
	if err != nil {
		return nil, nil, err
	}
	expired, err := ca.Client("lab-client-expired", realNow.Add(-30*24*time.Hour), realNow.Add(-24*time.Hour))
	if err != nil {
		return nil, nil, err
	}
	l.CAFile = filepath.Join(l.Dir, caFileName)
	l.ClientCert = filepath.Join(l.Dir, clientCertName)
	l.ClientKey = filepath.Join(l.Dir, clientKeyName)
	l.ExpiredClientCert = filepath.Join(l.Dir, expiredClientCertName)
	l.ExpiredClientKey = filepath.Join(l.Dir, expiredClientKeyName)
	files := []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{l.CAFile, ca.CertPEM, 0o644},
		{l.ClientCert, client.CertPEM, 0o644},
		{l.ClientKey, client.KeyPEM, 0o600},
		{l.ExpiredClientCert, expired.CertPEM, 0o644},
		{l.ExpiredClientKey, expired.KeyPEM, 0o600},
	}
	for _, f := range files {
		if err := writeFile(f.path, f.data, f.mode); err != nil {
			return nil, nil, err
		}
	}

	plain = &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{server.TLS},
		NextProtos:   []string{"h2", "http/1.1"},
	}
	optional := plain.Clone()
	optional.ClientAuth = tls.VerifyClientCertIfGiven
	optional.ClientCAs = ca.Pool()
	strict := optional.Clone()
	strict.ClientAuth = tls.RequireAndVerifyClientCert
	optional.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
		if strings.EqualFold(hello.ServerName, strictHost) {
			return strict, nil
		}
		return nil, nil
	}
	return plain, optional, nil
}

func (l *Lab) writeTokens() error {
	l.TokenDir = filepath.Join(l.Dir, tokenDirName)
	if err := os.MkdirAll(l.TokenDir, 0o700); err != nil {
		return fmt.Errorf("creating %s: %w", l.TokenDir, err)
	}
	for name, tok := range map[string]string{
		"read.jwt":           l.tokens.Read,
		"write.jwt":          l.tokens.Write,
		"expired.jwt":        l.tokens.Expired,
		"foreign.jwt":        l.tokens.Foreign,
		"github.txt":         l.tokens.GitHub,
		"github-unknown.txt": l.tokens.GitHubUnknown,
	} {
		if err := writeFile(filepath.Join(l.TokenDir, name), []byte(tok+"\n"), 0o600); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes data and sets mode even when the file already existed.
func writeFile(path string, data []byte, mode os.FileMode) error {
	if err := os.WriteFile(path, data, mode); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(path, mode); err != nil {
		return fmt.Errorf("setting the mode of %s: %w", path, err)
	}
	return nil
}

// lockedWriter serialises log lines from concurrent requests.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

// maxBody bounds request bodies; the lab's routes need a few bytes.
const maxBody = 1 << 20

// middleware gives every response a Date from the lab's clock, bounds the
// body and logs one line per request.
func (l *Lab) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", l.now().UTC().Format(http.TimeFormat))
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		}
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if l.logw != nil {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
				if r.TLS.ServerName != "" {
					scheme += "(" + r.TLS.ServerName + ")"
				}
			}
			fmt.Fprintf(l.logw, "%s %s %s %s → %d\n", r.RemoteAddr, scheme, r.Method, r.URL.RequestURI(), status)
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
