package checks

import "testing"

// A 412 Precondition Failed to a request that set no precondition, with
// no word of why, cannot mean what RFC 9110 §15.5.13 defines: it is the
// server's own block code (a video site's risk control answering a
// script without a Referer). A guess, waf.block, ahead of "no credential
// was sent". A 412 to a request with If-Match is a real precondition, and
// a 412 whose words name the cause (Nextcloud's "CSRF check failed")
// keeps what the words say.
func TestUnsetPrecondition412IsABlock(t *testing.T) {
	rep := Run(exchange(get("https://api.example/x/space/wbi/arc/search?mid=1&wts=1741968314&w_rid=f6703ce77a115975ece787a2be4aa9f3"), resp(412, "")))
	if len(rep.Likely) == 0 || rep.Likely[0] != WAFBlock || !rep.Guess {
		t.Fatalf("likely %v (guess %v), want %s first as a guess", rep.Likely, rep.Guess, WAFBlock)
	}
}

func TestRealPrecondition412IsNoBlock(t *testing.T) {
	r := put("https://dav.example/remote.php/dav/files/alice/a.txt", `If-Match: "613184dd-1b"`, "Authorization: Basic YWxpY2U6cGFzc3dvcmQ=")
	rep := Run(exchange(r, resp(412, "")))
	if f, ok := findingOf(rep, WAFBlock); ok && f.Status == Fail {
		t.Errorf("waf.block fails for a request that set If-Match: %s", f.Title)
	}
}

func TestWorded412KeepsItsWords(t *testing.T) {
	r := post("https://cloud.example/ocs/v1.php/apps/files_sharing/api/v1/shares?format=json", "path=/a.png&shareType=3", "Authorization: Basic YWxpY2U6cGFzc3dvcmQ=", "Content-Type: application/x-www-form-urlencoded")
	rep := Run(exchange(r, resp(412, `{"message":"CSRF check failed"}`)))
	if len(rep.Likely) == 0 || rep.Likely[0] != CSRF {
		t.Fatalf("likely %v, want %s first", rep.Likely, CSRF)
	}
}
