package checks

import "testing"

// A key or account the provider banned is the account's state, like one
// it suspended: another request with it will not pass until it is lifted.
func TestBannedKeyIsAccountState(t *testing.T) {
	for _, c := range []struct{ name, url, body string }{
		{"UWaterloo Open Data", "https://opendata.example/v2/foodservices/locations.json?key=ead3606c6f096657ebd283b58bf316b6",
			`{"meta":{"requests":0,"timestamp":1393392973,"status":403,"message":"The provided API key has been banned","method_id":1381,"method":{}}}`},
		{"KeyAuth", "https://licensing.example/api/1.2/?type=license&key=KEYAUTH-0123456789&name=app&ownerid=abc",
			`{"success":false,"message":"Key is banned"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(exchange(get(c.url), resp(403, c.body)))
			if len(rep.Likely) == 0 || rep.Likely[0] != AccountState {
				t.Fatalf("likely %v, want account.state first", rep.Likely)
			}
		})
	}
}
