// Package wire holds the request and response types of the AWS JSON 1.1
// protocol for this service, generated from the model (wire_gen.go; run
// `go generate ./internal/api/wire` after changing the model), and the
// Timestamp type the protocol uses.
package wire

//go:generate go run ./internal/wiregen -o wire_gen.go
