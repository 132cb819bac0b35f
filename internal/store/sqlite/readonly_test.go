package sqlite_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// skipRoot skips tests of file permissions when running as root, which
// ignores them.
func skipRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() == 0 {
		t.Skip("root ignores file permissions")
	}
}

// freeze makes dir and every file in it read-only (0555 and 0444), and
// undoes it at cleanup so the temporary folder can be removed.
func freeze(t *testing.T, dir string, files bool) {
	t.Helper()
	if files {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			p := filepath.Join(dir, e.Name())
			if err := os.Chmod(p, 0o444); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(p, 0o644) })
		}
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
}

// filled makes a data folder with two articles and the storetest grouping,
// closed cleanly (no -wal or -shm left).
func filled(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s := open(t, dir)
	as := []*model.Article{
		storetest.Article("a1", 0, "Storm hits the coast", "A powerful storm hit the northern coast."),
		storetest.Article("a2", 1, "Budget vote delayed", "Parliament delayed the budget vote."),
	}
	if _, err := s.PutArticles(ctx, as); err != nil {
		t.Fatal(err)
	}
	stories, lines := storetest.Grouping()
	if err := s.ReplaceGrouping(ctx, stories, lines); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// killedWriter leaves dir as a writer process killed mid-write leaves it:
// committed batches partly in the -wal, the -shm beside it, and a batch
// being written.
func killedWriter(t *testing.T, dir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriter$")
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_WRITER_DIR="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	for seen := 0; seen < 3; {
		n, err := stdout.Read(buf)
		if err != nil {
			t.Fatalf("writer ended early: %v", err)
		}
		seen += strings.Count(string(buf[:n]), "\n")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(filepath.Join(dir, sqlite.FileName+suffix)); err != nil {
			t.Fatalf("killed writer left no %s file: %v", suffix, err)
		}
	}
}

// allow returns a context allowing read-only opens and the reasons
// reported.
func allow() (context.Context, *[]string) {
	var reasons []string
	ctx := sqlite.AllowReadOnly(context.Background(), func(path, reason string) {
		reasons = append(reasons, path+": "+reason)
	})
	return ctx, &reasons
}

// checkReads checks that s answers reads and refuses writes.
func checkReads(t *testing.T, s *sqlite.Store, wantArticles int, searchFor string) {
	t.Helper()
	ctx := context.Background()
	if ro, why := s.ReadOnly(); !ro || why == "" {
		t.Errorf("ReadOnly() = %v, %q; want true and a reason", ro, why)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if st.Articles != wantArticles {
		t.Errorf("Stats: %d articles, want %d", st.Articles, wantArticles)
	}
	as, err := s.Articles(ctx, store.ArticleFilter{})
	if err != nil || len(as) != wantArticles {
		t.Errorf("Articles: %d, %v; want %d", len(as), err, wantArticles)
	}
	hits, err := s.Search(ctx, searchFor, 5)
	if err != nil || len(hits) == 0 {
		t.Errorf("Search %q: %d hits, %v", searchFor, len(hits), err)
	}
	_, err = s.PutArticles(ctx, []*model.Article{storetest.Article("new", 0, "New", "new text")})
	if !errors.Is(err, store.ErrReadOnly) || !strings.Contains(err.Error(), s.Path()) {
		t.Errorf("PutArticles on a read-only store: %v; want ErrReadOnly naming %s", err, s.Path())
	}
	if err := s.ReplaceGrouping(ctx, nil, nil); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("ReplaceGrouping on a read-only store: %v; want ErrReadOnly", err)
	}
	if err := s.MarkIngested(ctx, store.Input{Origin: "x", Size: 1}); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("MarkIngested on a read-only store: %v; want ErrReadOnly", err)
	}
}

func TestOpenReadOnlyFolder(t *testing.T) {
	skipRoot(t)
	cases := []struct {
		name string
		// setup returns the data folder, the articles it holds and a word
		// to search for.
		setup      func(t *testing.T) (string, int)
		word       string
		wantReason string // in the reported reason
	}{
		{"clean folder and files", func(t *testing.T) (string, int) {
			dir := filled(t)
			freeze(t, dir, true)
			return dir, 2
		}, "storm", "immutable"},
		{"read-only folder, writable file", func(t *testing.T) (string, int) {
			dir := filled(t)
			freeze(t, dir, false)
			return dir, 2
		}, "budget", "folder"},
		{"read-only file, writable folder", func(t *testing.T) (string, int) {
			dir := filled(t)
			if err := os.Chmod(filepath.Join(dir, sqlite.FileName), 0o444); err != nil {
				t.Fatal(err)
			}
			return dir, 2
		}, "storm", "file"},
		{"killed writer's -wal and -shm left", func(t *testing.T) (string, int) {
			dir := t.TempDir()
			killedWriter(t, dir)
			// What a writable open sees is the truth the read-only one
			// must match; read it from a copy, which folds in the -wal.
			n := articlesInCopy(t, dir)
			freeze(t, dir, true)
			return dir, n
		}, "payload", "not writable"},
	}
	// Only a folder with no -shm file and no way to make one is read as
	// immutable; the others keep SQLite's locking and -wal.
	immutable := map[string]bool{"clean folder and files": true, "read-only folder, writable file": true}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, n := c.setup(t)
			// The writing open still refuses, naming the file and why.
			if s, err := sqlite.Open(context.Background(), dir); err == nil {
				s.Close()
				t.Fatal("Open without AllowReadOnly succeeded")
			} else if !strings.Contains(err.Error(), "not writable") {
				t.Errorf("Open without AllowReadOnly: %v; want it to say not writable", err)
			}
			ctx, reasons := allow()
			s, err := sqlite.Open(ctx, dir)
			if err != nil {
				t.Fatalf("Open with AllowReadOnly: %v", err)
			}
			checkReads(t, s, n, c.word)
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
			if len(*reasons) != 1 || !strings.Contains((*reasons)[0], c.wantReason) {
				t.Errorf("reported %q, want one reason saying %q", *reasons, c.wantReason)
			}
			if len(*reasons) == 1 && strings.Contains((*reasons)[0], "immutable") != immutable[c.name] {
				t.Errorf("reported %q: want immutable %v", *reasons, immutable[c.name])
			}
			if n%killBatch == 0 && c.word == "payload" && n < 3*killBatch {
				t.Errorf("%d articles after the kill, want at least 3 batches", n)
			}
		})
	}
}

// articlesInCopy counts the articles of the data folder dir as a writable
// open of a copy of it (database, -wal, -shm) sees them.
func articlesInCopy(t *testing.T, dir string) int {
	t.Helper()
	cp := t.TempDir()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(filepath.Join(dir, sqlite.FileName+suffix))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cp, sqlite.FileName+suffix), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := open(t, cp)
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles == 0 || st.Articles%killBatch != 0 {
		t.Fatalf("copy of the killed writer's folder: %d articles, want whole batches of %d", st.Articles, killBatch)
	}
	return st.Articles
}

func TestOpenReadOnlyRefuses(t *testing.T) {
	skipRoot(t)
	cases := []struct {
		name  string
		setup func(t *testing.T) string
		want  string
	}{
		{"no database", func(t *testing.T) string {
			dir := t.TempDir()
			freeze(t, dir, true)
			return dir
		}, "does not exist"},
		{"-wal without its -shm", func(t *testing.T) string {
			dir := t.TempDir()
			killedWriter(t, dir)
			if err := os.Remove(filepath.Join(dir, sqlite.FileName+"-shm")); err != nil {
				t.Fatal(err)
			}
			freeze(t, dir, true)
			return dir
		}, "-shm"},
		{"older schema", func(t *testing.T) string {
			dir := filled(t)
			if err := sqlite.SetSchemaVersion(dir, sqlite.SchemaVersion-1); err != nil {
				t.Fatal(err)
			}
			freeze(t, dir, true)
			return dir
		}, "older"},
		{"newer schema", func(t *testing.T) string {
			dir := filled(t)
			if err := sqlite.SetSchemaVersion(dir, sqlite.SchemaVersion+1); err != nil {
				t.Fatal(err)
			}
			freeze(t, dir, true)
			return dir
		}, "newer"},
		{"not a database", func(t *testing.T) string {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, sqlite.FileName), []byte(strings.Repeat("not sqlite ", 500)), 0o644); err != nil {
				t.Fatal(err)
			}
			freeze(t, dir, true)
			return dir
		}, "not a valid SQLite database"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := c.setup(t)
			ctx, reasons := allow()
			s, err := sqlite.Open(ctx, dir)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want an error")
			}
			t.Logf("error: %v", err)
			path := filepath.Join(dir, sqlite.FileName)
			if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q: want it to name %s and say %q", err, path, c.want)
			}
			if len(*reasons) != 0 {
				t.Errorf("reported %q for a failed open", *reasons)
			}
		})
	}
}

// TestOpenReadOnlyWritable opens a writable folder read-only on request:
// reads work, writes are refused, and a writable open afterwards still
// works.
func TestOpenReadOnlyWritable(t *testing.T) {
	dir := filled(t)
	s, err := sqlite.OpenReadOnly(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	checkReads(t, s, 2, "storm")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	w := open(t, dir)
	defer w.Close()
	if _, err := w.PutArticles(context.Background(), []*model.Article{storetest.Article("a3", 2, "Rain", "rain")}); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.OpenReadOnly(context.Background(), t.TempDir()); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("OpenReadOnly of an empty folder: %v, want does not exist", err)
	}
}

// TestReadOnlyAsUnprivilegedUser runs the permission tests above, which
// root skips, as the user nobody when the tests run as root (as in CI):
// the test binary is copied where nobody can run it and started through
// runuser.
func TestReadOnlyAsUnprivilegedUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("not root: the permission tests ran directly")
	}
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		t.Skip("no runuser to drop root: ", err)
	}
	if _, err := user.Lookup("nobody"); err != nil {
		t.Skip("no user nobody: ", err)
	}
	// Not t.TempDir: its parent folder is private to root.
	dir, err := os.MkdirTemp("", "storyline-readonly-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Join(dir, "sqlite.test")
	if err := os.WriteFile(exe, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(tmp, 0o777); err != nil {
		t.Fatal(err)
	}
	tests := []string{"TestOpenReadOnlyFolder", "TestOpenReadOnlyRefuses", "TestOpenErrors"}
	cmd := exec.Command(runuser, "-u", "nobody", "--", exe,
		"-test.run=^("+strings.Join(tests, "|")+")$", "-test.v", "-test.count=1")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "HOME="+tmp)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("as nobody: %v\n%s", err, out)
	}
	for _, name := range tests {
		if !strings.Contains(string(out), "--- PASS: "+name+" ") {
			t.Errorf("as nobody: %s did not pass:\n%s", name, out)
		}
	}
	if strings.Contains(string(out), "root ignores file permissions") {
		t.Errorf("as nobody, a test still skipped as root:\n%s", out)
	}
}
