package checks

import (
	"testing"
	"time"
)

// A server that shows the string it signed itself ("Server used the
// following payload to sign") computed another signature than the one
// sent: signature.mismatch, whatever else the message says. Wordings are
// real: Azure Cosmos DB (azure-sdk-for-java issue 29519's 401) and Azure
// Storage's 403 AuthenticationFailed.
func TestServerShowsItsStringToSign(t *testing.T) {
	cases := []struct {
		name string
		ev   Evidence
	}{
		{
			name: "Cosmos DB 401 payload to sign",
			ev: exchange(post("https://account.documents.azure.com/dbs/db/colls/c/docs", `{"id":"1"}`,
				"x-ms-date: Sat, 18 Jun 2022 08:34:53 GMT", "Authorization: type%3dmaster%26ver%3d1.0%26sig%3dEXAMPLEEXAMPLEEXAMPLE", "Content-Type: application/json"),
				resp(401, `{"code":"Unauthorized","message":"The input authorization token can't serve the request. The wrong key is being used or the expected payload is not built as per the protocol. For more info: https://aka.ms/cosmosdb-tsg-unauthorized. Server used the following payload to sign: 'post\ndocs\ndbs/db/colls/c\nsat, 18 jun 2022 08:34:53 gmt\n\n'"}`, "Content-Type: application/json", "Date: Sat, 18 Jun 2022 08:34:53 GMT")),
		},
		{
			name: "Azure Storage 403 string to sign",
			ev: exchange(get("https://account.blob.core.windows.net/container/blob.txt",
				"x-ms-date: Sat, 18 Jun 2022 08:34:53 GMT", "x-ms-version: 2021-08-06", "Authorization: SharedKey account:EXAMPLEEXAMPLEEXAMPLEEXAMPLE="),
				resp(403, `<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.
RequestId:0a1b2c3d-0000-0000-0000-000000000000
Time:2022-06-18T08:34:54.0000000Z</Message><AuthenticationErrorDetail>The MAC signature found in the HTTP request 'EXAMPLE=' is not the same as any computed signature. Server used following string to sign: 'GET



x-ms-date:Sat, 18 Jun 2022 08:34:53 GMT
x-ms-version:2021-08-06
/account/container/blob.txt'.</AuthenticationErrorDetail></Error>`, "Content-Type: application/xml", "Date: Sat, 18 Jun 2022 08:34:53 GMT")),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.ev.Now = time.Date(2022, 6, 18, 8, 34, 53, 0, time.UTC)
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != SignatureMismatch {
				t.Fatalf("likely %v, want %s first\n%s", rep.Likely, SignatureMismatch, reportText(rep))
			}
		})
	}
}
