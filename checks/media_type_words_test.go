package checks

import "testing"

// A body's Content-Type the server does not take, said in its words, is
// content.type at 400 as at 415.
func TestMediaTypeRequiredWords(t *testing.T) {
	for _, c := range []struct{ name, body string }{
		{"Stability AI", `{"errors":["content-type: must be multipart/form-data"],"id":"21c6b49145908e78f5c3c98d7c0020bb","name":"bad_request"}`},
		{"OpenAI file upload", `{"error":{"message":"Invalid Content-Type header (application/json), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')","type":"invalid_request_error","param":null,"code":null}}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := post("https://ai.example/v2beta/stable-image/generate/core", `{"prompt":"a cat"}`,
				"Authorization: Bearer sk-0123456789abcdef0123456789abcdef", "Content-Type: application/json")
			rep := Run(exchange(req, resp(400, c.body, "Content-Type: application/json")))
			if len(rep.Likely) == 0 || rep.Likely[0] != ContentType {
				t.Fatalf("likely %v, want content.type first", rep.Likely)
			}
		})
	}
	// What the client accepts is negotiation: a 406 naming the response's
	// media type is not the body's.
	rep := Run(exchange(get("https://ai.example/v1/items", "Accept: text/csv"),
		resp(406, `{"error":"Only media type application/json is acceptable for the response"}`, "Content-Type: application/json")))
	if f, ok := findingOf(rep, ContentType); ok && f.Status == Fail && len(f.Evidence) > 0 && f.Evidence[0] != "" && f.Title == "The server says the request body's Content-Type is not the one it takes" {
		t.Fatalf("a 406 about the response read as the body's type: %v", f.Title)
	}
}
