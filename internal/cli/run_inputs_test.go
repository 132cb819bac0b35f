package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
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

// A --out that cannot be written fails before the store is opened (a run
// may take hours), naming the path and the reason.
func TestRunChecksOutBeforeTheRun(t *testing.T) {
	seeds := datasets.Seeds(t)
	tmp := t.TempDir()
	file := filepath.Join(tmp, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, out, inStderr string }{
		{"missing folder", filepath.Join(tmp, "no", "such", "stories.html"), "no such file or directory"},
		{"a folder", tmp, "is a folder"},
		{"below a file", filepath.Join(file, "stories.html"), "not a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			_, errs, code := run(t, "run", "--quiet", "--data", data, "--out", tt.out, seeds)
			if code == 0 || !strings.Contains(errs, tt.out) || !strings.Contains(errs, tt.inStderr) {
				t.Errorf("exit %d, stderr %q; want a failure naming %s and %q", code, errs, tt.out, tt.inStderr)
			}
			if _, err := os.Stat(data); err == nil {
				t.Errorf("the store was opened (and the run made) before --out was found unwritable")
			}
		})
	}
}

// --out is replaced whole once the output is complete: an interrupted run
// leaves the previous file as it was, and no temporary file stays behind.
func TestRunOutReplacedWhole(t *testing.T) {
	seeds := datasets.Seeds(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "stories.html")
	if err := os.WriteFile(out, []byte("previous"), 0o640); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	env := &cli.Env{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }}
	if code := cli.Run(ctx, env, []string{"run", "--quiet", "--data", t.TempDir(), "--format", "html", "--out", out, seeds}); code != 130 {
		t.Fatalf("interrupted run: exit %d", code)
	}
	if b, _ := os.ReadFile(out); string(b) != "previous" {
		t.Errorf("an interrupted run changed --out to %d bytes", len(b))
	}
	_, errs, code := run(t, "run", "--quiet", "--data", t.TempDir(), "--format", "html", "--out", out, seeds)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(b), "</html>") {
		t.Errorf("--out holds %d bytes (%v), want the whole page", len(b), err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o640 {
		t.Errorf("--out mode %v (%v), want the previous file's 0640", fi.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files beside --out: %v, want only stories.html", names)
	}
}

// The summary line counts in English: "1 problem", "1 storyline"; a
// second run over the same data folder with nothing new tells no story
// again.
func TestRunSummaryLineCounts(t *testing.T) {
	seeds := datasets.Seeds(t)
	data := t.TempDir()
	_, errs, code := run(t, "run", "--data", data, seeds)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"6 files read", "1 problem;", "2 stories in 1 storyline, 2 told anew, 0 as told before ("} {
		if !strings.Contains(errs, want) {
			t.Errorf("summary lacks %q: %s", want, errs)
		}
	}
	_, errs, code = run(t, "run", "--data", data, seeds)
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errs)
	}
	if want := "2 stories in 1 storyline, 0 told anew, 2 as told before ("; !strings.Contains(errs, want) {
		t.Errorf("second run's summary lacks %q: %s", want, errs)
	}
}

// extract's closing line counts problems: one WARC with two bad records
// is one input and two problems.
func TestExtractCountsProblems(t *testing.T) {
	dir := t.TempDir()
	warc := filepath.Join(dir, "bad.warc")
	if err := os.WriteFile(warc, []byte("not a warc\r\n\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, errs, code := run(t, "extract", "--format", "jsonl", empty)
	if code != 1 || !strings.Contains(errs, "nothing extracted (1 problem)") {
		t.Errorf("exit %d, stderr %q; want 1 and 'nothing extracted (1 problem)'", code, errs)
	}
	if _, errs, _ = run(t, "extract", "--format", "jsonl", warc, empty); strings.Contains(errs, "inputs failed") {
		t.Errorf("problems counted as failed inputs: %q", errs)
	}
}

// `storyline run .` in a folder that holds ./storyline-data reads the
// articles, not its own database (which gave a problem per store file on
// every run).
func TestRunSkipsItsOwnDataFolder(t *testing.T) {
	dir := t.TempDir()
	body := "Putin meets Kerry in Moscow\n\nRussian President Vladimir Putin met US Secretary of State John Kerry in Moscow on Thursday.\n"
	if err := os.WriteFile(filepath.Join(dir, "story.txt"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "storyline-data")
	for i := 0; i < 2; i++ {
		_, errs, code := run(t, "run", "--data", data, dir)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		if strings.Contains(errs, "storyline.db") && strings.Contains(errs, "unsupported") || !strings.Contains(errs, " 0 problems") {
			t.Errorf("run %d read the data folder: %s", i+1, errs)
		}
	}
}

// What run printed, saved in the folder it reads (stories.html beside the
// articles), is not read back as an article on the next run: the page
// would join a story with the text of every story, and the JSON would
// replace the articles it copies.
func TestRunSkipsItsOwnOutput(t *testing.T) {
	seeds := datasets.Seeds(t)
	dir := t.TempDir()
	for _, name := range []string{"000_f5a3a090232f9dbb.txt", "003_22fe07c83436d0f1.txt"} {
		b, err := os.ReadFile(filepath.Join(seeds, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(t.TempDir(), "data")
	for _, f := range []struct{ format, name string }{{"html", "stories.html"}, {"json", "stories.json"}, {"text", "stories.txt"}} {
		if _, errs, code := run(t, "run", "--quiet", "--data", data, "--format", f.format, "--out", filepath.Join(dir, f.name), dir); code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
	}
	out, errs, code := run(t, "run", "--data", filepath.Join(t.TempDir(), "fresh"), "--format", "json", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var c contract
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Articles) != 2 {
		var ids []string
		for _, a := range c.Articles {
			ids = append(ids, a.ID)
		}
		t.Errorf("articles %v, want the 2 seeds only", ids)
	}
	for _, name := range []string{"stories.html", "stories.json", "stories.txt"} {
		if !strings.Contains(errs, name+": storyline's own output") {
			t.Errorf("%s not reported as Storyline's own output: %s", name, errs)
		}
	}
}

// regroup reads what is stored: a data folder without a store (a typo) is
// an error naming it, and is not created; worker does not create one when
// its NATS server is not there.
func TestRegroupAndWorkerCreateNoEmptyStore(t *testing.T) {
	data := filepath.Join(t.TempDir(), "no-such-data")
	_, errs, code := run(t, "regroup", "--data", data)
	if code != 1 || !strings.Contains(errs, data) || !strings.Contains(errs, "no store") {
		t.Errorf("regroup: exit %d, stderr %q; want 1 and 'no store in %s'", code, errs, data)
	}
	if _, err := os.Stat(data); err == nil {
		t.Error("regroup created the data folder")
	}
	_, errs, code = run(t, "worker", "--nats", "nats://127.0.0.1:1", "--data", data, "--until-idle")
	if code == 0 {
		t.Errorf("worker without a NATS server: exit 0, stderr %q", errs)
	}
	if _, err := os.Stat(data); err == nil {
		t.Error("worker created the data folder before finding no NATS server")
	}
	// A store filled by run regroups.
	seeds := datasets.Seeds(t)
	if _, errs, code := run(t, "run", "--quiet", "--data", data, seeds); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	if _, errs, code := run(t, "regroup", "--quiet", "--data", data); code != 0 {
		t.Errorf("regroup of a filled store: exit %d: %s", code, errs)
	}
}

// A run none of whose inputs gave an article exits 1 after printing what
// is stored, so a script notices a broken feed; a run with one good input
// among bad ones, or on inputs read before, exits 0.
func TestRunNothingReadExits1(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	broken := filepath.Join(dir, "broken.rss")
	good := filepath.Join(dir, "good.txt")
	for path, body := range map[string]string{empty: "", broken: "<rss><channel><item><title>x",
		good: "Storm hits the coast\n\nA powerful storm hit the northern coast on Friday, cutting power to thousands.\n"} {
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	out, errs, code := run(t, "run", "--data", data, empty, broken)
	if code != 1 || !strings.Contains(errs, "no article read") || !strings.Contains(out, "0 articles") {
		t.Errorf("only bad inputs: exit %d, stdout %q, stderr %q; want exit 1, the (empty) stories printed and 'no article read'", code, out, errs)
	}
	if _, errs, code := run(t, "run", "--data", data, empty, good); code != 0 {
		t.Errorf("one good input: exit %d: %s", code, errs)
	}
	if _, errs, code := run(t, "run", "--data", data, good); code != 0 {
		t.Errorf("input read before: exit %d: %s", code, errs)
	}
}
