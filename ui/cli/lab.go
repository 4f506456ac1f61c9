package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/why403/why403/checks/lab"
	"github.com/why403/why403/ui/escape"
)

// runLab is `why403 lab`: serve the lab until interrupted, or list its
// scenarios with --list.
func runLab(ctx context.Context, args []string, env Env) int {
	fs := newFlagSet("why403 lab", env)
	httpAddr := fs.String("http", "127.0.0.1:0", "address of the plain HTTP listener (HTTP/1.1, h2c)")
	httpsAddr := fs.String("https", "127.0.0.1:0", "address of the HTTPS listener (no client certificate asked for)")
	mtlsAddr := fs.String("mtls", "127.0.0.1:0", "address of the mTLS listener (client certificate asked for)")
	dir := fs.String("dir", defaultLabDir(), "where to write the lab's CA, client certificates and tokens")
	list := fs.Bool("list", false, "print the scenarios and exit, without serving")
	asJSON := fs.Bool("json", false, "with --list: print a JSON array of {name, cause, args}")
	const help = "Usage: why403 lab [--http ADDR] [--https ADDR] [--mtls ADDR] [--dir DIR] [--list [--json]]\n\n" +
		"Runs a local server on 127.0.0.1 that reproduces each cause of refusal the way\n" +
		"real servers do, and prints a ready command for each scenario.\n\n"
	if code, done := parseFlags(fs, args, help, env); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(env, fmt.Sprintf("lab takes no arguments, got %q", fs.Arg(0)))
	}
	if *list {
		scenarios := lab.Catalogue(placeholderURL("http", *httpAddr), placeholderURL("https", *mtlsAddr), *dir)
		if *asJSON {
			return writeScenarioJSON(env, scenarios)
		}
		writeTable(env, scenarios)
		return ExitOK
	}
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		return usageError(env, escape.Line(fmt.Sprintf("creating lab directory: %v", err)))
	}
	l, err := lab.Start(lab.Options{HTTPAddr: *httpAddr, HTTPSAddr: *httpsAddr, MTLSAddr: *mtlsAddr, Dir: *dir})
	if err != nil {
		return usageError(env, escape.Line(fmt.Sprintf("starting the lab: %v", err)))
	}
	defer l.Close()
	fmt.Fprint(env.Stdout, labAddresses(l))
	fmt.Fprintf(env.Stdout, "CA and client certificates in %s\n\n", escape.Line(l.Dir))
	writeTable(env, l.Scenarios())
	fmt.Fprintln(env.Stdout, "\nctrl+c stops the lab.")
	<-ctx.Done()
	return ExitOK
}

// labAddresses names the lab's listeners and what each one does.
func labAddresses(l *lab.Lab) string {
	var b strings.Builder
	b.WriteString("why403 lab serving\n")
	for _, a := range [][2]string{
		{l.HTTPURL, "plain HTTP: HTTP/1.1, and h2c with --http2-prior-knowledge"},
		{l.HTTPSURL, "HTTPS, no client certificate asked for: HTTP/2 or HTTP/1.1"},
		{l.OptionalCertURL, "mTLS: a client certificate is asked for, verified when given"},
		{l.MTLSURL, "mTLS: a client certificate is required in the handshake"},
	} {
		fmt.Fprintf(&b, "  %-28s %s\n", a[0], a[1])
	}
	return b.String()
}

// writeTable prints the scenario table; it holds paths and arguments the
// user chose, so it goes through the sanitizer like everything else.
func writeTable(env Env, scenarios []lab.Scenario) {
	var b strings.Builder
	lab.FormatTable(&b, scenarios)
	fmt.Fprint(env.Stdout, escape.Text(b.String()))
}

type scenarioJSON struct {
	Name  string   `json:"name"`
	Cause string   `json:"cause"`
	Args  []string `json:"args"`
}

func writeScenarioJSON(env Env, scenarios []lab.Scenario) int {
	out := make([]scenarioJSON, 0, len(scenarios))
	for _, s := range scenarios {
		out = append(out, scenarioJSON{Name: s.Name, Cause: s.Cause, Args: s.Args})
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(env.Stderr, "why403: writing scenarios: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}

// placeholderURL is the base URL for --list: the given address, with PORT
// standing for a port that is only chosen when a lab starts.
func placeholderURL(scheme, addr string) string {
	host, port := "127.0.0.1", "PORT"
	if h, p, err := net.SplitHostPort(addr); err == nil && p != "0" && p != "" {
		host, port = h, p
	}
	return scheme + "://" + host + ":" + port
}

// defaultLabDir is a stable place for the lab's files, so that the printed
// commands keep working across restarts of the lab.
func defaultLabDir() string {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "why403", "lab")
}
