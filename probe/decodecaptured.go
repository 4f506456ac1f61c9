package probe

import (
	"bytes"
	"errors"
	"io"
	"net/http"
)

// DecodeCaptured decodes a response body kept as it came on the wire (the
// capture proxy keeps the first bytes of what it forwarded), so that the
// checks read text, as they do after Send. At most max decoded bytes are
// kept; a body cut by the capture's cap decodes as far as it goes. It
// sets Body, WireSize and ContentEncoding, or DecodeError.
func DecodeCaptured(r *Response, max int64) {
	h := http.Header{}
	for _, x := range r.Headers {
		h.Add(x.Name, x.Value)
	}
	encs := contentEncodings(h)
	if len(encs) == 0 || len(r.Body) == 0 {
		return
	}
	dec, closeAll, err := decoder(encs, bytes.NewReader(r.Body))
	defer closeAll()
	if err != nil {
		r.DecodeError = err.Error()
		return
	}
	kept, total, _, err := keepCapped(dec, max, max)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && len(kept) == 0 {
		r.DecodeError = err.Error()
		return
	}
	r.WireSize = r.BodySize
	r.ContentEncoding = encs[len(encs)-1]
	r.Body = kept
	if !r.Truncated {
		r.BodySize = total
	}
	r.Truncated = r.Truncated || int64(len(kept)) < total
}
