package probe

import "strings"

// UpgradeRequested reports that a request asked to switch protocols (an
// Upgrade header with a value). A 101 answer to a request that did not is
// the server's doing, not an answer to the request.
func UpgradeRequested(hs []Header) bool {
	for _, h := range hs {
		if strings.EqualFold(h.Name, "Upgrade") && strings.TrimSpace(h.Value) != "" {
			return true
		}
	}
	return false
}
