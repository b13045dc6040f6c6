// Package phone is the HTTP adapter of phone providers: the callbacks a
// Twilio-compatible provider makes (incoming SMS, the instructions of a
// call, delivery status) and a provider-neutral inbound endpoint for any
// other SMS gateway. It authenticates every request (the provider's
// X-Twilio-Signature, or the webhook signature for the neutral endpoint),
// turns what a phone says into an action of the engine or the contacts
// service, and answers in the provider's language (TwiML, or JSON).
//
// It holds no state and never touches the store: acknowledgements go
// through the engine's accept path (the same as AcceptPage READ), opt-out
// and opt-in through the contacts service.
//
// # Endpoints
//
//	POST /_ssmcontacts/twilio/sms     incoming SMS (the number's "A message comes in" webhook)
//	POST /_ssmcontacts/twilio/voice   what a call says, and the key pressed (?m=<message>&s=<mac>)
//	POST /_ssmcontacts/twilio/status  delivery status of a text or call (?m=<message>&s=<mac>)
//	POST /_ssmcontacts/inbound        {"from": "+1…", "body": "…"} from any gateway → {"reply": "…"}
//
// The voice and status URLs are made by this package (Links) and carry
// the outbox message id with an HMAC over it, so that a URL cannot be
// edited to name another message, on top of the provider's signature.
//
// # Replies
//
// A reply from a number acts only on pages sent to that number (see
// engage.OpenPagesTo), whichever account they belong to: the holder of
// the phone was sent them. STOP and START act on the SMS channels with
// the number. Answers never name accounts, contacts or channels.
//
// # Limits
//
// The Twilio signature is checked against --public-url plus the request's
// path and query: a proxy in front must keep the path (after any prefix
// that is part of --public-url). JSON-bodied Twilio webhooks (bodySHA256)
// are not served. The inbound endpoint's replay window is the signature's
// tolerance (5 minutes); replaying a reply in it repeats an idempotent
// action (an acknowledgement, STOP), or asks for codes that the hourly
// limit on activation codes bounds (START).
package phone
