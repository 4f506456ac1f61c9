// Command barestack is the baseline of `why403 --version` in .ci/bench: a
// program that links what why403 cannot start without (net/http,
// crypto/tls and the Charm stack: Bubble Tea, Lip Gloss and the Bubbles
// the app uses), runs their package initialisation and prints a version.
// Whatever why403 takes beyond this at start is its own.
package main

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"os"

	_ "charm.land/bubbles/v2/help"
	_ "charm.land/bubbles/v2/key"
	_ "charm.land/bubbles/v2/spinner"
	_ "charm.land/bubbles/v2/textarea"
	_ "charm.land/bubbles/v2/textinput"
	_ "charm.land/bubbles/v2/viewport"
	_ "charm.land/bubbletea/v2"
	_ "charm.land/lipgloss/v2"
)

// keep ties the two standard packages into the binary, as why403's sending does.
var keep = []any{http.DefaultClient, tls.VersionTLS13}

func main() {
	fmt.Fprintln(os.Stdout, "barestack 0.1.0", len(keep))
}
