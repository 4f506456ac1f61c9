package checks

import "testing"

// "API key is missing or invalid" to a request that carried a key names
// two readings; the key sent being refused is the nearer one, not a key
// sought elsewhere. To a request without a key the same words still say
// it is missing. Wordings are real: Pinecone's controller (401 with the
// words in WWW-Authenticate and the body) and a Keycloak event webhook's
// problem-details 401 ("Webhook API key is missing or invalid.").
func TestMissingOrInvalidIsNotMissing(t *testing.T) {
	pinecone := `API key is missing or invalid for the environment "northamerica-northeast1-gcp". Check that the correct environment is specified.`
	webhook := `{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Unauthorized","status":401,"detail":"Webhook API key is missing or invalid."}`
	cases := []struct {
		name  string
		ev    Evidence
		first string
	}{
		{
			name: "Pinecone: key sent in Api-Key",
			ev: exchange(get("https://controller.northamerica-northeast1-gcp.pinecone.io/databases", "Api-Key: 3f1c2b0a-9d8e-4f7a-b6c5-d4e3f2a1b0c9"),
				resp(401, pinecone, "WWW-Authenticate: "+pinecone, "Server: envoy")),
			first: AuthInvalid,
		},
		{
			name: "webhook: key sent in X-Api-Key",
			ev: exchange(post("https://hooks.example.org/keycloak/events", `{"type":"LOGIN"}`, "Content-Type: application/json", "X-Api-Key: 8b1f0c3e5a7d9f2b4c6e8a0d2f4b6c8e"),
				resp(401, webhook, "Content-Type: application/problem+json")),
			first: AuthInvalid,
		},
		{
			name:  "webhook: no key sent is missing",
			ev:    exchange(post("https://hooks.example.org/keycloak/events", `{"type":"LOGIN"}`, "Content-Type: application/json"), resp(401, webhook, "Content-Type: application/problem+json")),
			first: AuthMissing,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(c.ev)
			if len(rep.Likely) == 0 || rep.Likely[0] != c.first {
				t.Fatalf("likely %v, want %s first", rep.Likely, c.first)
			}
		})
	}
}
