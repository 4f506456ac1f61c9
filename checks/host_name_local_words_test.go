package checks

import "testing"

// A server that checks the request's host name says it is invalid:
// host.mismatch, first, even to a request that carried no credential (a
// 400 or 403 without a challenge is no evidence of a missing one).
// Vendors: the Windows HTTP Server API (HTTP.sys, plain text as a client
// prints it), ASP.NET Core's host filtering (the same words in its HTML
// page), Duplicati's host check (403 "Invalid hostname").
func TestHostNameInvalidWordsAreHostMismatch(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		ctype  string
	}{
		{"HTTP.sys", 400, "Bad Request - Invalid Hostname\nHTTP Error 400. The request hostname is invalid.", "text/plain"},
		{"ASP.NET Core host filtering", 400, "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\"\"http://www.w3.org/TR/html4/strict.dtd\">\r\n<HTML><HEAD><TITLE>Bad Request</TITLE>\r\n<META HTTP-EQUIV=\"Content-Type\" Content=\"text/html; charset=us-ascii\"></ HEAD >\r\n<BODY><h2>Bad Request - Invalid Hostname</h2>\r\n<hr><p>HTTP Error 400. The request hostname is invalid.</p>\r\n</BODY></HTML>", "text/html"},
		{"Duplicati", 403, "Invalid hostname", "text/plain"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("http://203.0.113.10:9000/"), resp(c.status, c.body, "Content-Type: "+c.ctype)))
			if len(rep.Likely) == 0 || rep.Likely[0] != HostMismatch {
				t.Fatalf("likely %v, want host.mismatch first\n%s", rep.Likely, reportText(rep))
			}
		})
	}
}

// What guards against server-side request forgery say of a URL the
// request names, and a client host refused, are no host-name check.
func TestHostNameOfAnotherThingIsNoHostMismatch(t *testing.T) {
	for _, text := range []string{
		"image_url hostname is not allowed",
		"Hostname is not allowed",
		"Invalid hostname in webhook URL",
		"Host client.example.org is not allowed",
	} {
		for _, h := range readWords(lexWords(text), 400) {
			if h.m.Cause == HostMismatch {
				t.Errorf("%q read as %s (%s)", text, h.m.Cause, h.m.Class)
			}
		}
	}
}

// A server that answers only its own machine or network refuses where the
// request comes from: ip.allowlist, before the anonymous default. Vendors:
// SAP Business One's integration server (remote clients), XAMPP's
// "New XAMPP security concept" page (local network), Bitnami's phpMyAdmin
// (localhost only).
func TestLocalClientsOnlyWordsAreIPAllowlist(t *testing.T) {
	cases := []struct {
		name, body string
	}{
		{"SAP B1iP", "SAP B1iP detected an error: 403 - Forbidden\nInternal Reason: XCL198 HTTP-access currently not allowed from remote clients, as B1iP runs in local-mode or safe-mode."},
		{"XAMPP", "<html><head><title>Access forbidden!</title></head><body><h1>Access forbidden!</h1><p>New XAMPP security concept:</p><p>Access to the requested directory is only available from the local network.</p><p>This setting can be configured in the file \"httpd-xampp.conf\".</p></body></html>"},
		{"Bitnami", "For security reasons, this URL is only accessible using localhost (127.0.0.1) as the hostname."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("http://192.0.2.20/phpmyadmin/"), resp(403, c.body)))
			if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
				t.Fatalf("likely %v, want ip.allowlist first\n%s", rep.Likely, reportText(rep))
			}
		})
	}
	// A Host check that names localhost is the Host's, not the client's.
	for _, text := range []string{
		"Blocking request with non-local 'Host' localhost (localhost:52620). If the server should be accessible at that name, set ServerApp.allow_remote_access to disable the check.",
		"only localhost origin is allowed",
	} {
		for _, h := range readWords(lexWords(text), 403) {
			if h.m.Cause == IPAllowlist {
				t.Errorf("%q read as %s (%s)", text, h.m.Cause, h.m.Class)
			}
		}
	}
}

// A refusal of the network an address belongs to (a cloud or data-center
// range) is of the address: ip.allowlist. Vendors: CIDRAM's block report,
// Prosopo's traffic filter code.
func TestNetworkOwnerBlockIsIPAllowlist(t *testing.T) {
	cases := []struct{ name, body string }{
		{"CIDRAM", "ID: 3562\nScript Version: CIDRAM v1.5.0\nDate/Time: Wed, 21 Mar 2018 19:59:23 +0530\nIP Address: 139.59.27.59\n" +
			"Referrer: https://static.example.com/favicon.ico\nSignatures Count: 1\nSignatures Reference: 139.59.0.0/16\n" +
			"Why Blocked: Cloud service (\"Digital Ocean, Inc\", L3929:F0, [US])!\n" +
			"User Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/65.0.3325.181 Safari/537.36\n" +
			"Reconstructed URI: https://static.example.com/favicon.ico\nreCAPTCHA State: Failed!"},
		{"Prosopo", `{"error":{"code":"API.DATACENTER_BLOCKED","message":"API.DATACENTER_BLOCKED"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("https://static.example.com/favicon.ico"), resp(403, c.body)))
			if len(rep.Likely) == 0 || rep.Likely[0] != IPAllowlist {
				t.Fatalf("likely %v, want ip.allowlist first\n%s", rep.Likely, reportText(rep))
			}
		})
	}
	// The edge a CDN's page names is no blocked network.
	for _, h := range readWords(lexWords("Access denied. Error code 1020. Data center: hkg10. Timestamp: 2023-03-06"), 403) {
		if h.m.Class == "network owner" {
			t.Errorf("a CDN's data center line read as %s", h.m.Class)
		}
	}
}

// A framework's host check that names the host refused: host.mismatch.
// Vendors: Rails' host authorization, Play's allowed-hosts filter, Go's
// net/http refusing a malformed Host header.
func TestHostRefusedWordsAreHostMismatch(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
	}{
		{"Rails 6", 403, "Blocked host: dev.example.com\nTo allow requests to dev.example.com, add the following to your environment configuration:\n    config.hosts << \"dev.example.com\""},
		{"Rails 7", 403, "Blocked hosts: dev.example.com\nTo allow requests to these hosts, make sure they are valid hostnames (containing only numbers, letters, dashes and dots), then add the following to your environment configuration:\n\n    config.hosts << \"dev.example.com\""},
		{"Play", 400, "Host not allowed: dev.example.com"},
		{"Go net/http", 400, "400 Bad Request: malformed Host header"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get("http://dev.example.com:3000/"), resp(c.status, c.body, "Content-Type: text/plain; charset=utf-8")))
			if len(rep.Likely) == 0 || rep.Likely[0] != HostMismatch {
				t.Fatalf("likely %v, want host.mismatch first\n%s", rep.Likely, reportText(rep))
			}
		})
	}
	for _, text := range []string{
		"Host 'client.example.org' is not allowed to connect to this MySQL server",
		"Webhook URL host not allowed",
	} {
		for _, h := range readWords(lexWords(text), 403) {
			if h.m.Cause == HostMismatch {
				t.Errorf("%q read as %s (%s)", text, h.m.Cause, h.m.Class)
			}
		}
	}
}
