// Command why403 tells a developer why an HTTP request is refused.
package main

import (
	"context"
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/why403/why403/ui/cli"
)

func main() {
	// net/http logs stray server bytes through the standard logger; they
	// must not reach the terminal unescaped.
	log.SetOutput(io.Discard)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.OSEnv())
	stop()
	os.Exit(code)
}
