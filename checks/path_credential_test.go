package checks

import "testing"

// Some APIs read their credential from the path. A recording that shows
// it as a stand-in named for a credential redacted one that was sent: a
// 401 then refuses that credential (auth.invalid, a guess), it does not
// ask for a missing one.
func TestCredentialStandInInPath(t *testing.T) {
	runSureCases(t, []sureCase{
		// Telegram's Bot API reads the bot token from /bot<token>/
		// (eternnoir/pyTelegramBotAPI#168).
		{"Telegram: bot token in the path", get("https://api.telegram.org/bot<api_token>/getUpdates"),
			resp(401, `{"ok":false,"error_code":401,"description":"Unauthorized"}`, "Content-Type: application/json"), AuthInvalid, false},
		// IFTTT's webhooks read the key from /with/key/<key>; a wrong key
		// gets a 401 (Nekmo/amazon-dash#123 shows only the status).
		{"IFTTT: key in the path", get("https://maker.ifttt.com/trigger/dash_button/with/key/<your_key>"),
			resp(401, ""), AuthInvalid, false},
		// A route's {key} template is no credential: nothing was sent.
		{"a route template {key}", get("https://api.example.com/v1/objects/{key}"),
			resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json"), AuthMissing, true},
		{"a route template {tokenId}", get("https://api.example.com/v1/tokens/{tokenId}"),
			resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json"), AuthMissing, true},
		{"a route template {apiTokenId}", get("https://api.example.com/v1/keys/{apiTokenId}"),
			resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json"), AuthMissing, true},
		{"a camel-case stand-in {apiToken}", get("https://hooks.example.com/notify/{apiToken}"),
			resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json"), AuthInvalid, false},
		{"a route template <authorName>", get("https://api.example.com/v1/authors/<authorName>/books"),
			resp(401, `{"message":"Unauthorized"}`, "Content-Type: application/json"), AuthMissing, true},
	})
}
