package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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

// outTarget is a --out file prepared before the work that fills it, so
// that a path that cannot be written fails at once instead of after a long
// run, and written beside its destination and renamed onto it at the end,
// so that a reader (a browser, a web server publishing the page) never
// sees a half-written file and a failed write leaves the old one intact.
// Paths that are not regular files (/dev/stdout, a named pipe) are written
// in place.
type outTarget struct {
	path string   // destination; empty for standard output
	f    *os.File // the file written: a temporary one, or path itself
	tmp  bool     // f is a temporary file to rename onto path
}

// prepareOut checks and opens --out (empty or "-" is standard output).
func prepareOut(path string) (*outTarget, error) {
	if path == "" || path == "-" {
		return &outTarget{}, nil
	}
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		// Write through a link, do not replace it.
		real, err := filepath.EvalSymlinks(path)
		if err != nil { // dangling: let the system create its target
			f, err := os.Create(path)
			if err != nil {
				return nil, fmt.Errorf("--out %s: %w", path, unwrapPath(err))
			}
			return &outTarget{path: path, f: f}, nil
		}
		path = real
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return nil, fmt.Errorf("--out %s: is a folder; want a file name", path)
		}
		if !fi.Mode().IsRegular() {
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				return nil, fmt.Errorf("--out %s: %w", path, err)
			}
			return &outTarget{path: path, f: f}, nil
		}
		mode = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("--out %s: folder %s: %w", path, dir, unwrapPath(err))
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("--out %s: %s is not a folder", path, dir)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("--out %s: cannot write in folder %s: %w", path, dir, unwrapPath(err))
	}
	if err := f.Chmod(mode); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("--out %s: %w", path, err)
	}
	return &outTarget{path: path, f: f, tmp: true}, nil
}

// unwrapPath drops the *PathError wrapper whose path would name the
// temporary file rather than the one the user gave.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writer is where the output goes.
func (o *outTarget) writer(env *Env) io.Writer {
	if o.f == nil {
		return env.Stdout
	}
	return o.f
}

// finish closes the output and, when err is nil, puts it in place;
// otherwise the temporary file is removed and the destination untouched.
func (o *outTarget) finish(err error) error {
	if o == nil || o.f == nil {
		return err
	}
	cerr := o.f.Close()
	if err == nil && cerr != nil {
		err = fmt.Errorf("--out %s: %w", o.path, cerr)
	}
	if !o.tmp {
		return err
	}
	if err != nil {
		os.Remove(o.f.Name())
		return err
	}
	if rerr := os.Rename(o.f.Name(), o.path); rerr != nil {
		os.Remove(o.f.Name())
		return fmt.Errorf("--out %s: %w", o.path, rerr)
	}
	return nil
}

// writeStories renders a pipeline result in format (text, json or html)
// to out.
func writeStories(env *Env, out *outTarget, format string, res *pipeline.Result) error {
	w := out.writer(env)
	r := &render.Result{Articles: res.Articles, Stories: res.Stories, Storylines: res.Storylines, Generated: time.Now()}
	var err error
	switch format {
	case "json":
		err = render.JSON(w, r)
	case "html":
		err = render.HTML(w, r)
	default:
		err = render.Text(w, r)
	}
	if err != nil && out.f != nil {
		err = fmt.Errorf("--out %s: %w", out.path, err)
	}
	return out.finish(err)
}
