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

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Getenv: func(string) string { return "" }}
	code = cli.Run(context.Background(), env, args)
	return out.String(), errb.String(), code
}

type contract struct {
	Articles []struct {
		ID        string  `json:"id"`
		Title     *string `json:"title"`
		Published *string `json:"published"`
		Story     string  `json:"story"`
	} `json:"articles"`
	Stories []struct {
		ID       string   `json:"id"`
		Articles []string `json:"articles"`
		Summary  []struct {
			Text     string   `json:"text"`
			Articles []string `json:"articles"`
		} `json:"summary"`
	} `json:"stories"`
	Storylines []struct {
		ID      string   `json:"id"`
		Stories []string `json:"stories"`
	} `json:"storylines"`
}

func TestRunSeedsTwiceAddsNothing(t *testing.T) {
	seeds := datasets.Seeds(t)
	data := t.TempDir()
	// Flags after the path, then before it: both must work.
	out1, errs, code := run(t, "run", seeds, "--data", data, "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "expected.json") {
		t.Errorf("expected.json not reported as skipped: %s", errs)
	}
	out2, errs2, code := run(t, "run", "--format", "json", "--data", data, seeds)
	if code != 0 {
		t.Fatalf("second run exit %d: %s", code, errs2)
	}
	if !strings.Contains(errs2, "0 new") {
		t.Errorf("second run added articles: %s", errs2)
	}
	if strings.Contains(errs2, "no articles found") {
		t.Errorf("a folder read by an earlier run is reported empty: %s", errs2)
	}
	var c1, c2 contract
	if err := json.Unmarshal([]byte(out1), &c1); err != nil {
		t.Fatalf("first output is not JSON: %v", err)
	}
	if err := json.Unmarshal([]byte(out2), &c2); err != nil {
		t.Fatalf("second output is not JSON: %v", err)
	}
	if len(c1.Articles) != 5 || len(c2.Articles) != 5 {
		t.Errorf("articles: %d then %d, want 5 and 5", len(c1.Articles), len(c2.Articles))
	}
	if len(c1.Stories) != len(c2.Stories) {
		t.Errorf("stories: %d then %d", len(c1.Stories), len(c2.Stories))
	}
	for _, a := range c1.Articles {
		if a.Story == "" {
			t.Errorf("article %s has no story", a.ID)
		}
	}
}

func TestRunFormats(t *testing.T) {
	seeds := datasets.Seeds(t)
	data := t.TempDir()
	html := filepath.Join(t.TempDir(), "page.html")
	if _, errs, code := run(t, "run", "--quiet", "--data", data, "--format", "html", "--out", html, seeds); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<!doctype html>", "Prensa Latina", "TASS", "<style>"} {
		if !strings.Contains(page, want) {
			t.Errorf("html page lacks %q", want)
		}
	}
	if strings.Contains(page, "<link") || strings.Contains(page, "src=\"http") {
		t.Error("html page is not self-contained")
	}
	text, errs, code := run(t, "run", "--quiet", "--data", data, seeds)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(text, "5 articles, 2 stories") {
		t.Errorf("text output: %s", text)
	}
}

func TestRunBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, body []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.txt", []byte("Storm hits coast\n\nThe storm reached the coast on Tuesday night and cut power to thousands of homes, officials said on Wednesday."))
	write("binary.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 0, 0})
	write("latin1.txt", []byte("Caf\xe9 owners protest\n\nThe owners of the caf\xe9 said on Monday that the new rules would force them to close early."))
	write("lines.jsonl", []byte("{\"id\":\"j1\",\"title\":\"Bridge opens\",\"text\":\"The new bridge opened to traffic on Monday after three years of work, the city said.\"}\n{not json\n"))
	write("notes.csv", []byte("a,b\n1,2\n"))
	write("empty.txt", nil)
	// A file larger than any article: sparse, so it costs no disk.
	big, err := os.Create(filepath.Join(dir, "huge.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	big.Close()
	if err := os.Mkdir(filepath.Join(dir, "empty-folder"), 0o755); err != nil {
		t.Fatal(err)
	}

	out, errs, code := run(t, "run", "--data", t.TempDir(), "--format", "json", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"binary.txt", "lines.jsonl:2", "notes.csv", "empty.txt", "huge.txt"} {
		if !strings.Contains(errs, want) {
			t.Errorf("no message names %s:\n%s", want, errs)
		}
	}
	var c contract
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, a := range c.Articles {
		ids[a.ID] = true
	}
	for _, want := range []string{"good", "latin1", "j1"} {
		if !ids[want] {
			t.Errorf("article %s missing; got %v", want, ids)
		}
	}
	if len(c.Articles) != 3 {
		t.Errorf("%d articles, want 3", len(c.Articles))
	}
}

func TestRunUsage(t *testing.T) {
	if _, _, code := run(t, "run"); code != 2 {
		t.Errorf("run without paths: exit %d, want 2", code)
	}
	if _, _, code := run(t, "run", "--format", "yaml", "x"); code != 2 {
		t.Errorf("bad format: exit %d, want 2", code)
	}
	if _, _, code := run(t, "nosuchcommand"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	_, help, code := run(t, "help")
	if code != 0 || !strings.Contains(help, "run") {
		t.Errorf("help: exit %d: %s", code, help)
	}
	_, help, code = run(t, "run", "-h")
	if code != 0 || !strings.Contains(help, "--format") && !strings.Contains(help, "-format") {
		t.Errorf("run -h: exit %d: %s", code, help)
	}
}
