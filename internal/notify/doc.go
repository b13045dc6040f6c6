// Package notify is the delivery boundary: it turns a Message (an
// activation code or a page) into an email over SMTP or a signed webhook
// call, and reports how it left or why it did not. It holds no state
// beyond its configuration; the outbox that records every message, and
// decides when to send or resend one, lives elsewhere.
//
// Senders: SMTP (EMAIL channels).
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
// # Errors
//
// A failed Send returns an *Error whose text can be stored as the
// outbox's failure reason: the SMTP step and reply code, with a bounded,
// single-line excerpt of the server's reply. Errors never contain
// passwords.
//
// # Limits
//
// No connection pooling for SMTP; one recipient per message; plain-text
// email only.
package notify
