package app

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/why403/why403/probe"
)

// A Dart http call pasted into the import box (ctrl+p) is read as Dart
// sends it: its URL, its headers as dart:io writes them, Dart's
// User-Agent; nothing in it is run.
func TestImportBoxReadsADartCall(t *testing.T) {
	start := probe.NewRequest("https://old.example.com/")
	m := testModel(t, &start, 120, 40)
	m = press(t, m, "ctrl+p")
	const dart = `final response = await http.get(Uri.parse('https://api.example.com/v1/items'),
  headers: {'Authorization': 'Bearer abc.def.ghi', 'X-App-Version': '2.1'});`
	m, _ = importing(t, m, tea.PasteMsg{Content: dart})
	m, imported := importing(t, m, keyMsg("enter"))
	if !imported {
		t.Fatalf("enter did not import the Dart call: %q", m.notice)
	}
	req := m.req.Build()
	if req.Method != "GET" || req.URL != "https://api.example.com/v1/items" {
		t.Fatalf("imported %s %s", req.Method, req.URL)
	}
	ua, _ := probe.LookupHeader(req.EffectiveHeaders(), "User-Agent")
	if !strings.HasPrefix(ua, "Dart/") {
		t.Errorf("User-Agent %q, want Dart's", ua)
	}
	if v, ok := probe.LookupHeader(req.EffectiveHeaders(), "x-app-version"); !ok || v != "2.1" {
		t.Errorf("the app's header is missing: %v", req.EffectiveHeaders())
	}
	if !strings.Contains(m.notice, "Dart call") {
		t.Errorf("the status line does not say a Dart call was imported: %q", m.notice)
	}
}

// A name the pasted code does not define is named, and nothing is
// imported: the box stays open to put its value in.
func TestImportBoxNamesWhatTheDartCodeDoesNotDefine(t *testing.T) {
	start := probe.NewRequest("https://old.example.com/")
	m := testModel(t, &start, 120, 40)
	m = press(t, m, "ctrl+p")
	m, _ = importing(t, m, tea.PasteMsg{Content: `http.get(Uri.parse('https://api.example.com/'), headers: {'Authorization': 'Bearer $token'});`})
	m, _ = importing(t, m, keyMsg("enter"))
	if !isOpen[importDialog](m) {
		t.Fatal("the import box closed")
	}
	if !strings.Contains(m.notice, "token") || !strings.Contains(m.notice, "Dart call not imported") {
		t.Errorf("status %q: want the undefined name named", m.notice)
	}
	if m.req.Build().URL != "https://old.example.com/" {
		t.Error("the request changed")
	}
}
