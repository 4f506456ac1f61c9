package checks

import "testing"

// Permission wording yields to authentication when nobody was
// authenticated (RFC 9110 §15.5.4: a 403 judges credentials only "if
// authentication credentials were provided") or when the status itself
// and the words say the credential was refused (§15.5.2, 401). Wordings
// are real ones: Consul, Google Front End (Cloud Run), Appwrite, VNG
// (gemma-zaken issue 1495), FCM, Mapbox, Linode.
func TestPermissionWordsYieldToAuthentication(t *testing.T) {
	gfe403 := "Error: Forbidden\nYour client does not have permission to get URL / from this server.\n"
	fcm := `<HTML><HEAD><TITLE>Invalid (legacy) Server-key delivered or Sender is not authorized to perform request.</TITLE></HEAD><BODY><H1>Invalid (legacy) Server-key delivered or Sender is not authorized to perform request.</H1><H2>Error 401</H2></BODY></HTML>`
	cases := []struct {
		name   string
		ev     Evidence
		first  string
		second string
		guess  bool
	}{
		{
			name:   "Consul 'Permission denied' to a request without a token",
			ev:     exchange(get("http://127.0.0.1:8500/v1/agent/self"), resp(403, "Permission denied", "Content-Type: text/plain")),
			first:  AuthMissing,
			second: PermissionScope,
			guess:  true,
		},
		{
			name:   "Google Front End 'does not have permission' to a request without an identity token",
			ev:     exchange(get("https://hello-x.a.run.app/"), resp(403, gfe403)),
			first:  AuthMissing,
			second: PermissionScope,
			guess:  true,
		},
		{
			name:  "Appwrite 401 'missing scope' for the guests role, no session sent",
			ev:    exchange(get("https://cloud.appwrite.io/v1/account"), resp(401, `{"message":"User (role: guests) missing scope (account)","code":401,"type":"general_unauthorized_scope"}`, "Content-Type: application/json")),
			first: AuthMissing,
		},
		{
			name:  "Mapbox's 401 'Not Authorized - Invalid Token': the token was refused",
			ev:    exchange(get("https://api.mapbox.com/v4/mapbox.satellite/1/0/0.png?access_token=pk.eyJ1IjoiZXhhbXBsZSJ9.EXAMPLEEXAMPLE"), resp(401, `{"message":"Not Authorized - Invalid Token"}`, "Content-Type: application/json")),
			first: AuthInvalid,
		},
		{
			name:   "VNG's 403 code permission_denied to a request without a JWT",
			ev:     exchange(get("https://zaken-api.example.org/api/v1/zaken"), resp(403, `{"type":"https://zaken-api.example.org/ref/fouten/PermissionDenied/","code":"permission_denied","title":"Je hebt geen toestemming om deze actie uit te voeren.","status":403}`, "Content-Type: application/problem+json")),
			first:  AuthMissing,
			second: PermissionScope,
			guess:  true,
		},
		{
			name:  "permission words alone at a 401 with a token stay a permission (Linode)",
			ev:    exchange(get("https://api.linode.com/v4/linode/stackscripts", "Authorization: Bearer 0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d"), resp(401, `{"errors":[{"reason":"Your OAuth token is not authorized to use this endpoint."}]}`, "Content-Type: application/json")),
			first: PermissionScope,
		},
		{
			name:  "FCM's 401 'Invalid Server-key ... not authorized to perform': the key was refused, not IAM",
			ev:    exchange(post("https://fcm.googleapis.com/fcm/send", `{"to":"x"}`, "Authorization: key=AAAAx1y2z3:APA91bEXAMPLEEXAMPLE", "Content-Type: application/json"), resp(401, fcm, "Content-Type: text/html")),
			first: AuthInvalid,
		},
		{
			name:  "with a credential, a 403 'Permission denied' stays a permission",
			ev:    exchange(get("http://127.0.0.1:8500/v1/agent/self", "X-Consul-Token: 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"), resp(403, "Permission denied", "Content-Type: text/plain")),
			first: PermissionScope,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, c.first, reportText(rep))
			}
			if c.second != "" && (len(rep.Likely) < 2 || rep.Likely[1] != c.second) {
				t.Errorf("likely %v, want %s second", rep.Likely, c.second)
			}
			if c.guess && !rep.Guess {
				t.Errorf("a sure answer, want a guess\n%s", reportText(rep))
			}
		})
	}
}

// A recording without its request says nothing of a credential: the
// permission words keep their reading.
func TestPermissionWordsKeptWhenRequestUnknown(t *testing.T) {
	ev := exchange(get("http://127.0.0.1:8500/v1/agent/self"), resp(403, "Permission denied", "Content-Type: text/plain"))
	ev.RequestUnknown = true
	rep := Run(ev)
	if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
		t.Fatalf("likely %v, want %s first\n%s", rep.Likely, PermissionScope, reportText(rep))
	}
}
