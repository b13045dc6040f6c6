// Package notify is the delivery boundary: it turns a Message (an
// activation code or a page) into an email over SMTP or a signed webhook
// call, and reports how it left or why it did not. It holds no state
// beyond its configuration; the outbox that records every message, and
// decides when to send or resend one, lives elsewhere.
//
// Senders: SMTP (EMAIL channels), Webhook (any channel type), Twilio (SMS
// and VOICE through a Twilio-compatible REST API), and Router, which picks
// one by channel type and says what is configured. Package
// notifytest has a recording fake for other packages' tests.
//
// # Email
//
// One connection per message. smtp:// uses STARTTLS whenever the server
// offers it; smtps:// is TLS from the first byte. Certificates are always
// verified, against the system roots or the RootCAs of SMTPConfig.TLS
// (there is no switch to skip verification). Credentials in the URL are
// sent with AUTH PLAIN, or LOGIN when that is all the server offers, and
// only over TLS or to a loopback host: if an smtp:// server does not offer
// STARTTLS, or someone on the path strips it, the delivery fails with a
// permanent error before the password is sent. Without credentials,
// an smtp:// server that does not offer STARTTLS gets the message in
// clear text; use smtps:// to make encryption mandatory.
//
// The message is text/plain in UTF-8 (7bit when it is short-lined ASCII,
// quoted-printable otherwise), with an RFC 2047 subject when it is not
// ASCII. Its Message-ID is "<ID@from-domain>", the same every time the
// message is sent, and is the provider message ID. It also carries
// X-Ssmcontacts-Message-Id, X-Ssmcontacts-Kind, and for pages
// X-Ssmcontacts-Page-Arn. The body is the caller's text, then
// "Activation code: NNNNNN" or "Accept code: NNNNNN" and, for a page with
// an AckURL, "Acknowledge this page: URL".
//
// # Webhook
//
// Each message is a POST of a JSON object (WebhookPayload) to one URL:
//
//	{
//	  "version": 1,                 // WebhookPayloadVersion
//	  "messageId": "0b8f…",         // unique per message, the same on every retry: de-duplicate on it
//	  "kind": "PAGE",               // or "ACTIVATION"
//	  "channelType": "SMS",         // or "VOICE", "EMAIL"
//	  "address": "+12065550100",    // E.164 number or email address
//	  "channelArn": "arn:aws:ssm-contacts:…:contact-channel/…",
//	  "contactArn": "arn:aws:ssm-contacts:…:contact/…",
//	  "pageArn": "arn:aws:ssm-contacts:…:page/…",             // pages only
//	  "engagementArn": "arn:aws:ssm-contacts:…:engagement/…", // pages only
//	  "subject": "…",               // may be empty
//	  "body": "…",                  // may be empty
//	  "code": "425440",             // activation code or accept code
//	  "ackUrl": "https://…",        // pages only, when there is one
//	  "createdAt": "2026-11-27T09:30:00Z" // RFC 3339, UTC
//	}
//
// Absent optional fields are left out. New fields may be added without
// changing the version; receivers should ignore fields they do not know.
//
// Headers: Content-Type: application/json, X-Ssmcontacts-Message-Id (the
// messageId), X-Ssmcontacts-Timestamp (Unix seconds when this attempt was
// made) and X-Ssmcontacts-Signature: "sha256=" followed by the lower-case
// hex HMAC-SHA256, keyed with the shared secret, of
//
//	<X-Ssmcontacts-Timestamp value> + "." + <the exact body bytes>
//
// To verify, a receiver (VerifyWebhookSignature does all of this):
//  1. reads the body as bytes, before any JSON decoding;
//  2. rejects the call unless the timestamp is within its tolerance of its
//     own clock (5 minutes is usual), which stops replays of old calls;
//  3. computes the HMAC above and compares it with the header in constant
//     time;
//  4. drops a messageId it has already processed, which stops replays
//     within the tolerance and absorbs retries.
//
// Any 2xx reply is success. The provider message ID is taken from a JSON
// reply {"messageId": "…"}, else from an X-Message-Id response header,
// else it is the messageId sent. Redirects are not followed and fail.
//
// Network errors, timeouts (WebhookConfig.AttemptTimeout per attempt), 429
// and 5xx are retried with exponential backoff and jitter, up to
// MaxAttempts calls; a Retry-After header (seconds or an HTTP date) sets
// the wait instead, unless it is longer than MaxDelay, in which case Send
// returns at once with Error.RetryAfter set. Other 4xx replies fail at
// once, as permanent errors.
//
// # Twilio
//
// SMS is a POST of To, From (or MessagingServiceSid), Body (SMSText: one
// or two segments) and StatusCallback to
// {api}/2010-04-01/Accounts/{sid}/Messages.json; a call is a POST of To,
// From, Url (where the provider fetches what to say when the callee
// answers), StatusCallback and MachineDetection=Enable to Calls.json. Both
// use basic auth (account SID, auth token). The provider's sid (SM…, CA…)
// is the provider message ID. 429 and 5xx are retried as webhook calls
// are; other 4xx fail at once, with the provider's error code and message
// in the error. The URLs the provider calls back come from TwilioCallbacks;
// serving them is another package's job.
//
// # Errors
//
// A failed Send returns an *Error whose text can be stored as the
// outbox's failure reason: the HTTP status with a bounded, single-line
// excerpt of the reply, or the SMTP step and reply code. Errors never
// contain passwords, the signing secret, or the webhook URL's path and
// query (which often hold tokens): webhooks are named by scheme and host.
//
// # Limits
//
// No connection pooling for SMTP; one recipient per message; plain-text
// email only. SMS and VOICE reach phones through a Twilio-compatible API,
// or through the webhook and a bridge of the receiver's own.
package notify
