package testnet

import (
	"errors"
	"net"
	"syscall"
	"testing"
	"time"
)

// While the reservation is held nobody can listen on the port and a dial
// is refused.
func TestRefusedAddrHoldsThePort(t *testing.T) {
	for _, ip := range []string{"127.0.0.1", "::1"} {
		t.Run(ip, func(t *testing.T) {
			addr := RefusedAddr(t, ip)
			if ln, err := net.Listen("tcp", addr); err == nil {
				ln.Close()
				t.Fatalf("net.Listen on %s succeeded while it is reserved", addr)
			}
			for range 3 {
				c, err := net.DialTimeout("tcp", addr, 2*time.Second)
				if err == nil {
					c.Close()
					t.Fatalf("a dial to %s connected", addr)
				}
				if !errors.Is(err, syscall.ECONNREFUSED) {
					t.Fatalf("a dial to %s: %v, want connection refused", addr, err)
				}
			}
		})
	}
}
