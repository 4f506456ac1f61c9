// Package testnet gives tests loopback addresses with a guarantee.
package testnet

import "testing"

// RefusedAddr returns "host:port" on the loopback ip ("127.0.0.1" or
// "::1") where every connection is refused for the rest of the test.
//
// Listening on port 0 and closing the listener is not enough: under
// parallel load another test's port-0 listener can take the port in
// between, and the test then talks to a stranger. Here the port stays
// bound (a socket with no listen) until t's cleanup, so nobody else can
// take it, and a connect to it is refused. A host without that loopback
// skips the test.
func RefusedAddr(t testing.TB, ip string) string {
	t.Helper()
	return refusedAddr(t, ip)
}
