package probe

import (
	"net"
	"net/netip"
	"syscall"
)

// awsMetadataV6 is the IPv6 address of AWS's instance metadata service; the
// IPv4 one, 169.254.169.254, is link-local like every cloud's.
var awsMetadataV6 = netip.MustParseAddr("fd00:ec2::254")

// isLinkLocal reports the addresses a redirect must not lead to without
// the user's word: link-local (169.254.0.0/16, fe80::/10), where cloud
// servers answer metadata requests with credentials, and AWS's IPv6
// metadata address. why403 runs on such servers, over SSH.
func isLinkLocal(host string) bool {
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	ip = ip.Unmap().WithZone("")
	return ip.IsLinkLocalUnicast() || ip == awsMetadataV6
}

// linkLocalRefusal is the message for a refused hop to host; addr, when
// not empty, is the address host resolved to.
func linkLocalRefusal(host, addr string) string {
	what := "a link-local/cloud metadata address"
	if addr != "" && addr != host {
		what = "it resolves to " + addr + ", " + what
	}
	return "refused to follow the redirect to " + host + ": " + what + "; pass --allow-link-local to follow it"
}

// errLinkLocalDial is returned by refuseLinkLocal.
type errLinkLocalDial struct{ addr string }

func (e *errLinkLocalDial) Error() string {
	return "refused to connect to the link-local address " + e.addr
}

// refuseLinkLocal is a net.Dialer Control for redirect hops: it sees the
// address about to be dialled, after name resolution, so a name that
// resolves to a metadata address is caught as well as a literal.
func refuseLinkLocal(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	if isLinkLocal(host) {
		return &errLinkLocalDial{addr: host}
	}
	return nil
}
