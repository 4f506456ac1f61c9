// Package probe sends one HTTP request and records everything about the
// exchange: the request as it went on the wire, the response, the redirect
// chain, timings, TLS facts and a classified error. It is the only package
// of why403 that does network I/O, and it imports nothing else of ours.
package probe
