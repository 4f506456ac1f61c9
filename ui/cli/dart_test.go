package cli

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/why403/why403/probe/certgen"
	"github.com/why403/why403/ui/report"
)

// dartServer is example.com on loopback over TLS (a certificate from a
// generated CA): it records the header block of each request as it
// arrived, counts connections, and answers with answer(head).
type dartServer struct {
	addr   string
	caFile string
	conns  atomic.Int32
	heads  chan string
}

func startDartServer(t *testing.T, answer func(head string) string) *dartServer {
	t.Helper()
	ca, err := certgen.NewAuthority("why403 test CA")
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := ca.Server("example.com")
	if err != nil {
		t.Fatal(err)
	}
	s := &dartServer{caFile: filepath.Join(t.TempDir(), "ca.pem"), heads: make(chan string, 8)}
	if err := os.WriteFile(s.caFile, ca.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{leaf.TLS}, NextProtos: []string{"http/1.1"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	s.addr = ln.Addr().String()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			go func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				br := bufio.NewReader(c)
				var head bytes.Buffer
				length := 0
				for n := 0; n < 200; n++ {
					line, err := br.ReadString('\n')
					if err != nil {
						return
					}
					if line == "\r\n" {
						break
					}
					if v, ok := strings.CutPrefix(strings.ToLower(line), "content-length: "); ok {
						length, _ = strconv.Atoi(strings.TrimSpace(v))
					}
					head.WriteString(line)
				}
				body := make([]byte, min(length, 1<<16))
				if _, err := io.ReadFull(br, body); err != nil {
					return
				}
				s.heads <- head.String() + "\r\n" + string(body)
				resp := answer(head.String())
				c.Write([]byte(resp))
			}()
		}
	}()
	return s
}

func (s *dartServer) connectTo() string {
	_, port, _ := net.SplitHostPort(s.addr)
	return "example.com:443:127.0.0.1:" + port
}

func (s *dartServer) next(t *testing.T) (head, body string) {
	t.Helper()
	select {
	case got := <-s.heads:
		head, body, _ = strings.Cut(got, "\r\n\r\n")
		return head, body
	case <-time.After(10 * time.Second):
		t.Fatal("no request arrived")
	}
	return "", ""
}

func jsonAnswer(status string, body string) string {
	return "HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\nConnection: close\r\n\r\n" + body
}

func writeDart(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "call.dart")
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The snippet parses, its placeholder token is named before
// sending, and it arrives as Dart sends it: names lower-cased by dart:io,
// its own headers first, then the app's, HTTP/1.1, user-agent Dart/….
func TestDartSnippetArrivesAsDartSendsIt(t *testing.T) {
	s := startDartServer(t, func(string) string { return jsonAnswer("403 Forbidden", `{"message":"Forbidden"}`) })
	file := writeDart(t, `final response = await http.get(Uri.parse('https://example.com/api/resource'),
  headers: {'Authorization': 'Bearer YOUR_ACCESS_TOKEN', 'Content-Type': 'application/json'});`)
	_, out, errOut := run(t, "check", "--dart", file, "--connect-to", s.connectTo(), "--cacert", s.caFile, "--no-experiments", "--report", "json")
	if !strings.Contains(errOut, "YOUR_ACCESS_TOKEN") || !strings.Contains(errOut, "placeholder") {
		t.Errorf("the placeholder was not named before sending; stderr:\n%s", errOut)
	}
	head, _ := s.next(t)
	want := "GET /api/resource HTTP/1.1\r\n" +
		"host: example.com\r\n" +
		"accept-encoding: gzip\r\n" +
		"user-agent: Dart/3.9 (dart:io)\r\n" +
		"authorization: Bearer YOUR_ACCESS_TOKEN\r\n" +
		"content-type: application/json\r\n"
	if head+"\r\n" != want {
		t.Errorf("the header block arrived as\n%s\nwant\n%s", head, want)
	}
	var doc report.Document
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if len(doc.Likely) == 0 || doc.Likely[0] != "auth.malformed" {
		t.Errorf("likely %v, want auth.malformed (the placeholder) first", doc.Likely)
	}
}

// A name the snippet does not define stops with a usage error that lists
// it, and nothing is sent; --dart-var gives it.
func TestDartUnknownNamesAreAsked(t *testing.T) {
	s := startDartServer(t, func(string) string { return jsonAnswer("200 OK", `{}`) })
	file := writeDart(t, `final r = await http.get(Uri.parse('https://example.com/me'), headers: {'Authorization': 'Bearer ${auth.token}', 'X-Env': env});`)
	code, _, errOut := run(t, "check", "--dart", file, "--connect-to", s.connectTo(), "--cacert", s.caFile, "--no-experiments")
	if code != ExitUsage || !strings.Contains(errOut, "auth.token, env") || !strings.Contains(errOut, "--dart-var") {
		t.Errorf("exit %d, stderr %q: want a usage error naming auth.token and env", code, errOut)
	}
	if n := s.conns.Load(); n != 0 {
		t.Fatalf("%d connections were made before the names were given", n)
	}
	code, _, errOut = run(t, "check", "--dart", file, "--dart-var", "auth.token=9f8e7d6c5b4a3928", "--dart-var", "env=staging",
		"--connect-to", s.connectTo(), "--cacert", s.caFile, "--no-experiments")
	if code != ExitOK {
		t.Fatalf("exit %d with the names given: %s", code, errOut)
	}
	head, _ := s.next(t)
	if !strings.Contains(head, "\r\nauthorization: Bearer 9f8e7d6c5b4a3928\r\nx-env: staging") {
		t.Errorf("the values given did not arrive:\n%s", head)
	}
}

// A Dart String body goes as text/plain; charset=utf-8, and on a
// JSON-only endpoint the diagnosis is content.type, with the fix in Dart.
func TestDartStringBodyOnAJSONOnlyEndpoint(t *testing.T) {
	s := startDartServer(t, func(head string) string {
		if strings.Contains(strings.ToLower(head), "\ncontent-type: application/json") {
			return jsonAnswer("201 Created", `{"id":1}`)
		}
		return jsonAnswer("415 Unsupported Media Type", `{"error":"Content-Type must be application/json"}`)
	})
	file := writeDart(t, `import 'dart:convert';
import 'package:http/http.dart' as http;

Future<void> createItem() async {
  final res = await http.post(Uri.parse('https://example.com/api/items'),
      headers: {'Authorization': 'Bearer 9f8e7d6c5b4a39281706'},
      body: jsonEncode({'name': 'lamp', 'qty': 2}));
}`)
	for _, args := range [][]string{
		{"--dart", file},
		{"--client", "dart", "-H", "Authorization: Bearer 9f8e7d6c5b4a39281706", "-d", `{"name":"lamp","qty":2}`, "https://example.com/api/items"},
	} {
		args = append([]string{"check", "--connect-to", s.connectTo(), "--cacert", s.caFile, "--no-experiments", "--report", "json"}, args...)
		_, out, errOut := run(t, args...)
		head, body := s.next(t)
		if !strings.Contains(head, "\r\ncontent-type: text/plain; charset=utf-8") || body != `{"name":"lamp","qty":2}` {
			t.Errorf("%v: the body did not go as package:http sends a String:\n%s\n\n%s", args, head, body)
		}
		var doc report.Document
		if err := json.Unmarshal([]byte(out), &doc); err != nil {
			t.Fatalf("report: %v\n%s\n%s", err, out, errOut)
		}
		if len(doc.Likely) == 0 || doc.Likely[0] != "content.type" {
			t.Fatalf("likely %v, want content.type first", doc.Likely)
		}
		c := findCheck(doc, "content.type")
		if c == nil || !strings.Contains(c.Fix, "the http package's default for a String body") || !strings.Contains(c.Fix, "'Content-Type': 'application/json'") {
			t.Errorf("the fix is not given in Dart: %+v", c)
		}
	}
}
