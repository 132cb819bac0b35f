package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// envDSN names the variable that points the tests at a server whose user
// may create databases. Each test gets a database of its own.
const envDSN = "STORYLINE_TEST_POSTGRES"

// serverDSN returns the test server's DSN. Without one the test skips, or
// fails under CI=true, where the server is part of the build.
func serverDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(envDSN)
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: run eval \"$(.ci/postgres)\" before the tests (it starts a throwaway PostgreSQL and sets %s=postgres://storyline@127.0.0.1:PORT/storyline), or set it to a database whose user may create databases", envDSN, envDSN)
		}
		t.Skipf("%s is not set (eval \"$(.ci/postgres)\" starts a server)", envDSN)
	}
	return dsn
}

var dbSeq atomic.Int64

// freshDB creates an empty database on the test server, dropped when the
// test ends, and returns its DSN.
func freshDB(t testing.TB) string {
	t.Helper()
	dsn := serverDSN(t)
	ctx := context.Background()
	name := fmt.Sprintf("storyline_test_%d_%d_%d", os.Getpid(), dbSeq.Add(1), rand.IntN(1e6))
	admin := func(sql string) error {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(ctx)
		_, err = conn.Exec(ctx, sql)
		return err
	}
	if err := admin(`CREATE DATABASE ` + pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		if err := admin(`DROP DATABASE IF EXISTS ` + pgx.Identifier{name}.Sanitize() + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return withDatabase(t, dsn, name)
}

// withDatabase returns dsn with its database replaced.
func withDatabase(t testing.TB, dsn, db string) string {
	if postgres.IsURL(dsn) {
		u, err := url.Parse(dsn)
		if err != nil {
			t.Fatalf("%s: %v", envDSN, err)
		}
		u.Path = "/" + db
		u.RawPath = ""
		return u.String()
	}
	return dsn + " dbname=" + db // a later keyword wins
}

func open(t testing.TB, dsn string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return s
}

func TestConformance(t *testing.T) {
	serverDSN(t)
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, freshDB(t)) })
}

func TestReopen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := freshDB(t)
	s := open(t, dsn)
	if _, err := s.PutArticles(ctx, []*model.Article{storetest.Article("a", 0, "Storm", "storm text")}); err != nil {
		t.Fatal(err)
	}
	stories, lines := storetest.Grouping()
	if err := s.ReplaceGrouping(ctx, stories, lines); err != nil {
		t.Fatal(err)
	}
	in := store.Input{Origin: "x.jsonl", Size: 3, ModTime: time.Unix(100, 5)}
	if err := s.MarkIngested(ctx, in); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = open(t, dsn)
	defer s.Close()
	if st, err := s.Stats(ctx); err != nil || st != (store.Stats{Articles: 1, Stories: 3, Storylines: 2, Inputs: 1}) {
		t.Errorf("after reopen: %+v, %v", st, err)
	}
	if ok, err := s.IsIngested(ctx, in); !ok || err != nil {
		t.Errorf("IsIngested after reopen = %v, %v", ok, err)
	}
	if hits, err := s.Search(ctx, "storm", 10); err != nil || len(hits) == 0 {
		t.Errorf("Search after reopen = %v, %v", hits, err)
	}
	if p := s.Path(); !strings.HasPrefix(p, "postgres://") || strings.Contains(p, "@:") {
		t.Errorf("Path = %q, want a postgres:// URL", p)
	}
}

// TestConcurrentOpen opens one new database from several goroutines at
// once, as workers starting together do: the schema is made once and
// every Open succeeds.
func TestConcurrentOpen(t *testing.T) {
	t.Parallel()
	dsn := freshDB(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), dsn)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestOddIDs stores ids PostgreSQL text refuses (NUL, invalid UTF-8) and
// checks they are found and ordered byte by byte. The article comes back
// with its text fields, the id too, as valid UTF-8, as from every store.
func TestOddIDs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t, freshDB(t))
	defer s.Close()
	ids := []string{"a\x00b", "a\xffb", "B", "a"}
	for _, id := range ids {
		if _, err := s.PutArticles(ctx, []*model.Article{storetest.Article(id, 0, "t", "x")}); err != nil {
			t.Fatalf("put %q: %v", id, err)
		}
	}
	for _, id := range ids {
		if a, err := s.Article(ctx, id); err != nil || a.ID != strings.ToValidUTF8(id, "\uFFFD") {
			t.Errorf("Article(%q) = %v, %v", id, a, err)
		}
	}
	as, err := s.Articles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range as {
		got = append(got, fmt.Sprintf("%q", a.ID))
	}
	if want := "\"B\" \"a\" \"a\\x00b\" \"a\uFFFDb\""; strings.Join(got, " ") != want {
		t.Errorf("order %s, want %s", strings.Join(got, " "), want)
	}
}

func TestSnippets(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := open(t, freshDB(t))
	defer s.Close()
	long := strings.Repeat("Filler words about nothing in particular. ", 40) + "The aardvark escaped from the zoo. " + strings.Repeat("More filler text follows here. ", 40)
	if _, err := s.PutArticles(ctx, []*model.Article{
		storetest.Article("long", 0, "Zoo news", long),
		storetest.Article("title-only", 1, "Pangolin spotted", "Nothing in the body names the animal."),
		storetest.Article("accents", 2, "Électricité rétablie", "L'électricité a été rétablie à São Paulo."),
	}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q, id, mark string
		cutStart    bool
	}{
		{"aardvark", "long", "aardvark", true},
		{"pangolin", "title-only", "Pangolin", false},
		{"electricite", "accents", "électricité", false},
		{"SAO", "accents", "São", false},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			hits, err := s.Search(ctx, c.q, 5)
			if err != nil || len(hits) != 1 || hits[0].ID != c.id {
				t.Fatalf("Search(%s) = %+v, %v; want one hit %s", c.q, hits, err, c.id)
			}
			h := hits[0]
			if len(h.Highlights) == 0 {
				t.Fatalf("no highlight in %q", h.Snippet)
			}
			if got := h.Snippet[h.Highlights[0].Start:h.Highlights[0].End]; got != c.mark {
				t.Errorf("highlighted %q in %q, want %q", got, h.Snippet, c.mark)
			}
			if strings.HasPrefix(h.Snippet, "…") != c.cutStart {
				t.Errorf("snippet %q: leading ellipsis %v, want %v", h.Snippet, !c.cutStart, c.cutStart)
			}
			if c.cutStart && (len(h.Snippet) > 600 || !strings.HasSuffix(h.Snippet, "…")) {
				t.Errorf("snippet of a long text is %d bytes, or lacks the trailing ellipsis: %q", len(h.Snippet), h.Snippet)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	t.Parallel()
	// A port nothing listens on.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	const secret = "s3cret-Pa55"
	cases := []struct {
		name   string
		dsn    func(t *testing.T) string
		names  string // what the error must name
		reason string
	}{
		{"bad URL", func(*testing.T) string { return "postgres://u:" + secret + "@host:notaport/db" }, "connection string", "invalid"},
		{"refused", func(*testing.T) string {
			return "postgres://u:" + secret + "@" + closed + "/storyline?connect_timeout=5"
		}, closed + "/storyline", "cannot connect"},
		{"missing database", func(t *testing.T) string {
			return withDatabase(t, serverDSN(t), "storyline_no_such_db")
		}, "/storyline_no_such_db", "does not exist"},
		{"newer schema", func(t *testing.T) string {
			dsn := freshDB(t)
			open(t, dsn).Close()
			if err := postgres.SetSchemaVersion(context.Background(), dsn, postgres.SchemaVersion+1); err != nil {
				t.Fatal(err)
			}
			return dsn
		}, "storyline_test_", "newer than this program"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dsn := c.dsn(t)
			s, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded, want an error")
			}
			t.Logf("error: %v", err)
			msg := err.Error()
			if !strings.Contains(msg, c.names) || !strings.Contains(msg, c.reason) {
				t.Errorf("error %q: want it to name %q and say %q", msg, c.names, c.reason)
			}
			if strings.Contains(msg, secret) {
				t.Errorf("error %q shows the password", msg)
			}
		})
	}
	if _, err := postgres.Open(context.Background(), "postgres://u:"+secret+"@host:notaport/db"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("bad URL: %v, want ErrInvalid", err)
	}
}

func TestIsURL(t *testing.T) {
	for spec, want := range map[string]bool{
		"postgres://h/db": true, "postgresql://u@h/db": true, "POSTGRES://h/db": true,
		"./storyline-data": false, "/var/lib/storyline": false, "postgres": false, "host=h dbname=d": false,
	} {
		if got := postgres.IsURL(spec); got != want {
			t.Errorf("IsURL(%q) = %v, want %v", spec, got, want)
		}
	}
}

// TestKilledWriter kills a process in the middle of writing batches and
// checks that the database holds only whole batches, each searchable.
func TestKilledWriter(t *testing.T) {
	if dsn := os.Getenv("STORYLINE_TEST_WRITER_DSN"); dsn != "" {
		writeForever(dsn)
		return
	}
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	t.Parallel()
	dsn := freshDB(t)
	open(t, dsn).Close() // the schema exists before the child starts
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledWriter$")
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_WRITER_DSN="+dsn)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	seen := 0
	for seen < 3 {
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
	s := open(t, dsn)
	defer s.Close()
	// The server may still be rolling back the killed connection's
	// transaction; what it shows is whole batches at every moment.
	as, err := s.Articles(context.Background(), store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) < 3*killBatch || len(as)%killBatch != 0 {
		t.Errorf("after kill: %d articles, want whole batches of %d (at least 3)", len(as), killBatch)
	}
	for _, a := range as {
		if len(a.Text) != killText {
			t.Errorf("article %s has %d bytes of text, want %d", a.ID, len(a.Text), killText)
		}
	}
	hits, err := s.Search(context.Background(), "payload", 1000)
	if err != nil || len(hits) != min(len(as), 1000) {
		t.Errorf("search index out of step with articles: %d hits for %d articles, %v", len(hits), len(as), err)
	}
}

const (
	killBatch = 50
	killText  = 7 + 7*2856
)

func writeForever(dsn string) {
	s, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	text := "payload" + strings.Repeat(" filler", (killText-7)/7)
	for b := 0; ; b++ {
		as := make([]*model.Article, killBatch)
		for i := range as {
			as[i] = storetest.Article(fmt.Sprintf("k%05d-%02d", b, i), b%30, "kill test", text)
		}
		if _, err := s.PutArticles(context.Background(), as); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(b)
	}
}

// TestTwoProcesses writes through two Stores on one database at once, as
// two workers do: overlapping batches in opposite orders neither fail nor
// deadlock, and concurrent regroupings leave one whole grouping, never a
// mix of two.
func TestTwoProcesses(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := freshDB(t)
	s1, s2 := open(t, dsn), open(t, dsn)
	defer s1.Close()
	defer s2.Close()
	const n = 40
	var as []*model.Article
	for i := range n {
		as = append(as, storetest.Article(fmt.Sprintf("a%02d", i), i, "shared", fmt.Sprintf("text %d", i)))
	}
	reversed := make([]*model.Article, n)
	for i, a := range as {
		reversed[n-1-i] = a
	}
	grouping := func(tag string) []*model.Story {
		var ss []*model.Story
		for i := range 5 {
			ss = append(ss, &model.Story{ID: fmt.Sprintf("%s-%d", tag, i), Headline: tag, Articles: []string{as[i].ID}})
		}
		return ss
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*n)
	for _, w := range []struct {
		s     *postgres.Store
		batch []*model.Article
		tag   string
	}{{s1, as, "one"}, {s2, reversed, "two"}} {
		wg.Go(func() {
			for range 10 {
				if _, err := w.s.PutArticles(ctx, w.batch); err != nil {
					errs <- err
				}
				if err := w.s.ReplaceGrouping(ctx, grouping(w.tag), nil); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st, err := s1.Stats(ctx); err != nil || st.Articles != n || st.Stories != 5 {
		t.Errorf("Stats = %+v, %v; want %d articles, 5 stories", st, err, n)
	}
	ss, err := s2.Stories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{}
	for _, s := range ss {
		tags[s.Headline] = true
	}
	if len(tags) != 1 {
		t.Errorf("stories from %d groupings, want one: %v", len(tags), tags)
	}
}
