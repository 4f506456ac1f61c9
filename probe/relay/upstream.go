package relay

import (
	"bufio"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/why403/why403/probe"
)

// upConn is the upstream connection paired with one client connection:
// requests of a kept-alive client connection go out on it in turn, and it
// is closed with the client's. Pairing them means a request is never
// written on a connection another client used, and the upstream sees the
// app's connection pattern.
type upConn struct {
	conn  *probe.Conn
	slow  *slowConn
	br    *bufio.Reader
	dial  probe.Exchange // what connecting learnt, for the first exchange
	used  int            // exchanges sent on it so far
	watch chan error     // the idle watcher's result, nil when none runs
	// h2 speaks HTTP/2 on conn (--http2, h2.go); nil for HTTP/1.1.
	h2 *http.ClientConn
}

func newUpConn(c *probe.Conn, ex probe.Exchange) *upConn {
	s := &slowConn{Conn: c.Conn}
	return &upConn{conn: c, slow: s, br: bufio.NewReaderSize(s, 32<<10), dial: ex}
}

// idle starts watching the connection between requests: a server that
// closes an idle connection is seen before the next request is written.
func (u *upConn) idle() {
	u.slow.perRead.Store(0)
	u.conn.SetReadDeadline(time.Time{})
	ch := make(chan error, 1)
	u.watch = ch
	go func() {
		_, err := u.br.Peek(1)
		ch <- err
	}()
}

// closedWhileIdle reports that the upstream closed the connection (or
// sent something unasked) while it was idle: it must not carry a request.
func (u *upConn) closedWhileIdle() bool {
	if u.h2 != nil {
		return u.h2.Err() != nil
	}
	if u.watch == nil {
		return false
	}
	select {
	case <-u.watch:
		u.watch = nil
		return true
	default:
		return false
	}
}

// settle waits for the idle watcher (the answer's first byte, or the
// error that ended the wait), so that only one goroutine reads.
func (u *upConn) settle() error {
	if u.watch == nil {
		return nil
	}
	err := <-u.watch
	u.watch = nil
	return err
}

func (u *upConn) close() {
	if u.h2 != nil {
		u.h2.Close()
	}
	u.conn.Close()
	if u.watch != nil {
		<-u.watch
		u.watch = nil
	}
}

// slowConn sets a read deadline before each read when perRead is set:
// the longest wait for the next bytes of a body (curl --speed-time).
type slowConn struct {
	net.Conn
	perRead atomic.Int64
}

func (s *slowConn) Read(p []byte) (int, error) {
	if d := time.Duration(s.perRead.Load()); d > 0 {
		s.Conn.SetReadDeadline(time.Now().Add(d))
	}
	return s.Conn.Read(p)
}
