package lab

import (
	"io"
	"net"
	"sync"
	"time"
)

// lingerTime bounds how long a closing connection drains what the client
// still sends.
const lingerTime = 500 * time.Millisecond

// lingerListener closes connections as nginx's lingering close does: send
// FIN, read and discard what the client still sends for a moment, then
// close. A plain close with unread data makes the kernel answer with a
// reset, which can destroy the last thing the server sent before the
// client reads it; for a refused TLS handshake that is the alert
// ("certificate required") the client must see, since in TLS 1.3 the
// client has already sent its first request when the alert arrives.
type lingerListener struct {
	net.Listener
}

func (l lingerListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tcp, ok := c.(*net.TCPConn)
	if !ok {
		return c, nil
	}
	return &lingerConn{TCPConn: tcp}, nil
}

type lingerConn struct {
	*net.TCPConn
	once sync.Once
	err  error
}

// Close lingers on the caller's goroutine, so that a server's shutdown,
// which waits for its connections, also waits for the lingering.
func (c *lingerConn) Close() error {
	c.once.Do(func() {
		if err := c.TCPConn.CloseWrite(); err == nil {
			c.TCPConn.SetReadDeadline(time.Now().Add(lingerTime))
			io.Copy(io.Discard, io.LimitReader(c.TCPConn, 256<<10))
		}
		c.err = c.TCPConn.Close()
	})
	return c.err
}
