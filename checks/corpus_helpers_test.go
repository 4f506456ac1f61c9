package checks_test

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/why403/why403/probe"
	"github.com/why403/why403/probe/certgen"
)

// realCase is one recorded refusal of testdata/real (format in its
// README.md).
type realCase struct {
	file    string
	fields  map[string]string // vendor, expect, source, note, gap
	method  string
	url     *url.URL
	headers []probe.Header
	body    []byte
	status  string // the recorded status line
	respHdr []probe.Header
	respBod []byte
}

// loadRealCase reads one corpus file, failing on anything malformed so
// that a bad recording is noticed rather than silently scored.
func loadRealCase(path string) (*realCase, error) {
	a, err := txtar.ParseFile(path)
	if err != nil {
		return nil, err
	}
	c := &realCase{file: filepath.Base(path), fields: map[string]string{}}
	for _, line := range strings.Split(string(a.Comment), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(k, " ") {
			c.fields[strings.TrimSpace(k)] += strings.TrimSpace(v)
		}
	}
	for _, k := range []string{"vendor", "expect", "source"} {
		if c.fields[k] == "" {
			return nil, fmt.Errorf("no %q line", k)
		}
	}
	var req, resp []byte
	for _, f := range a.Files {
		switch f.Name {
		case "request":
			req = f.Data
		case "response":
			resp = f.Data
		default:
			return nil, fmt.Errorf("unknown section %q", f.Name)
		}
	}
	if req == nil || resp == nil {
		return nil, fmt.Errorf("want a request and a response section")
	}
	first, hdr, body := splitMessage(req)
	parts := strings.Fields(first)
	if len(parts) < 2 {
		return nil, fmt.Errorf("request line %q: want METHOD URL", first)
	}
	c.method = parts[0]
	if c.url, err = url.Parse(parts[1]); err != nil || c.url.Host == "" {
		return nil, fmt.Errorf("request line %q: want an absolute URL", first)
	}
	c.headers, c.body = hdr, body
	c.status, c.respHdr, c.respBod = splitMessage(resp)
	if !strings.HasPrefix(c.status, "HTTP/") {
		return nil, fmt.Errorf("status line %q: want HTTP/...", c.status)
	}
	return c, nil
}

// splitMessage splits a recorded HTTP message into its first line, its
// headers and its body. The body loses the one newline txtar adds.
func splitMessage(b []byte) (first string, headers []probe.Header, body []byte) {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	head, body, _ := bytes.Cut(b, []byte("\n\n"))
	body = bytes.TrimSuffix(body, []byte("\n"))
	lines := strings.Split(string(head), "\n")
	first = strings.TrimSpace(lines[0])
	for _, l := range lines[1:] {
		if name, value, ok := strings.Cut(l, ":"); ok {
			headers = append(headers, probe.Header{Name: strings.TrimSpace(name), Value: strings.TrimSpace(value)})
		}
	}
	return first, headers, body
}

// statusCode reads the code from "HTTP/1.1 403 Forbidden" or "HTTP/2 403".
func (c *realCase) statusCode() (int, error) {
	parts := strings.Fields(c.status)
	if len(parts) < 2 {
		return 0, fmt.Errorf("status line %q has no code", c.status)
	}
	return strconv.Atoi(parts[1])
}

// wire is the response as the replay server sends it: the recorded status
// and headers, framed again for the recorded body (README.md says how).
func (c *realCase) wire() ([]byte, error) {
	code, err := c.statusCode()
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	status := c.status
	if parts := strings.Fields(status); parts[0] != "HTTP/1.1" && parts[0] != "HTTP/1.0" || len(parts) == 2 {
		status = fmt.Sprintf("HTTP/1.1 %d %s", code, http.StatusText(code))
	}
	b.WriteString(status + "\r\n")
	for _, h := range c.respHdr {
		switch strings.ToLower(h.Name) {
		case "content-length", "transfer-encoding", "content-encoding", "connection":
			continue
		}
		fmt.Fprintf(&b, "%s: %s\r\n", h.Name, h.Value)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\nConnection: close\r\n\r\n", len(c.respBod))
	b.Write(c.respBod)
	return b.Bytes(), nil
}

// recordedNow is the exchange's time: the recorded Date, else now.
func (c *realCase) recordedNow() time.Time {
	for _, h := range c.respHdr {
		if strings.EqualFold(h.Name, "Date") {
			if t, err := http.ParseTime(h.Value); err == nil {
				return t
			}
		}
	}
	return time.Now()
}

// probeRequest is the recorded request, pointed at addr by --connect-to so
// that URL, Host and TLS name stay the recorded ones.
func (c *realCase) probeRequest(addr, caFile string) probe.Request {
	r := probe.NewRequest(c.url.String())
	r.Method = c.method
	defaults := r.Headers
	r.Headers = nil
	for _, h := range c.headers {
		switch strings.ToLower(h.Name) {
		case "content-length", "transfer-encoding", "connection":
			continue
		case "host":
			if strings.EqualFold(h.Value, c.url.Host) {
				continue // probe writes it from the URL
			}
		}
		r.Headers = append(r.Headers, unredact(h))
	}
	// The defaults a request built by why403 carries (User-Agent, Accept)
	// only where the recording did not say.
	for _, d := range defaults {
		if _, ok := r.Header(d.Name); !ok {
			r.Headers = append(r.Headers, d)
		}
	}
	if len(c.body) > 0 {
		r.Body = c.body
	}
	host := c.url.Hostname()
	port := c.url.Port()
	if port == "" {
		port = map[string]string{"https": "443", "http": "80"}[c.url.Scheme]
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	r.ConnectTo = []string{host + ":" + port + ":" + addr}
	r.TLS.CAFile = caFile
	r.Timeouts.Total = 10 * time.Second
	return r
}

// replayServer answers every connection with one recorded response, over
// TLS for https URLs (a certificate for the recorded host, signed by a CA
// written to caFile). It serves until the test ends.
func replayServer(t testing.TB, c *realCase, ca *certgen.Authority, caFile string) (addr string) {
	t.Helper()
	resp, err := c.wire()
	if err != nil {
		t.Fatalf("%s: %v", c.file, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
	if c.url.Scheme == "https" {
		leaf, err := ca.Server(c.url.Hostname())
		if err != nil {
			t.Fatalf("server certificate: %v", err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{leaf.TLS}, NextProtos: []string{"http/1.1"}})
	}
	go func() {
		for range 8 { // a replay needs one connection; bound it anyway
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go serveRecorded(conn, resp)
		}
	}()
	return ln.Addr().String()
}

// serveRecorded reads one request (head and Content-Length body) and
// writes the recorded response.
func serveRecorded(conn net.Conn, resp []byte) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)
	req, err := http.ReadRequest(br)
	if err != nil {
		return
	}
	io.Copy(io.Discard, io.LimitReader(req.Body, 1<<20))
	conn.Write(resp)
}

// writeCA stores the CA certificate for probe's --cacert.
func writeCA(t testing.TB, ca *certgen.Authority) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, ca.CertPEM, 0o600); err != nil {
		t.Fatalf("writing the CA: %v", err)
	}
	return path
}

// unredact stands a well-formed credential in for one the source hid
// ("Authorization: Basic <redacted>"): the source says a credential of that
// scheme was sent, and a placeholder that is not valid base64 would make a
// malformed credential of what was not one.
func unredact(h probe.Header) probe.Header {
	if !probe.IsCredentialHeader(h.Name) {
		return h
	}
	scheme, value, ok := strings.Cut(h.Value, " ")
	if !ok || !strings.EqualFold(h.Name, "Authorization") && !strings.EqualFold(h.Name, "Proxy-Authorization") {
		// an API-key header: the whole value is the secret
		if isRedacted(h.Value) {
			h.Value = "redacted0key0value"
		}
		return h
	}
	if !isRedacted(value) {
		return h
	}
	switch strings.ToLower(scheme) {
	case "basic":
		h.Value = scheme + " " + base64.StdEncoding.EncodeToString([]byte("redacted:redacted"))
	default:
		h.Value = scheme + " redacted0token0value"
	}
	return h
}

// isRedacted: how the sources write a hidden value.
func isRedacted(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return v == "<redacted>" || v == "[redacted]" || v == "redacted" || v == "<token>" || strings.Trim(v, "x*.") == "" ||
		strings.Contains(v, "****") // masked with the prefix kept: xoxp-********
}

// corpusReplaySetup lists the corpus's files and makes the CA its replay
// servers' certificates come from, written to a file the probe trusts.
func corpusReplaySetup(tb testing.TB) (files []string, ca *certgen.Authority, caFile string) {
	tb.Helper()
	files, err := filepath.Glob("testdata/real/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus files in testdata/real: %v", err)
	}
	ca, err = certgen.NewAuthority("why403 corpus replay CA")
	if err != nil {
		tb.Fatal(err)
	}
	return files, ca, writeCA(tb, ca)
}
