package reqdiff

import (
	"strings"

	"github.com/why403/why403/checks/cause"
)

// transport compares how the requests travel: never a unit, since bisect
// changes only what the request says, not the way it goes.
func (c *comparer) transport(a, b Side) {
	add := func(name, va, vb string, causes []string) {
		if va == vb {
			return
		}
		c.add(Item{Group: GroupTransport, Kind: kindOf(va != "", vb != ""), Name: name, A: va, B: vb, Causes: causes, Unit: -1})
	}
	version := func(s Side, v string) string {
		switch {
		case s.Proto != "":
			return s.Proto + " (recorded)"
		case v == "":
			return "negotiated"
		}
		return "HTTP/" + v
	}
	add("HTTP version", version(a, c.a.HTTPVersion), version(b, c.b.HTTPVersion), []string{cause.WAFBlock})
	add("client certificate", c.a.TLS.CertFile, c.b.TLS.CertFile, []string{cause.TLSClientCert})
	add("proxy", c.ra.URL(c.a.Proxy), c.rb.URL(c.b.Proxy), []string{cause.ProxyDenied, cause.IPAllowlist})
	add("connect to", strings.Join(c.a.ConnectTo, ", "), strings.Join(c.b.ConnectTo, ", "), []string{cause.HostMismatch})
	// recorded only: both must say, or the difference means nothing
	if a.RemoteAddr != "" && b.RemoteAddr != "" {
		add("server address", a.RemoteAddr, b.RemoteAddr, []string{cause.HostMismatch, cause.ProxyDenied})
	}
}
