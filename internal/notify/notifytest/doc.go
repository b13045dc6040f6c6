// Package notifytest provides a Recorder, a notify.Sender for tests of
// the packages that send messages: it keeps what it is given, can fail on
// demand, and lets a test wait for deliveries instead of sleeping.
//
// It delivers nothing anywhere; the real transports are tested in notify.
package notifytest
