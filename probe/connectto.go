package probe

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
)

// connectRule is one curl --connect-to HOST1:PORT1:HOST2:PORT2: a
// connection that would go to HOST1:PORT1 goes to HOST2:PORT2 instead,
// while the URL, the Host header and the TLS server name stay HOST1's. It
// is how a user asks "what does this one origin server say", bypassing
// DNS or a CDN in front of it. An empty HOST1 or PORT1 matches any; an
// empty HOST2 or PORT2 keeps the original.
type connectRule struct {
	fromHost, fromPort, toHost, toPort string
}

// parseConnectTo reads curl's syntax. IPv6 literals go in brackets.
func parseConnectTo(s string) (connectRule, error) {
	parts, err := splitHostPorts(s)
	if err != nil || len(parts) != 4 {
		return connectRule{}, errors.New("want HOST1:PORT1:HOST2:PORT2 (empty parts allowed, IPv6 in brackets)")
	}
	r := connectRule{fromHost: strings.ToLower(parts[0]), fromPort: parts[1], toHost: parts[2], toPort: parts[3]}
	for _, p := range []string{r.fromPort, r.toPort} {
		if p == "" {
			continue
		}
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return connectRule{}, fmt.Errorf("%q is not a port (1-65535)", p)
		}
	}
	return r, nil
}

// splitHostPorts splits on colons that are outside [brackets], and takes
// the brackets off.
func splitHostPorts(s string) ([]string, error) {
	var parts []string
	var cur strings.Builder
	depth := 0
	for _, c := range s {
		switch {
		case c == '[':
			depth++
		case c == ']':
			depth--
			if depth < 0 {
				return nil, errors.New("unbalanced ]")
			}
		case c == ':' && depth == 0:
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteRune(c)
		}
	}
	if depth != 0 {
		return nil, errors.New("unbalanced [")
	}
	return append(parts, cur.String()), nil
}

// connectTarget is the address to dial for host:port: the first rule that
// matches rewrites it (curl uses the first match too).
func connectTarget(rules []connectRule, host, port string) string {
	for _, r := range rules {
		if r.fromHost != "" && r.fromHost != strings.ToLower(host) || r.fromPort != "" && r.fromPort != port {
			continue
		}
		if r.toHost != "" {
			host = r.toHost
		}
		if r.toPort != "" {
			port = r.toPort
		}
		break
	}
	return net.JoinHostPort(host, port)
}

// ResolveToConnectTo turns curl's --resolve HOST:PORT:ADDR into the
// equivalent --connect-to rule, so that probe has one mechanism.
func ResolveToConnectTo(s string) (string, error) {
	parts, err := splitHostPorts(s)
	if err != nil || len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return "", fmt.Errorf("--resolve %q: want HOST:PORT:ADDRESS (IPv6 in brackets)", s)
	}
	addr := parts[2]
	if strings.Contains(addr, ":") {
		addr = "[" + addr + "]"
	}
	host := parts[0]
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return host + ":" + parts[1] + ":" + addr + ":" + parts[1], nil
}
