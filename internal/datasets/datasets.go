// Package datasets finds the public benchmark data that lives outside the
// repository (../shared/data beside the checkout, or $STORYLINE_DATASETS)
// for tests, evaluations and training commands. It never copies data into
// the repository.
package datasets

import (
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the environment variable that overrides the data folder.
const EnvVar = "STORYLINE_DATASETS"

// ErrNotFound is returned when the data folder cannot be located.
var ErrNotFound = errors.New("benchmark data not found")

// Root returns the folder holding the public data sets: $STORYLINE_DATASETS
// when set, else shared/data beside the repository root (the nearest parent
// of the working directory holding go.mod).
func Root() (string, error) {
	if d := os.Getenv(EnvVar); d != "" {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			return "", fmt.Errorf("%w: $%s=%s is not a folder", ErrNotFound, EnvVar, d)
		}
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			d := filepath.Join(filepath.Dir(dir), "shared", "data")
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				return d, nil
			}
			return "", fmt.Errorf("%w: no %s (set $%s)", ErrNotFound, d, EnvVar)
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("%w: no go.mod above %s (set $%s)", ErrNotFound, wd, EnvVar)
		}
	}
}

// Path joins rel to Root.
func Path(rel ...string) (string, error) {
	root, err := Root()
	if err != nil {
		return "", err
	}
	p := filepath.Join(append([]string{root}, rel...)...)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%w: %v", ErrNotFound, err)
	}
	return p, nil
}

// Require returns the path of rel inside the data folder for a test. When
// the data is missing the test is skipped, except under CI (CI=true), where
// missing data is a failure: CI must measure what it claims to.
func Require(tb testing.TB, rel ...string) string {
	tb.Helper()
	p, err := Path(rel...)
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("CI=true and data missing: %v", err)
		}
		tb.Skipf("data missing: %v", err)
	}
	return p
}

// Seeds returns the seed articles folder (shared/seeds beside the data
// folder), with the same skip/fail rule as Require.
func Seeds(tb testing.TB) string {
	tb.Helper()
	root, err := Root()
	if err == nil {
		p := filepath.Join(filepath.Dir(root), "seeds")
		if _, err = os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("CI=true and seeds missing: %v", err)
	}
	tb.Skipf("seeds missing: %v", err)
	return ""
}

// SeedsExpected decodes the seeds' expected.json (what an editor reads
// out of the seed articles) into v, which names the parts a test checks;
// missing seeds follow Seeds' skip/fail rule.
func SeedsExpected(tb testing.TB, v any) {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(Seeds(tb), "expected.json"))
	if err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("seeds expected.json: %v", err)
	}
}

// ReadGzip reads a gzip-compressed data file whole, as the benchmarks
// store their pages.
func ReadGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
