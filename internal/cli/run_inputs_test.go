package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/cli"
	"github.com/storyline-news/storyline/internal/datasets"
)

func TestRunRefusesBadInputsBeforeOpeningTheStore(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"every path missing", []string{"/no/such/input", "/no/such/other"}, 1, "no input to read"},
		{"URL without --fetch", []string{"https://example.com/news.rss"}, 2, "add --fetch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			_, errs, code := run(t, append([]string{"run", "--data", data}, tt.args...)...)
			if code != tt.code || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errs, tt.code, tt.inStderr)
			}
			if _, err := os.Stat(data); err == nil {
				t.Errorf("the data folder was created for a command line that reads nothing")
			}
		})
	}
}

func TestRunInterruptedExits130(t *testing.T) {
	seeds := datasets.Seeds(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb bytes.Buffer
	env := &cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }}
	code := cli.Run(ctx, env, []string{"run", "--quiet", "--data", t.TempDir(), seeds})
	if code != 130 || !strings.Contains(errb.String(), "interrupted") {
		t.Errorf("exit %d, stderr %q; want 130 and an interruption message", code, errb.String())
	}
}
