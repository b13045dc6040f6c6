// Command wiregen writes package wire's generated types from the embedded
// service model (run by go generate in internal/api/wire).
package main

import (
	"flag"
	"log"
	"os"

	"github.com/ssmcontacts/ssmcontacts/internal/api/wire/internal/gen"
	"github.com/ssmcontacts/ssmcontacts/model"
)

func main() {
	out := flag.String("o", "wire_gen.go", "output file")
	flag.Parse()
	src, err := gen.Generate(model.MustLoad())
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
}
