package cli

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe/relay"
	"github.com/why403/why403/ui/app"
)

// runList serves the proxy while the capture list (ui/app) shows its
// exchanges; quitting the list stops the proxy, as ctrl+c does.
func (s *proxySession) runList(ctx context.Context, srv *relay.Server, ln net.Listener, title string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx, ln) }()
	opts := app.CaptureOptions{Feed: s.feed, Title: title, App: app.Options{Reveal: s.opts.Reveal, TokenEnv: s.opts.Token.Env}}
	lerr := app.RunCapture(ctx, opts)
	cancel()
	err := <-served
	if lerr != nil {
		fmt.Fprintln(s.env.Stderr, "why403: "+lerr.Error())
	}
	return err
}

// listItem is a judged exchange as the list shows it and the app opens
// it: the request as forwarded, with the proxy's transport options so
// that a re-send (the user's act, with its consent rules) goes where the
// proxy's requests go, over the HTTP version they went with.
func (s *proxySession) listItem(c *relay.Capture, rep checks.Report, notes []string) app.CaptureItem {
	req := c.Request
	b := s.base
	req.SetConnection(b)
	req.MaxBodyBytes, req.SecretHeaders = b.MaxBodyBytes, b.SecretHeaders
	if req.HTTPVersion == "" {
		req.HTTPVersion = "1.1"
	}
	ex := c.Exchange
	ex.Warnings = append(append([]string{}, notes...), ex.Warnings...)
	if w := c.Exchange.Request; w.BodySize > int64(len(w.Body)) {
		ex.Warnings = append(ex.Warnings, fmt.Sprintf("the request body was %d bytes; the first %d were kept, and a re-send sends only those", w.BodySize, len(w.Body)))
	}
	target := c.Exchange.Request.URL
	if target == "" && s.up != nil {
		target = strings.TrimPrefix(req.URL, s.up.String())
	}
	label := fmt.Sprintf("exchange #%d from the app", c.ID)
	return app.CaptureItem{ID: c.ID, Start: c.Start, End: c.End, Target: target, Answered: c.Answered, Notes: notes,
		Captured: app.Captured{Request: req, Exchange: ex, Report: rep, At: c.Start, Label: label}}
}

// unjudgedItem is an exchange judging had no room for, as the list shows
// it: not judged, and judged when the user opens it.
func (s *proxySession) unjudgedItem(c *relay.Capture) app.CaptureItem {
	it := s.listItem(c, checks.Report{}, nil)
	it.Judge = func() app.CaptureItem {
		rep, notes := s.judgeCapture(c)
		return s.listItem(c, rep, notes)
	}
	return it
}
