// Command storyline is the news story engine's single binary: see
// `storyline help`.
package main

import (
	"os"

	"github.com/storyline-news/storyline/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:]))
}
