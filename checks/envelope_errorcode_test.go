package checks

import "testing"

// A named error code next to its message reports failure at 200, whoever
// answers (issue 14 §2): Moodle's errorcode word and the legacy Facebook
// REST API's error_code number are read like an HTTP refusal.
func TestEnvelopeErrorCodeAt200(t *testing.T) {
	cases := []struct {
		name, url, body, want string
	}{
		{"an error code word and its message",
			"https://lms.example/webservice/rest/server.php?wstoken=abcdef0123456789&wsfunction=core_webservice_get_site_info&moodlewsrestformat=json",
			`{"exception":"moodle_exception","errorcode":"invalidtoken","message":"Invalid token - token not found"}`,
			AuthInvalid},
		{"an error code number and its error_msg",
			"https://api.social.example/method/users.getInfo?access_token=abcdef0123456789",
			`{"error_code":190,"error_msg":"Invalid OAuth 2.0 Access Token","request_args":[{"key":"method","value":"users.getInfo"}]}`,
			AuthInvalid},
		{"a zero error code is no refusal",
			"https://api.example/items/1?token=abcdef0123456789",
			`{"error_code":0,"message":"Success","items":[]}`,
			""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get(c.url), resp(200, c.body, "Content-Type: application/json")))
			if c.want == "" {
				if len(rep.Likely) > 0 {
					t.Fatalf("likely %v for a success", rep.Likely)
				}
				return
			}
			if len(rep.Likely) == 0 || rep.Likely[0] != c.want {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.want)
			}
		})
	}
}

// A JSON list whose first result is an error object is a refusal at 200
// (Philips Hue and deCONZ answer their REST calls so); a list of successes
// is not.
func TestErrorListAt200(t *testing.T) {
	refused := []string{
		`[{"error":{"type":1,"address":"/lights","description":"unauthorized user"}}]`,
		`[{"error":{"type":1,"address":"/config","description":"unauthorized user"}}]`,
	}
	for _, body := range refused {
		rep := Run(exchange(get("http://192.0.2.20/api/0123456789abcdef/lights"), resp(200, body, "Content-Type: application/json")))
		if len(rep.Likely) == 0 {
			t.Errorf("%s: no cause for an error list", body)
		}
	}
	ok := `[{"success":{"/lights/1/state/on":true}}]`
	rep := Run(exchange(get("http://192.0.2.20/api/0123456789abcdef/lights/1/state"), resp(200, ok, "Content-Type: application/json")))
	if len(rep.Likely) > 0 {
		t.Errorf("likely %v for a list of successes", rep.Likely)
	}
}
