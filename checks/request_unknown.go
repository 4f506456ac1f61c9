package checks

import "slices"

// requestReading are the causes judged from what the request held or
// lacked (a credential, a User-Agent, a body and its type, an Origin, a
// CSRF token, a signature, the Host).
var requestReading = []string{
	AuthMissing, AuthExpired, AuthMalformed, AuthInvalid, UserAgentRequired, ContentType,
	CSRF, CORSOrigin, SignatureMismatch, RedirectAuthDropped, HostMismatch, WAFBlock,
}

// notRecorded is the reason a request-reading check gives offline.
const notRecorded = "Not judged: the recording shows only the response, not the request"

// withoutRequestGuesses keeps, for a recording without its request, only
// what the response itself names: a request-reading finding stays when it
// fails as Named (an RFC 6750 error, a vendor code, a block page) and
// becomes a skip otherwise, since an unknown request would read as an
// empty one that lacks everything.
func withoutRequestGuesses(fs []Finding) []Finding {
	for i, f := range fs {
		if !slices.Contains(requestReading, f.ID) || f.Status == Fail && f.Strength == Named {
			continue
		}
		fs[i] = skip(f.ID, notRecorded)
	}
	return fs
}
