package probe

import (
	"fmt"
	"os"
)

// CheckFiles reads the files a request names (client certificate and key,
// CA file, body file) and reports the first that cannot be used, as a
// *ValidationError: bad input, found before anything is sent. Unlike
// Validate it does file I/O, so editors call it on send, not per keystroke.
func CheckFiles(r *Request) error {
	if r.TLS.CAFile != "" {
		if _, err := loadCAFile(r.TLS.CAFile); err != nil {
			return invalid(fmt.Sprintf("CA file %q", r.TLS.CAFile), err.Error())
		}
	}
	if r.TLS.CertFile != "" {
		if _, err := loadClientCert(r.TLS.CertFile, r.TLS.KeyFile); err != nil {
			return invalid(fmt.Sprintf("client certificate %q", r.TLS.CertFile), err.Error())
		}
	}
	if r.BodyFile != "" {
		f, err := os.Open(r.BodyFile)
		if err != nil {
			return invalid(fmt.Sprintf("body file %q", r.BodyFile), err.Error())
		}
		f.Close()
	}
	return nil
}
