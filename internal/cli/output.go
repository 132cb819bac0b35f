package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/render"
)

// writeJSON writes v as indented JSON followed by a newline.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// openOut returns the writer for --out: the file (created) or stdout.
func openOut(env *Env, path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return env.Stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, fmt.Errorf("--out: %w", err)
	}
	return f, f.Close, nil
}

// checkFormat validates a --format value against the allowed ones.
func checkFormat(got string, allowed ...string) error {
	for _, a := range allowed {
		if got == a {
			return nil
		}
	}
	return fmt.Errorf("%w: --format %q: want one of %v", ErrUsage, got, allowed)
}

// writeStories renders a pipeline result in format (text, json or html)
// to path, or to standard output when path is empty.
func writeStories(env *Env, path, format string, res *pipeline.Result) error {
	w, closeOut, err := openOut(env, path)
	if err != nil {
		return err
	}
	r := &render.Result{Articles: res.Articles, Stories: res.Stories, Storylines: res.Storylines, Generated: time.Now()}
	switch format {
	case "json":
		err = render.JSON(w, r)
	case "html":
		err = render.HTML(w, r)
	default:
		err = render.Text(w, r)
	}
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}
