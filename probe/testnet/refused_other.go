//go:build !unix

package testnet

import (
	"net"
	"testing"
)

// refusedAddr without the unix socket calls: a listener opened and closed.
// Another listener can take the port before the test dials it.
func refusedAddr(t testing.TB, ip string) string {
	t.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		t.Skipf("testnet: no %s loopback here: %v", ip, err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
