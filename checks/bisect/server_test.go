package bisect

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// rawServer is a loopback HTTP/1.1 server that records the raw header
// block of every request it reads, counts them, and answers with what
// decide says. Each connection serves one request and closes.
type rawServer struct {
	ln     net.Listener
	mu     sync.Mutex
	blocks []string
	decide func(n int, block string) (status int, extra string)
	wg     sync.WaitGroup
}

func startRaw(t *testing.T, decide func(n int, block string) (int, string)) *rawServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &rawServer{ln: ln, decide: decide}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *rawServer) URL(path string) string { return "http://" + s.ln.Addr().String() + path }

func (s *rawServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			s.handle(c)
		}()
	}
}

func (s *rawServer) handle(c net.Conn) {
	c.SetDeadline(time.Now().Add(5 * time.Second))
	r := bufio.NewReader(c)
	var block bytes.Buffer
	for block.Len() < 64<<10 {
		line, err := r.ReadString('\n')
		block.WriteString(line)
		if err != nil || line == "\r\n" || line == "\n" {
			break
		}
	}
	// a body, by Content-Length, bounded
	if n := contentLength(block.String()); n > 0 && n < 1<<20 {
		buf := make([]byte, n)
		_, _ = io.ReadFull(r, buf)
	}
	s.mu.Lock()
	s.blocks = append(s.blocks, block.String())
	n := len(s.blocks)
	s.mu.Unlock()
	status, extra := s.decide(n, block.String())
	body := fmt.Sprintf("status %d\n", status)
	fmt.Fprintf(c, "HTTP/1.1 %d X\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n%s\r\n%s", status, len(body), extra, body)
}

func (s *rawServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.blocks...)
}

func contentLength(block string) int {
	for _, line := range strings.Split(block, "\r\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "content-length") {
			var n int
			fmt.Sscan(strings.TrimSpace(v), &n)
			return n
		}
	}
	return 0
}

// header is the value of the first header named name in a raw block.
func header(block, name string) (string, bool) {
	for _, line := range strings.Split(block, "\r\n")[1:] {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}
