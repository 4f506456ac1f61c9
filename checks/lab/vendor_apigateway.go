package lab

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
)

// AWS API Gateway (IAM authorisation).

func awsHeaders(w http.ResponseWriter, errorType string) {
	h := w.Header()
	h.Set("x-amzn-RequestId", randomUUID())
	h.Set("x-amz-apigw-id", base64.StdEncoding.EncodeToString(randomBytes(8)))
	if errorType != "" {
		h.Set("x-amzn-ErrorType", errorType)
	}
}

// awsIAM is a method with AWS_IAM authorisation: the gateway parses the
// Authorization header as Signature Version 4 before anything else.
func (l *Lab) awsIAM(w http.ResponseWriter, r *http.Request) {
	value := r.Header.Get("Authorization")
	if value == "" && r.URL.Query().Get("X-Amz-Signature") == "" {
		awsHeaders(w, "MissingAuthenticationTokenException")
		writeJSON(w, http.StatusForbidden, map[string]string{"message": "Missing Authentication Token"})
		return
	}
	if msg := sigV4Complaint(value, r.Header); msg != "" {
		awsHeaders(w, "IncompleteSignatureException")
		writeJSON(w, http.StatusForbidden, map[string]string{"message": msg})
		return
	}
	// A complete signature: the lab has no IAM identities, so no access key
	// is known to it.
	awsHeaders(w, "UnrecognizedClientException")
	writeJSON(w, http.StatusForbidden, map[string]string{"message": "The security token included in the request is invalid."})
}

// sigV4Complaint parses an Authorization header as
// "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." and
// returns the gateway's complaint, or "" when every part is there.
func sigV4Complaint(value string, h http.Header) string {
	scheme, rest, _ := strings.Cut(value, " ")
	params := map[string]string{}
	if scheme == "AWS4-HMAC-SHA256" {
		for _, part := range strings.Split(rest, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			k, v, ok := strings.Cut(part, "=")
			if !ok {
				return fmt.Sprintf("'%s' not a valid key=value pair (missing equal-sign) in Authorization header: '%s'.", part, value)
			}
			params[k] = v
		}
	}
	var missing []string
	for _, p := range []string{"Credential", "Signature", "SignedHeaders"} {
		if params[p] == "" {
			missing = append(missing, fmt.Sprintf("Authorization header requires '%s' parameter.", p))
		}
	}
	if h.Get("X-Amz-Date") == "" && h.Get("Date") == "" {
		missing = append(missing, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}
	if len(missing) == 0 {
		return ""
	}
	return strings.Join(missing, " ") + " Authorization=" + value
}
