package lab

import (
	"fmt"
	"net/http"
)

// F5 BIG-IP ASM.

// f5 is an application behind an ASM policy in blocking mode: a violation
// gets the blocking page with status 200.
func (l *Lab) f5(w http.ResponseWriter, r *http.Request) {
	found, err := inspect(r)
	if err != nil {
		http.Error(w, "reading the request: "+err.Error(), http.StatusBadRequest)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	if found.Kind == "" {
		writeText(w, http.StatusOK, "text/plain; charset=utf-8", "comment stored\n")
		return
	}
	w.Header().Set("Connection", "close")
	writeText(w, http.StatusOK, "text/html; charset=utf-8", fmt.Sprintf(`<html><head><title>Request Rejected</title></head>
<body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: %s</body></html>
`, randomDigits(19)))
}
