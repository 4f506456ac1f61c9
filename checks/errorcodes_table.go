package checks

import "sync"

// The documented error codes themselves, one group per documentation
// source (cited above each); errorcodes.go reads them from a response.

// Fixes shared by several codes.
const (
	keyRestrictionFix = "Change the API key's restrictions (Cloud console, APIs & Services, Credentials) or send the app identity they name (X-Android-Package and X-Android-Cert, X-Ios-Bundle-Identifier, Referer). Not IAM."
	consentFix        = "Have the user (or an administrator, for admin consent) grant the application the permissions it requests through the provider's consent page, then request the token again."
	conditionalFix    = "Sign in interactively so that the organisation's sign-in policy (MFA, a compliant device, an allowed location) is met; a service should use its own credential (a client secret or certificate). Ask the tenant's administrator which policy applies."
)

// codeGroups are the documented codes read from a body's or a header's
// code members (errorCodeMembers), keyed by their words (codeKey), so that
// PERMISSION_DENIED, permission-denied and PermissionDenied read alike.
var codeGroups = sync.OnceValue(func() []codeGroup {
	return []codeGroup{
		// gRPC status codes and Google's canonical codes:
		// https://grpc.github.io/grpc/core/md_doc_statuscodes.html,
		// https://cloud.google.com/apis/design/errors#handling_errors,
		// https://github.com/googleapis/googleapis/blob/master/google/rpc/code.proto.
		// Firebase's client SDKs spell the same codes in kebab case
		// (https://firebase.google.com/docs/reference/node/firebase.firestore#firestoreerrorcode).
		{"gRPC/Google canonical code", []codeDef{
			// "missing, invalid, or expired OAuth token" (Cloud API design guide)
			{"UNAUTHENTICATED", guess("the request has no valid authentication credentials (missing, invalid or expired)", AuthInvalid, AuthExpired, AuthMissing)},
			// Google answers key restrictions, a disabled API and billing with
			// this status too (their ErrorInfo reason says which).
			{"PERMISSION_DENIED", guess("the caller does not have permission for this operation", PermissionScope, AccountState, IPAllowlist)},
			{"RESOURCE_EXHAUSTED", sure(RateLimit, "a quota or rate limit was exhausted")},
		}},
		// Google ErrorInfo reasons (error.details[].reason):
		// https://github.com/googleapis/googleapis/blob/master/google/api/error_reason.proto,
		// https://cloud.google.com/docs/authentication/api-keys#api_key_restrictions.
		// Key restrictions are the key's settings, not IAM (issue 14 §3, §6).
		{"Google ErrorInfo reason", []codeDef{
			{"SERVICE_DISABLED", sure(AccountState, "the API is not enabled for the project")},
			{"BILLING_DISABLED", sure(AccountState, "billing is disabled for the project")},
			{"API_KEY_INVALID", guess("the API key is invalid: badly formed, not found or expired", AuthInvalid, AuthMalformed, AuthExpired)},
			{"API_KEY_SERVICE_BLOCKED", sure(PermissionScope, "the API key's API restrictions do not allow this API", keyRestrictionFix)},
			{"API_KEY_HTTP_REFERRER_BLOCKED", sure(IPAllowlist, "the API key's website restrictions do not allow this Referer", keyRestrictionFix)},
			{"API_KEY_IP_ADDRESS_BLOCKED", sure(IPAllowlist, "the API key's IP address restrictions do not allow this address", keyRestrictionFix)},
			{"API_KEY_ANDROID_APP_BLOCKED", sure(IPAllowlist, "the API key's Android app restrictions do not allow this app", keyRestrictionFix)},
			{"API_KEY_IOS_APP_BLOCKED", sure(IPAllowlist, "the API key's iOS app restrictions do not allow this app", keyRestrictionFix)},
			{"RATE_LIMIT_EXCEEDED", sure(RateLimit, "a rate limit was exceeded")},
			{"RESOURCE_QUOTA_EXCEEDED", sure(RateLimit, "a quota was exceeded")},
			{"USER_PROJECT_DENIED", sure(PermissionScope, "the caller may not use the quota project (serviceusage.services.use)")},
			{"CONSUMER_SUSPENDED", sure(AccountState, "the project is suspended")},
			{"CONSUMER_INVALID", guess("the project is invalid or deleted", AccountState)},
			{"SECURITY_POLICY_VIOLATED", guess("a VPC Service Controls perimeter refused the request", IPAllowlist, PermissionScope)},
			{"ACCESS_TOKEN_EXPIRED", sure(AuthExpired, "the access token has expired")},
			{"ACCESS_TOKEN_SCOPE_INSUFFICIENT", sure(PermissionScope, "the access token lacks the OAuth scope this API needs")},
			{"ACCOUNT_STATE_INVALID", sure(AccountState, "the account is disabled or deleted")},
			{"ACCESS_TOKEN_TYPE_UNSUPPORTED", sure(AuthInvalid, "this kind of access token is not accepted here")},
			{"CREDENTIALS_MISSING", sure(AuthMissing, "the request carries no credentials")},
			{"SESSION_COOKIE_INVALID", sure(AuthInvalid, "the session cookie is invalid")},
			{"USER_BLOCKED_BY_ADMIN", guess("an administrator blocked this user from the service", AccountState, PermissionScope)},
			{"RESOURCE_USAGE_RESTRICTION_VIOLATED", guess("an organisation policy restricts using this resource", PermissionScope)},
			{"GCP_SUSPENDED", sure(AccountState, "the Google Cloud project is suspended")},
			{"OVERLOADED_CREDENTIALS", sure(AuthMalformed, "the request carries more than one credential")},
			// Older JSON APIs' error.errors[].reason: Drive, YouTube, Cloud Storage
			// (https://developers.google.com/drive/api/guides/handle-errors,
			// https://developers.google.com/youtube/v3/docs/errors).
			{"keyInvalid", sure(AuthInvalid, "the API key is not valid")},
			{"authError", guess("the credentials are invalid or expired", AuthInvalid, AuthExpired)},
			{"insufficientPermissions", sure(PermissionScope, "the caller lacks a permission for this resource")},
			{"accessNotConfigured", sure(AccountState, "the API is not enabled for the project")},
			{"ipRefererBlocked", sure(IPAllowlist, "the key's IP or referrer restrictions do not allow this request", keyRestrictionFix)},
			{"dailyLimitExceeded", sure(RateLimit, "the daily quota was exceeded")},
			{"userRateLimitExceeded", sure(RateLimit, "the per-user rate limit was exceeded")},
			{"quotaExceeded", sure(RateLimit, "the quota was exceeded")},
			{"dailyLimitExceededUnreg", guess("the quota for unauthenticated use was exceeded: send a key or token",
				AuthMissing, RateLimit)},
		}},
		// AWS common errors and per-service codes (JSON __type, the
		// x-amzn-ErrorType header, the XML <Code>):
		// https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html,
		// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html,
		// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html,
		// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html,
		// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html.
		{"AWS error code", []codeDef{
			// S3 also answers anonymous requests and expired presigned URLs so.
			{"AccessDenied", guess("a policy does not allow this request", PermissionScope)},
			{"AccessDeniedException", guess("the caller does not have sufficient access for this action", PermissionScope, AccountState)},
			{"IncompleteSignature", sure(AuthMalformed, "the request signature does not conform to AWS standards")},
			{"IncompleteSignatureException", sure(AuthMalformed, "the request signature does not conform to AWS standards")},
			{"InvalidClientTokenId", sure(AuthInvalid, "the access key ID does not exist in AWS's records")},
			{"UnrecognizedClientException", sure(AuthInvalid, "the security token included in the request is invalid")},
			{"InvalidAccessKeyId", sure(AuthInvalid, "the access key ID does not exist in AWS's records")},
			// S3's InvalidToken reads as RFC 6750's invalid_token (below), a
			// guess; auth_invalid.go reads S3's.
			{"SignatureDoesNotMatch", sure(SignatureMismatch, "the signature AWS calculated does not match the one sent")},
			// also sent with "Signature expired: ... is now earlier than ..."
			{"InvalidSignatureException", guess("the request signature does not verify (or it has expired)", SignatureMismatch, ClockSkew)},
			{"RequestExpired", guess("the request arrived more than 15 minutes after its date stamp (or its expiry)", ClockSkew, AuthExpired)},
			{"RequestTimeTooSkewed", sure(ClockSkew, "the request's time differs too much from the server's")},
			{"ExpiredToken", sure(AuthExpired, "the security token has expired")},
			{"ExpiredTokenException", sure(AuthExpired, "the security token has expired")},
			{"TokenRefreshRequired", sure(AuthExpired, "the token must be refreshed")},
			{"MissingAuthenticationToken", sure(AuthMissing, "the request carries no access key ID or certificate")},
			{"OptInRequired", sure(AccountState, "the account needs a subscription for this service")},
			{"NotSignedUp", sure(AccountState, "the account is not signed up for this service")},
			{"AllAccessDisabled", sure(AccountState, "all access to this resource has been disabled")},
			{"AccountProblem", sure(AccountState, "a problem with the account prevents the operation")},
			// EC2's "Blocked" (the account) is left out: the word is too
			// common a status of other APIs' blocks.
			{"PendingVerification", sure(AccountState, "the account is pending verification")},
			{"RegionDisabledException", sure(AccountState, "STS is not activated in this region for the account")},
			// EC2: credentials not validated, or not authorised, or the account
			// not allowed the service.
			{"AuthFailure", guess("the credentials could not be validated, or the account may not do this", AuthInvalid, PermissionScope, AccountState)},
			{"UnauthorizedOperation", sure(PermissionScope, "the caller is not authorized to perform this operation")},
			{"AuthorizationHeaderMalformed", guess("the Authorization header is malformed (often its region)", AuthMalformed, HostMismatch)},
			{"InvalidIdentityToken", sure(AuthInvalid, "the web identity token could not be validated")},
			{"IDPRejectedClaim", sure(AuthInvalid, "the identity provider rejected the claim")},
			// Cognito: wrong password, revoked or expired token, or
			// unauthenticated access not allowed.
			{"NotAuthorizedException", guess("the user or token is not authorized (wrong password, revoked or expired token)", AuthInvalid, AuthExpired)},
			{"UserNotConfirmedException", sure(AccountState, "the user has not confirmed the account")},
			{"UserNotFoundException", guess("the user does not exist (a login name unknown, or an admin call on no such user)", AuthInvalid)},
			{"Throttling", sure(RateLimit, "the request was throttled")},
			{"ThrottlingException", sure(RateLimit, "the request was throttled")},
			{"ThrottledException", sure(RateLimit, "the request was throttled")},
			{"TooManyRequestsException", sure(RateLimit, "too many requests")},
			{"RequestLimitExceeded", sure(RateLimit, "the request rate limit was exceeded")},
			{"RequestThrottled", sure(RateLimit, "the request was throttled")},
			{"RequestThrottledException", sure(RateLimit, "the request was throttled")},
			{"SlowDown", sure(RateLimit, "reduce the request rate")},
			{"ProvisionedThroughputExceededException", sure(RateLimit, "the table's provisioned throughput was exceeded")},
		}},
		// Azure: Storage (https://learn.microsoft.com/en-us/rest/api/storageservices/common-rest-api-error-codes),
		// Resource Manager (https://learn.microsoft.com/en-us/azure/azure-resource-manager/troubleshooting/common-deployment-errors),
		// Microsoft Graph (https://learn.microsoft.com/en-us/graph/errors),
		// Key Vault (https://learn.microsoft.com/en-us/azure/key-vault/general/rest-error-codes).
		{"Azure error code", []codeDef{
			// Storage's AuthenticationFailed covers a bad signature, a bad or
			// expired SAS and a stale date; its AuthenticationErrorDetail says
			// which. Resource Manager's also covers a missing header.
			{"AuthenticationFailed", guess("the server failed to authenticate the request", AuthInvalid, SignatureMismatch, ClockSkew, AuthMissing)},
			{"AuthorizationFailure", guess("the request is not authorized to perform this operation (a network rule, or a permission)", IPAllowlist, PermissionScope)},
			{"AuthorizationPermissionMismatch", sure(PermissionScope, "the caller's role does not grant this operation")},
			{"AuthorizationSourceIPMismatch", sure(IPAllowlist, "the source address is not allowed")},
			{"AuthorizationServiceMismatch", sure(PermissionScope, "the signature does not allow this service")},
			{"AuthorizationResourceTypeMismatch", sure(PermissionScope, "the signature does not allow this resource type")},
			{"InsufficientAccountPermissions", sure(PermissionScope, "the account lacks the permissions for this operation")},
			{"InvalidAuthenticationInfo", guess("the authentication information is not in the correct format (or not accepted)", AuthMalformed, AuthInvalid)},
			{"NoAuthenticationInformation", sure(AuthMissing, "the request carries no authentication information")},
			{"AccountIsDisabled", sure(AccountState, "the account is disabled")},
			{"KeyBasedAuthenticationNotPermitted", guess("the account does not accept its shared keys", AuthInvalid)},
			{"AuthorizationFailed", sure(PermissionScope, "no role assignment allows this action at this scope")},
			{"LinkedAuthorizationFailed", sure(PermissionScope, "no role assignment allows a linked action")},
			{"RequestDisallowedByPolicy", sure(PermissionScope, "an Azure Policy assignment disallows the request")},
			// Graph also says it for an expired token.
			{"InvalidAuthenticationToken", guess("the access token is invalid (or expired)", AuthInvalid, AuthExpired)},
			{"InvalidAuthenticationTokenAudience", sure(AuthInvalid, "the access token was issued for another audience")},
			{"InvalidAuthenticationTokenTenant", sure(AuthInvalid, "the access token comes from another tenant")},
			{"ExpiredAuthenticationToken", sure(AuthExpired, "the access token has expired")},
			{"Authorization_RequestDenied", sure(PermissionScope, "insufficient privileges to complete the operation")},
			{"ErrorAccessDenied", sure(PermissionScope, "the caller lacks the permission")},
			{"ForbiddenByFirewall", sure(IPAllowlist, "the firewall does not allow the client's address")},
			{"ForbiddenByPolicy", sure(PermissionScope, "the access policy does not grant this operation")},
			{"ForbiddenByRbac", sure(PermissionScope, "no role assignment grants this operation")},
			{"DisabledSubscription", sure(AccountState, "the subscription is disabled")},
			{"ReadOnlyDisabledSubscription", sure(AccountState, "the subscription is disabled (read only)")},
		}},
		// OAuth 2.0 and OpenID Connect: RFC 6749 §4.1.2.1 and §5.2, RFC 6750
		// §3.1, RFC 8628 §3.5, OpenID Connect Core §3.1.2.6; Google's OAuth
		// errors (https://developers.google.com/identity/protocols/oauth2/web-server#authorization-errors).
		{"OAuth 2.0 / OpenID Connect error", []codeDef{
			{"invalid_client", guess("client authentication failed: unknown client, none included, or an unsupported method", AuthInvalid, AuthMissing)},
			{"invalid_grant", guess("the grant or refresh token is invalid, expired, revoked or issued to another client", AuthInvalid, AuthExpired)},
			{"unauthorized_client", sure(PermissionScope, "the client is not allowed this grant type")},
			{"invalid_scope", guess("the requested scope is invalid, unknown, malformed or exceeds what was granted", PermissionScope)},
			{"access_denied", guess("the resource owner or the server denied the request", PermissionScope)},
			{"invalid_token", guess("the token is expired, revoked, malformed or invalid for other reasons", AuthInvalid, AuthExpired, AuthMalformed)},
			{"insufficient_scope", sure(PermissionScope, "the request needs more privileges than the token grants")},
			// APIs answer a lapsed session so too
			{"login_required", guess("the user is not signed in (or the sign-in lapsed)", AuthMissing, AuthExpired)},
			{"consent_required", sure(PermissionScope, "the user has not consented", consentFix)},
			{"interaction_required", guess("the user must interact (sign in again, consent, a second factor)", PermissionScope, AuthMissing)},
			{"expired_token", sure(AuthExpired, "the device code has expired")},
			{"slow_down", sure(RateLimit, "poll the token endpoint more slowly")},
			{"deleted_client", sure(AuthInvalid, "the OAuth client was deleted")},
			{"disabled_client", sure(AccountState, "the OAuth client is disabled")},
			{"org_internal", sure(PermissionScope, "the OAuth client is limited to its organisation's users")},
			{"admin_policy_enforced", sure(PermissionScope, "an administrator's policy does not allow this app the scopes")},
		}},
		// GraphQL extension codes: Apollo Server
		// (https://www.apollographql.com/docs/apollo-server/data/errors),
		// GitHub (https://docs.github.com/en/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api),
		// Shopify (https://shopify.dev/docs/api/usage/response-codes),
		// Hasura (https://hasura.io/docs/latest/auth/troubleshooting/).
		{"GraphQL extension code", []codeDef{
			{"FORBIDDEN", guess("the caller is not allowed this operation", PermissionScope)},
			{"ACCESS_DENIED", guess("access to this field or operation is denied", PermissionScope)},
			{"INSUFFICIENT_SCOPES", sure(PermissionScope, "the token lacks a scope this query needs")},
			{"RATE_LIMITED", sure(RateLimit, "the rate limit was exceeded")},
			{"THROTTLED", sure(RateLimit, "the request was throttled")},
			{"invalid-jwt", guess("the JWT is invalid (bad signature, claims or expiry)", AuthInvalid, AuthExpired)},
			{"access-denied", guess("access is denied", PermissionScope)},
		}},
		// OCI distribution (container registry) error codes, errors[].code:
		// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes,
		// https://docs.docker.com/docker-hub/usage/pulls/.
		{"container registry error code", []codeDef{
			// private repositories answer an anonymous pull so too
			{"DENIED", guess("the requested access to the resource is denied", PermissionScope)},
			{"TOOMANYREQUESTS", sure(RateLimit, "too many requests (a pull rate limit)")},
		}},
		// AI platforms: OpenAI (https://platform.openai.com/docs/guides/error-codes)
		// and Anthropic (https://docs.anthropic.com/en/api/errors), in
		// error.code and error.type.
		{"AI platform error", []codeDef{
			{"invalid_api_key", sure(AuthInvalid, "the API key is incorrect")},
			{"insufficient_quota", sure(AccountState, "the account's quota or credit is used up (its plan and billing)",
				"Add credit or raise the account's spending limit (the platform's billing settings); waiting will not help.")},
			{"unsupported_country_region_territory", sure(GeoBlock, "the country, region or territory is not supported")},
			{"authentication_error", guess("the API key is missing or not valid", AuthInvalid, AuthMissing)},
			{"permission_error", sure(PermissionScope, "the API key may not use this resource")},
			{"rate_limit_error", sure(RateLimit, "the account hit a rate limit")},
		}},
		// Supabase Auth error codes
		// (https://supabase.com/docs/guides/auth/debugging/error-codes).
		{"Supabase Auth error code", []codeDef{
			{"no_authorization", sure(AuthMissing, "the request has no Authorization header")},
			{"bad_jwt", guess("the JWT in the Authorization header is not valid", AuthInvalid, AuthExpired)},
			{"session_expired", sure(AuthExpired, "the session has expired")},
			{"refresh_token_already_used", sure(AuthInvalid, "the refresh token was already used")},
			{"invalid_credentials", sure(AuthInvalid, "the login credentials are invalid")},
			{"email_not_confirmed", sure(AccountState, "the user's e-mail address is not confirmed")},
			{"phone_not_confirmed", sure(AccountState, "the user's phone number is not confirmed")},
			{"user_banned", sure(AccountState, "the user is banned")},
			{"not_admin", sure(PermissionScope, "the user is not an administrator")},
			{"over_request_rate_limit", sure(RateLimit, "too many requests from this client")},
			{"over_email_send_rate_limit", sure(RateLimit, "too many e-mails sent")},
			{"over_sms_send_rate_limit", sure(RateLimit, "too many text messages sent")},
		}},
		// Firebase Auth (REST: https://firebase.google.com/docs/reference/rest/auth#section-error-response,
		// Admin SDK: https://firebase.google.com/docs/auth/admin/errors) and
		// Cloud Storage for Firebase (https://firebase.google.com/docs/storage/web/handle-errors).
		// Security rules that deny a read are permission.scope (issue 14 §6).
		{"Firebase error code", []codeDef{
			{"INVALID_PASSWORD", sure(AuthInvalid, "the password is invalid")},
			{"EMAIL_NOT_FOUND", guess("no user has this e-mail address (at sign-in, or a reset for no such user)", AuthInvalid)},
			{"INVALID_LOGIN_CREDENTIALS", sure(AuthInvalid, "the login credentials are invalid")},
			{"USER_DISABLED", sure(AccountState, "an administrator disabled the user account")},
			{"TOKEN_EXPIRED", sure(AuthExpired, "the user's credential is no longer valid: sign in again")},
			{"INVALID_ID_TOKEN", guess("the user's ID token is no longer valid", AuthInvalid, AuthExpired)},
			{"INVALID_REFRESH_TOKEN", sure(AuthInvalid, "the refresh token is invalid")},
			{"CREDENTIAL_TOO_OLD_LOGIN_AGAIN", sure(AuthExpired, "the sign-in is too old for this operation: sign in again")},
			{"TOO_MANY_ATTEMPTS_TRY_LATER", sure(RateLimit, "too many attempts from this device")},
			{"OPERATION_NOT_ALLOWED", sure(AccountState, "this sign-in method is disabled for the project")},
			{"auth/id-token-expired", sure(AuthExpired, "the ID token has expired")},
			{"auth/id-token-revoked", sure(AuthInvalid, "the ID token was revoked")},
			{"auth/session-cookie-expired", sure(AuthExpired, "the session cookie has expired")},
			{"auth/session-cookie-revoked", sure(AuthInvalid, "the session cookie was revoked")},
			{"auth/user-token-expired", sure(AuthExpired, "the user's credential is no longer valid")},
			{"auth/invalid-api-key", sure(AuthInvalid, "the API key is invalid")},
			{"auth/user-disabled", sure(AccountState, "the user account is disabled")},
			{"auth/too-many-requests", sure(RateLimit, "too many requests")},
			{"auth/operation-not-allowed", sure(AccountState, "this sign-in method is disabled for the project")},
			{"auth/insufficient-permission", sure(PermissionScope, "the credential lacks the permission for this")},
			{"auth/wrong-password", sure(AuthInvalid, "the password is wrong")},
			{"auth/user-not-found", guess("no user matches this identifier", AuthInvalid)},
			{"storage/unauthenticated", sure(AuthMissing, "the user is not signed in")},
			{"storage/unauthorized", sure(PermissionScope, "the security rules do not allow this", rulesFix)},
			{"storage/quota-exceeded", guess("the bucket's quota was exceeded (the no-cost tier's)", AccountState, RateLimit)},
		}},
		// Slack Web API errors (https://api.slack.com/web#errors and each
		// method's page).
		{"Slack error", []codeDef{
			{"not_authed", sure(AuthMissing, "no authentication token was provided")},
			{"invalid_auth", guess("the token is invalid, or the request comes from a disallowed IP address", AuthInvalid, IPAllowlist)},
			{"account_inactive", sure(AccountState, "the token belongs to a deleted user or workspace")},
			{"token_revoked", sure(AuthInvalid, "the token was revoked (or its user, workspace or app removed)")},
			{"token_expired", sure(AuthExpired, "the token has expired")},
			{"no_permission", sure(PermissionScope, "the token lacks the permission this method needs")},
			{"missing_scope", sure(PermissionScope, "the token lacks a scope this method needs")},
			{"not_allowed_token_type", guess("this kind of token may not call this method", AuthInvalid, PermissionScope)},
			{"ratelimited", sure(RateLimit, "the rate limit was exceeded")},
			{"accesslimited", sure(IPAllowlist, "access to this method is limited on the current network")},
			{"ekm_access_denied", sure(PermissionScope, "administrators have suspended this action")},
			{"team_access_not_granted", sure(PermissionScope, "the token is not granted this workspace")},
			{"not_in_channel", sure(PermissionScope, "the caller is not in the channel")},
			{"two_factor_setup_required", sure(AccountState, "the user must set up two-factor authentication")},
		}},
		// Okta API error codes (errorCode):
		// https://developer.okta.com/docs/reference/error-codes/.
		{"Okta errorCode", []codeDef{
			{"E0000004", sure(AuthInvalid, "authentication failed")},
			{"E0000207", sure(AuthInvalid, "incorrect user name or password")},
			{"E0000068", sure(AuthInvalid, "the passcode or answer is invalid")},
			// an API token also lapses after 30 days unused
			{"E0000011", guess("the token provided is invalid", AuthInvalid, AuthExpired)},
			{"E0000005", guess("the session is invalid", AuthInvalid, AuthExpired)},
			{"E0000006", sure(PermissionScope, "the caller does not have permission to perform the requested action")},
			{"E0000015", guess("the caller may not use this feature (not enabled for the org, or not permitted)", AccountState, PermissionScope)},
			{"E0000038", sure(AccountState, "the operation is not allowed in the user's current status")},
			{"E0000069", sure(AccountState, "the user is locked out")},
			{"E0000119", sure(AccountState, "the account is locked")},
			{"E0000064", sure(AuthExpired, "the password has expired and must be changed", "Change the password (sign in interactively), then authenticate again.")},
			{"E0000047", sure(RateLimit, "the API call exceeded the rate limit")},
		}},
		// Auth0 Authentication API errors
		// (https://auth0.com/docs/api/authentication#standard-error-responses,
		// https://auth0.com/docs/secure/attack-protection).
		{"Auth0 error", []codeDef{
			{"invalid_user_password", sure(AuthInvalid, "wrong user name or password")},
			{"mfa_required", guess("multi-factor authentication is required", PermissionScope)},
			{"too_many_attempts", guess("the account is blocked after too many failed logins", AccountState, RateLimit)},
			{"password_leaked", sure(AccountState, "the login is blocked because the password was leaked elsewhere", "Reset the password (the e-mail Auth0 sent, or the dashboard), then sign in again.")},
		}},
		// Stripe error codes (https://docs.stripe.com/error-codes).
		{"Stripe error code", []codeDef{
			{"api_key_expired", sure(AuthExpired, "the API key has expired")},
			{"platform_api_key_expired", sure(AuthExpired, "the platform's API key has expired")},
			{"secret_key_required", sure(AuthInvalid, "a publishable key was sent where a secret key is required")},
			{"testmode_charges_only", sure(AccountState, "the account is not activated and may only make test charges")},
			{"rate_limit", sure(RateLimit, "too many requests hit the API too quickly")},
		}},
	}
})

// rulesFix is the fix of a store's security rules denying a read or write.
const rulesFix = "Change the security rules so that they allow this read or write (Firebase console, Rules), or sign the user in so that request.auth satisfies them. IAM roles do not apply to client requests."

// Entra ID (Azure AD) sign-in errors, AADSTS numbers in error_description
// or a message: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes.
var aadstsCodes = sync.OnceValue(func() map[string]codeMeaning {
	return map[string]codeMeaning{
		"50126":   sure(AuthInvalid, "invalid user name or password"),
		"50034":   sure(AuthInvalid, "the user account does not exist in the directory"),
		"7000215": sure(AuthInvalid, "an invalid client secret was provided"),
		"7000222": sure(AuthExpired, "the client secret has expired", "Create a new client secret for the app registration (Certificates & secrets) and use it."),
		"700016":  sure(AuthInvalid, "the application was not found in the tenant (an unknown client ID, or the wrong tenant)"),
		"700027":  sure(AuthInvalid, "the client assertion failed signature validation"),
		"7000218": sure(AuthMissing, "the request has no client_assertion or client_secret"),
		"54005":   sure(AuthInvalid, "the authorization code was already redeemed"),
		"70008":   sure(AuthExpired, "the refresh token or authorization code has expired or was revoked"),
		"700082":  sure(AuthExpired, "the refresh token has expired due to inactivity"),
		"700084":  sure(AuthExpired, "the single-page app's refresh token has expired"),
		"70043":   sure(AuthExpired, "the refresh token expired by the sign-in frequency of Conditional Access"),
		"50133":   sure(AuthExpired, "the session is invalid after a password expiry or change"),
		"50055":   sure(AuthExpired, "the password has expired", "Change the password (sign in interactively), then request the token again."),
		"50173":   guess("the grant was revoked: a fresh token is needed", AuthExpired, AuthInvalid),
		"700024":  guess("the client assertion is not within its valid time range", AuthExpired, ClockSkew),
		"500133":  guess("the assertion is not within its valid time range", AuthExpired, ClockSkew),
		"50013":   guess("the assertion is invalid (its issuer, expiry or form)", AuthInvalid, AuthExpired),
		"70000":   guess("the grant is invalid (the refresh token or code is not valid)", AuthInvalid, AuthExpired),
		"65001":   sure(PermissionScope, "the user or an administrator has not consented to the application", consentFix),
		"65004":   sure(PermissionScope, "the user declined consent to the application", consentFix),
		"90094":   sure(PermissionScope, "administrator consent is required", consentFix),
		"50105":   sure(PermissionScope, "the user is not assigned to a role of the application"),
		"53003":   guess("access was blocked by Conditional Access policies", PermissionScope, IPAllowlist),
		"53000":   guess("Conditional Access requires a compliant device", PermissionScope),
		"50076":   guess("multi-factor authentication is required", PermissionScope),
		"50079":   sure(AccountState, "the user must enrol for multi-factor authentication"),
		"50057":   sure(AccountState, "the user account is disabled"),
		"50053":   guess("the account is locked (too many sign-in attempts, or from a malicious address)", AccountState, IPAllowlist),
		"7000112": sure(AccountState, "the application is disabled"),
		"50011":   guess("the redirect URI does not match the ones registered for the application", PermissionScope),
		"70011":   guess("the scope requested by the application is invalid", PermissionScope),
	}
})

// Meta Graph API error codes (error.code of an OAuthException):
// https://developers.facebook.com/docs/graph-api/guides/error-handling,
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting.
func metaCode(code, sub int) (codeMeaning, bool) {
	switch {
	case code == 190 && sub == 463:
		return sure(AuthExpired, "the access token has expired"), true
	case code == 190 && (sub == 460 || sub == 458 || sub == 467 || sub == 492):
		return sure(AuthInvalid, "the access token is invalid (password changed, app not installed, or the session invalidated)"), true
	case code == 190 && sub == 464:
		return sure(AccountState, "the user is unconfirmed"), true
	case code == 190, code == 102:
		return guess("the access token has expired, been revoked or is otherwise invalid", AuthInvalid, AuthExpired), true
	case code == 10, code >= 200 && code <= 299:
		return sure(PermissionScope, "a permission is not granted or was removed"), true
	case code == 4, code == 17, code == 32, code == 613, code == 341, code >= 80000 && code <= 80014:
		return sure(RateLimit, "an application, user, page or business rate limit was reached"), true
	case code == 368:
		return guess("the account is temporarily blocked for policy violations", AccountState), true
	}
	return codeMeaning{}, false
}

// PostgREST and PostgreSQL codes (a body of code, message, details and
// hint): https://docs.postgrest.org/en/stable/references/errors.html,
// https://www.postgresql.org/docs/current/errcodes-appendix.html. Row-level
// security that denies a row is a permission (issue 14 §6).
var postgrestCodes = sync.OnceValue(func() map[string]codeMeaning {
	return map[string]codeMeaning{
		"42501":    sure(PermissionScope, "insufficient privilege: a grant or a row-level security policy does not allow this", "Grant the role the privilege on the table, or change the row-level security policy so that it allows this row for the JWT's role and claims; an anonymous request runs as the anon role."),
		"28000":    guess("invalid authorization specification", AuthInvalid),
		"28P01":    sure(AuthInvalid, "invalid password"),
		"PGRST301": guess("the JWT could not be decoded or is invalid", AuthInvalid, AuthExpired, AuthMalformed),
		"PGRST302": sure(AuthMissing, "anonymous requests are disabled: a JWT is required"),
		"PGRST303": guess("the JWT's claims failed validation (its expiry or issue time)", AuthExpired, ClockSkew, AuthInvalid),
	}
})

// Twilio error codes (code next to more_info): https://www.twilio.com/docs/api/errors.
var twilioCodes = sync.OnceValue(func() map[int]codeMeaning {
	return map[int]codeMeaning{
		20003: guess("authentication failed: the Account SID or Auth Token is missing or wrong", AuthInvalid, AuthMissing),
		20005: sure(AccountState, "the account is not active"),
		20006: guess("access denied", PermissionScope),
		20008: guess("the resource is not accessible with test credentials", AccountState),
		20429: sure(RateLimit, "too many requests"),
		21608: sure(AccountState, "a trial account may not send to an unverified number"),
	}
})

// WeChat and WeCom global return codes (errcode next to errmsg), read
// only from their hosts or an errmsg that links their documentation: other
// APIs use the same numbers for other things.
// https://developers.weixin.qq.com/doc/offiaccount/en/Getting_Started/Global_Return_Code.html,
// https://developer.work.weixin.qq.com/document/path/90313.
var wechatCodes = sync.OnceValue(func() map[int]codeMeaning {
	return map[int]codeMeaning{
		// also the answer to a token another call has since replaced
		40001: guess("the credential (access_token or secret) is invalid or not the latest", AuthInvalid, AuthExpired),
		40013: sure(AuthInvalid, "the AppID or CorpID is invalid"),
		// expired tokens are answered so too
		40014: guess("the access_token is invalid", AuthInvalid, AuthExpired),
		40125: sure(AuthInvalid, "the AppSecret is invalid"),
		40164: sure(IPAllowlist, "the calling IP address is not on the IP whitelist", "Add the server's public IP address to the account's IP whitelist (WeChat: Basic configuration; WeCom: the app's trusted IPs), or call from a whitelisted address."),
		41001: sure(AuthMissing, "the access_token parameter is missing"),
		42001: sure(AuthExpired, "the access_token has expired (it lasts 7200 seconds)"),
		45009: sure(RateLimit, "the API's daily call quota was reached"),
		45011: sure(RateLimit, "the API's per-minute quota was reached"),
		48001: sure(PermissionScope, "the account is not authorized for this API"),
		48002: guess("the app may not call this API", PermissionScope),
		60011: sure(PermissionScope, "the app has no privilege over this data"),
		60020: sure(IPAllowlist, "calls from this IP address are not allowed (not a trusted IP of the app)", "Add the server's public IP address to the app's trusted IPs (WeCom admin console, the app's settings), or call from a trusted address."),
	}
})
