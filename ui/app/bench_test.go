package app

import (
	"bytes"
	"strings"
	"testing"

	"github.com/why403/why403/probe"
)

// bigExchange is a 10 MiB JSON response.
func bigExchange(req probe.Request) probe.Exchange {
	ex := refused(req)
	var b bytes.Buffer
	b.WriteString(`[`)
	for b.Len() < 10<<20 {
		b.WriteString(`{"id":12345,"name":"a fairly ordinary order line","tags":["x","y"]},`)
	}
	b.WriteString(`{}]`)
	ex.Response.Body = b.Bytes()
	ex.Response.BodySize = int64(b.Len())
	return ex
}

// View with a 10 MiB response loaded: the goal is ≤ 5 ms a frame, since
// the body is formatted and wrapped once, not per frame.
func BenchmarkViewWith10MiBResponse(b *testing.B) {
	r := sampleRequest()
	m := testModel(b, &r, 120, 40)
	m = sendWith(b, m, bigExchange(r))
	if !strings.Contains(plain(m), "HTTP/1.1 401") {
		b.Fatal("the response is not shown")
	}
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// Typing stays instant with the big response loaded.
func BenchmarkKeystrokeWith10MiBResponse(b *testing.B) {
	r := sampleRequest()
	m := testModel(b, &r, 120, 40)
	m = sendWith(b, m, bigExchange(r))
	b.ResetTimer()
	for b.Loop() {
		m = step(b, m, keyMsg("x"))
		m = step(b, m, keyMsg("backspace"))
	}
}

// Switching response tabs with the big response loaded: each tab keeps its
// own viewport, so a switch reloads nothing.
func BenchmarkTabSwitchWith10MiBResponse(b *testing.B) {
	r := sampleRequest()
	m := testModel(b, &r, 120, 40)
	m = sendWith(b, m, bigExchange(r))
	m = press(b, m, "tab", "tab", "tab", "tab", "tab") // the response pane
	b.ResetTimer()
	for b.Loop() {
		m = step(b, m, keyMsg("right"))
		m = step(b, m, keyMsg("left"))
	}
}

// Resizing with the big response loaded: the one event whose cost grows
// with the body (the lines are wrapped again at the new width and the
// viewport measures them), once per resize, never per frame.
func BenchmarkResizeWith10MiBResponse(b *testing.B) {
	r := sampleRequest()
	m := testModel(b, &r, 120, 40)
	m = sendWith(b, m, bigExchange(r))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		m = step(b, m, sizeMsg(120+i%2, 40))
	}
}
