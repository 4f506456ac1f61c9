package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteJSONLine writes v as one compact JSON object on one line (JSON
// Lines, for a stream such as the proxy's), inert on a terminal as
// WriteJSON's output is.
func WriteJSONLine(w io.Writer, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encoding JSON line: %w", err)
	}
	raw = append(jsonInert(raw), '\n')
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("writing JSON line: %w", err)
	}
	return nil
}
