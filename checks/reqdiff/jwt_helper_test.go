package reqdiff

import "encoding/base64"

func jwt(header, claims string) string {
	e := base64.RawURLEncoding.EncodeToString
	return e([]byte(header)) + "." + e([]byte(claims)) + ".c2ln"
}
