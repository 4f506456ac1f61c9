package checks

import "testing"

// A GraphQL answer served with 200 whose data is null or empty carries no
// result: its errors are the refusal (GraphQL over HTTP sends data null
// with 200).
func TestGraphQLWithoutDataIsARefusal(t *testing.T) {
	for _, c := range []struct {
		name string
		ev   Evidence
	}{
		// monday.com's documented application-level error (data: []).
		{"monday.com: empty data", exchange(post("https://api.monday.com/v2", `{"query":"{ me { id } }"}`, "Authorization: 0123456789abcdef0123", "Content-Type: application/json"),
			resp(200, `{"data":[],"errors":[{"message":"User unauthorized to perform action","locations":[{"line":2,"column":3}],"path":["me"],"extensions":{"code":"UserUnauthorizedException","error_data":{},"status_code":403}}],"account_id":123456}`, "Content-Type: application/json"))},
		// A field refused for the caller, data null (apollo-ios#3551's body).
		{"data null, not authorized for field", exchange(post("https://api.example.com/graphql", `{"query":"{ customer { id } }"}`, "Authorization: Bearer opaque0token0value0123", "Content-Type: application/json"),
			resp(200, `{"errors":[{"extensions":{"code":"FORBIDDEN","errorCode":"UNKNOWN_ERROR_CODE"},"message":"not authorized for field customer","path":["customer"]}],"data":null}`, "Content-Type: application/json"))},
	} {
		rep := Run(c.ev)
		if len(rep.Likely) == 0 || rep.Likely[0] != PermissionScope {
			t.Errorf("%s: likely %v, want permission.scope first", c.name, rep.Likely)
		}
	}
	// A partial result is no refusal of the request.
	rep := Run(exchange(post("https://api.example.com/graphql", `{"query":"{ a b }"}`, "Authorization: Bearer opaque0token0value0123", "Content-Type: application/json"),
		resp(200, `{"data":{"a":1,"b":null},"errors":[{"message":"not authorized for field b","path":["b"]}]}`, "Content-Type: application/json")))
	if len(rep.Likely) > 0 {
		t.Errorf("partial result: likely %v, want no refusal", rep.Likely)
	}
}
