//go:build unix

package testnet

import (
	"errors"
	"net"
	"strconv"
	"syscall"
	"testing"
)

func refusedAddr(t testing.TB, ip string) string {
	t.Helper()
	addr := net.ParseIP(ip)
	if addr == nil || !addr.IsLoopback() {
		t.Fatalf("testnet: %q is not a loopback IP", ip)
	}
	family, sa := syscall.AF_INET6, syscall.Sockaddr(&syscall.SockaddrInet6{Addr: [16]byte(addr.To16())})
	if v4 := addr.To4(); v4 != nil {
		family, sa = syscall.AF_INET, &syscall.SockaddrInet4{Addr: [4]byte(v4)}
	}
	// under ForkLock and close-on-exec: a child process of another test
	// must not inherit the socket and keep the port past this test
	syscall.ForkLock.RLock()
	fd, err := syscall.Socket(family, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		skipOrFail(t, ip, "socket", err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	// no SO_REUSEADDR and no listen: nobody else can bind the port, and
	// the kernel answers a SYN to it with a reset
	if err := syscall.Bind(fd, sa); err != nil {
		skipOrFail(t, ip, "bind", err)
	}
	got, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatalf("testnet: getsockname on %s: %v", ip, err)
	}
	var port int
	switch got := got.(type) {
	case *syscall.SockaddrInet4:
		port = got.Port
	case *syscall.SockaddrInet6:
		port = got.Port
	}
	return net.JoinHostPort(ip, strconv.Itoa(port))
}

func skipOrFail(t testing.TB, ip, step string, err error) {
	t.Helper()
	if errors.Is(err, syscall.EAFNOSUPPORT) || errors.Is(err, syscall.EADDRNOTAVAIL) {
		t.Skipf("testnet: no %s loopback here: %s: %v", ip, step, err)
	}
	t.Fatalf("testnet: %s on %s: %v", step, ip, err)
}
