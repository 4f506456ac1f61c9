// Command why403 tells a developer why an HTTP request is refused.
package main

import (
	"io"
	"log"
	"os"

	"github.com/why403/why403/ui/cli"
)

func main() {
	// net/http logs stray server bytes through the standard logger; they
	// must not reach the terminal unescaped.
	log.SetOutput(io.Discard)
	os.Exit(cli.Run(os.Args[1:], cli.OSEnv()))
}
