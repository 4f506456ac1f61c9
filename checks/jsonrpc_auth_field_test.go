package checks

import (
	"strings"
	"testing"
)

// A JSON-RPC call carries its session in the body's "auth" member
// (Zabbix's documented API before 6.4): the credential was sent, so a
// refusal of it is not a credential that never arrived, and its value is
// masked in the evidence.
func TestJSONRPCAuthFieldIsACredential(t *testing.T) {
	const session = "0424bd59b807674191e7d77572075f33"
	body := `{"jsonrpc":"2.0","method":"host.get","params":{},"auth":"` + session + `","id":1}`
	for _, data := range []string{"Not authorised.", "Session terminated, re-login, please."} {
		t.Run(data, func(t *testing.T) {
			rep := Run(exchange(post("https://zabbix.example.com/api_jsonrpc.php", body, "Content-Type: application/json"),
				resp(200, `{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params.","data":"`+data+`"},"id":1}`, "Content-Type: application/json")))
			if len(rep.Likely) > 0 && rep.Likely[0] == AuthMissing {
				t.Fatalf("likely %v: the auth member was sent\n%s", rep.Likely, reportText(rep))
			}
			for _, f := range rep.Findings {
				if strings.Contains(strings.Join(f.Evidence, " "), session[:20]) {
					t.Errorf("%s shows the session: %v", f.ID, f.Evidence)
				}
			}
		})
	}
}
