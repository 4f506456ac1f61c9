package probe

import "strings"

// LookupHeader is the first value of the header name in hs (any case),
// and whether there is one.
func LookupHeader(hs []Header, name string) (string, bool) {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value, true
		}
	}
	return "", false
}

// HeaderValue is the first value of the header name in hs (any case), ""
// when there is none.
func HeaderValue(hs []Header, name string) string {
	v, _ := LookupHeader(hs, name)
	return v
}
