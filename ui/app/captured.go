package app

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/checks"
	"github.com/why403/why403/probe"
	"github.com/why403/why403/ui/escape"
)

// Captured is an exchange someone else sent (the app behind the capture
// proxy), already judged: the app opens on it as on a send of its own,
// with the request in the editor, its checks, verdict and response.
type Captured struct {
	// Request is the request as it went to the upstream, with the
	// transport options a re-send needs (CA file, --connect-to, ...).
	Request  probe.Request
	Exchange probe.Exchange
	Report   checks.Report
	// At is when it was sent, the clock its checks were judged with.
	At time.Time
	// Label names it in the status line ("exchange #12 from the app").
	Label string
}

// captureState is what the app keeps of an opened capture.
type captureState struct {
	// from: the request in the editor came from a capture. The app sent
	// it already, so sending it again is a re-send: only GET, HEAD and
	// OPTIONS go without asking.
	from bool
	// consented lets the next send go once, after y.
	consented bool
	// cut says the request's body is only what the proxy kept of it
	// ("" when whole): a re-send sends that, not what the app sent.
	cut string
}

// openCaptured shows c as the last send: nothing is sent. Its tabs are
// formatted by the command it returns (a body of megabytes takes a
// second), as after a send: the loop, and ctrl+c, do not wait for them.
func (m *model) openCaptured(c Captured) tea.Cmd {
	m.closeDialog()
	m.loadFresh(c.Request)
	m.capture = captureState{from: true}
	if w := c.Exchange.Request; w.BodySize > int64(len(c.Request.Body)) {
		m.capture.cut = fmt.Sprintf("its body was cut to the first %s of %s", byteSize(int64(len(c.Request.Body))), byteSize(w.BodySize))
	}
	// the editor's request, so that the verdict is not stale at once
	req := m.req.Request()
	m.sendID++
	var waiting tabLines
	waiting.lines[tabResponse] = []string{"formatting the response…"}
	m.received(sentMsg{id: m.sendID, req: req, ex: c.Exchange, rep: c.Report, at: c.At,
		tabs: waiting, reveal: m.reveal})
	label := c.Label
	if label == "" {
		label = "a captured exchange"
	}
	note := "opened " + label + ": nothing was sent"
	if !checks.SafeMethod(req.Method) {
		note += " · " + keyName(m.keys.Send) + " asks before re-sending " + req.Method
	} else {
		note += " · " + keyName(m.keys.Send) + " re-sends it"
	}
	m.setNotice(note, false)
	// as Update does after an edit: the checks of the request in the
	// editor, then the report again since it is the one judged
	m.req.dirty = false
	m.preflight()
	m.refreshToken()
	m.markStale()
	// the exchange is there to be read: keys such as b (bisect) work at
	// once, and tab goes to the editor
	m.setFocus(paneResponse, false)
	m.layout()
	m.header = m.headerLine()
	return m.reformat()
}

// askResend is startSend's guard for a captured request: an unsafe
// method is re-sent only after y. It reports whether the send must wait.
func (m *model) askResend() bool {
	if !m.capture.from || checks.SafeMethod(m.req.Request().Method) {
		return false
	}
	if m.capture.consented {
		m.capture.consented = false
		return false
	}
	m.openDialog(resendDialog{})
	return true
}

// resendDialog asks before re-sending a captured unsafe request: y sends
// it once, n or esc does not.
type resendDialog struct{}

func (resendDialog) help() []key.Binding { return []key.Binding{dlgYes, dlgNo, dlgCancel} }

func (resendDialog) prompt(m model) string {
	method := escape.Line(m.req.Request().Method)
	if m.capture.cut != "" {
		// the question first: the line is cut at the window's width
		return m.styles.Warn.Render(fmt.Sprintf("Re-send this %s? y/n · %s", method, m.capture.cut))
	}
	return m.styles.Warn.Render(fmt.Sprintf("The app sent this %s already. Re-send it? y/n", method))
}

func (resendDialog) update(m *model, k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, dlgYes):
		m.closeDialog()
		m.capture.consented = true
		return m.startSend()
	case key.Matches(k, dlgNo), key.Matches(k, dlgCancel):
		m.closeDialog()
		m.setNotice("not sent", false)
	}
	return nil
}
