package ingest_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/ingest/feed"
	"github.com/storyline-news/storyline/internal/ingest/fetch"
	"github.com/storyline-news/storyline/internal/ingest/warc"
	"github.com/storyline-news/storyline/internal/model"
)

var update = flag.Bool("update", false, "rewrite the generated files under testdata")

// warcRecord writes one WARC response record holding an HTTP response.
func warcRecord(uri, status, contentType, body string) []byte {
	block := "HTTP/1.1 " + status + "\r\n"
	if contentType != "" {
		block += "Content-Type: " + contentType + "\r\n"
	}
	block += "\r\n" + body
	return []byte(fmt.Sprintf("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\nWARC-Date: 2016-07-15T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", uri, len(block), block))
}

// samplePages are the records of testdata/pages.warc.gz: two pages and
// three records that are not articles.
func samplePages() [][]byte {
	return [][]byte{
		[]byte("WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Type: application/warc-fields\r\nContent-Length: 24\r\n\r\nsoftware: storyline-test\r\n\r\n"),
		warcRecord("http://example.com/one", "200 OK", "text/html; charset=utf-8", "<html><head><title>One</title></head><body><p>First page.</p></body></html>"),
		warcRecord("http://example.com/gone", "404 Not Found", "text/html", "<html>missing</html>"),
		warcRecord("http://example.com/img.png", "200 OK", "image/png", "\x89PNG"),
		warcRecord("http://example.com/two", "200 OK", "", "<!DOCTYPE html><html><body><p>Second page.</p></body></html>"),
	}
}

// gzipMembers compresses each record as its own gzip member.
func gzipMembers(t testing.TB, recs [][]byte) []byte {
	var out bytes.Buffer
	for _, r := range recs {
		z := gzip.NewWriter(&out)
		z.Write(r)
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// TestGeneratedTestdata keeps testdata/pages.warc.gz what the helper
// writes (go test -update rewrites it) and checks the WARC reader on it.
func TestGeneratedTestdata(t *testing.T) {
	path := filepath.Join("testdata", "pages.warc.gz")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, gzipMembers(t, samplePages()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var docs []model.RawDoc
	var files []ingest.FileInfo
	err := ingest.Walk(context.Background(), []string{path}, ingest.Options{OnFile: func(fi ingest.FileInfo) { files = append(files, fi) }},
		func(d model.RawDoc) error { docs = append(docs, d); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].URL != "http://example.com/one" || docs[1].URL != "http://example.com/two" {
		t.Fatalf("docs: %+v", docs)
	}
	if docs[0].Format != "html" || !strings.Contains(string(docs[0].Body), "First page.") || docs[0].Fetched.Year() != 2016 {
		t.Errorf("first doc: %+v", docs[0])
	}
	if !strings.HasPrefix(docs[1].Origin, path+"@") || docs[1].Origin == path+"@0" {
		t.Errorf("origin %q: want the record's member offset", docs[1].Origin)
	}
	if len(files) != 1 || files[0].Docs != 2 || files[0].Skipped != 3 {
		t.Errorf("file info: %+v", files)
	}
}

// tree writes files under a temporary folder and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><language>en</language>
<item><title>Full</title><link>https://wire.example/full</link><description>` + "Word " + `</description>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<p>Full text here.</p>]]></content:encoded></item>
<item><title>Teaser</title><link>LINK</link><description>Only a teaser…</description></item>
</channel></rss>`

type walkResult struct {
	docs     []model.RawDoc
	problems []ingest.Problem
	files    []ingest.FileInfo
}

func walk(t *testing.T, paths []string, opts ingest.Options) walkResult {
	t.Helper()
	var r walkResult
	opts.OnProblem = func(p ingest.Problem) { r.problems = append(r.problems, p) }
	opts.OnFile = func(fi ingest.FileInfo) { r.files = append(r.files, fi) }
	if err := ingest.Walk(context.Background(), paths, opts, func(d model.RawDoc) error {
		r.docs = append(r.docs, d)
		return nil
	}); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return r
}

func TestWalkFolder(t *testing.T) {
	long := `{"id":"long","text":"` + strings.Repeat("x", 5000) + `"}`
	dir := tree(t, map[string]string{
		"a.txt":              "Hello world.\n",
		"b.MD":               "# Title\n\nBody.",
		"c.html":             "<html><body><p>Page</p></body></html>",
		"d.jsonl":            `{"id":"d1","event":"e1","title":"T1","text":"one","published":"2016-07-15","source":"AP","language":"en"}` + "\n" + `{"headline":"T2","body":"two","date":1468540800,"url":"http://x/2","author":["A","B"]}` + "\r\n\n{not json}\n" + `{"about":"no text"}` + "\n" + long + "\n" + `{"content":"six"}`,
		"e.json":             `[{"id":"e1","text":"one"},{"text":"two"},{"x":1}]`,
		"expected.json":      `{"about":"gold","articles":{"000":{"title":"x"}}}`,
		"f.json":             `{"title":"Single","content":"text"}`,
		"g.json":             `{"articles":[{"title":"G","text":"g"}]}`,
		"sub/h.txt":          "Nested.",
		"sub/empty/":         "",
		"sub/.hidden.txt":    "ignored",
		"bin.txt":            "abc\x00def",
		"latin1.txt":         "caf\xe9 cr\xe8me",
		"mixed.txt":          "caf\u00e9 \xff",
		"big.txt":            strings.Repeat("y", 5000),
		"notes.pdf":          "%PDF",
		"empty.txt":          " \n",
		"feed.rss":           rss,
		"bad.xml":            "<html><p>not a feed</p></html>",
		"utf16.txt":          "\xff\xfeh\x00i\x00",
		"empty.jsonl":        "\n\n",
		"pages.warc":         string(samplePages()[1]) + "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\ntruncated",
		"z/zz/deep.markdown": "deep",
	})
	if err := os.Symlink(filepath.Join(dir, "nowhere.txt"), filepath.Join(dir, "dangling.txt")); err != nil {
		t.Fatal(err)
	}
	r := walk(t, []string{dir}, ingest.Options{MaxFileBytes: 4096})

	type doc struct{ id, origin, format string }
	var got []doc
	for _, d := range r.docs {
		got = append(got, doc{d.ID, strings.TrimPrefix(d.Origin, dir+"/"), d.Format})
	}
	want := []doc{
		{"a", "a.txt", "text"},
		{"b", "b.MD", "markdown"},
		{"c", "c.html", "html"},
		{"d1", "d.jsonl:1", "article"},
		{"d.jsonl:2", "d.jsonl:2", "article"},
		{"d.jsonl:7", "d.jsonl:7", "article"},
		{"e1", "e.json#1", "article"},
		{"e#2", "e.json#2", "article"},
		{"f", "f.json", "article"},
		{"", "feed.rss#1", "article"},
		{"", "feed.rss#2", "article"},
		{"g#1", "g.json#1", "article"},
		{"latin1", "latin1.txt", "text"},
		{"mixed", "mixed.txt", "text"},
		{"", "pages.warc@0", "html"},
		{"h", "sub/h.txt", "text"},
		{"utf16", "utf16.txt", "text"},
		{"deep", "z/zz/deep.markdown", "markdown"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("documents:\n got %v\nwant %v", got, want)
	}

	byOrigin := map[string]model.RawDoc{}
	for _, d := range r.docs {
		byOrigin[strings.TrimPrefix(d.Origin, dir+"/")] = d
	}
	for _, c := range []struct{ name, got, want string }{
		{"jsonl label", byOrigin["d.jsonl:1"].Label, "e1"},
		{"jsonl source", byOrigin["d.jsonl:1"].Source, "AP"},
		{"jsonl title alias", byOrigin["d.jsonl:2"].Title, "T2"},
		{"jsonl body alias", byOrigin["d.jsonl:2"].Text, "two"},
		{"jsonl unix date", byOrigin["d.jsonl:2"].Published, "2016-07-15T00:00:00Z"},
		{"jsonl author list", byOrigin["d.jsonl:2"].Author, "A, B"},
		{"jsonl url", byOrigin["d.jsonl:2"].URL, "http://x/2"},
		{"latin-1 decoded", string(byOrigin["latin1.txt"].Body), "café crème"},
		{"invalid byte replaced", string(byOrigin["mixed.txt"].Body), "café \uFFFD"},
		{"utf-16 decoded", string(byOrigin["utf16.txt"].Body), "hi"},
		{"feed source", byOrigin["feed.rss#1"].Source, "Wire"},
		{"feed teaser kept without fetcher", byOrigin["feed.rss#2"].Text, "Only a teaser…"},
		{"warc url", byOrigin["pages.warc@0"].URL, "http://example.com/one"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}

	type prob struct {
		where   string
		err     error
		warning bool
	}
	var probs []prob
	for _, p := range r.problems {
		where := strings.TrimPrefix(p.Path, dir+"/")
		if p.Line > 0 {
			where += fmt.Sprintf(":%d", p.Line)
		}
		probs = append(probs, prob{where, p.Err, p.Warning})
	}
	wantProbs := []struct {
		where   string
		err     error
		warning bool
	}{
		{"bad.xml", feed.ErrInvalid, false},
		{"big.txt", ingest.ErrTooLarge, false},
		{"bin.txt", ingest.ErrBinary, false},
		{"d.jsonl:4", nil, false}, // invalid JSON
		{"d.jsonl:5", ingest.ErrNotArticle, false},
		{"d.jsonl:6", ingest.ErrTooLarge, false},
		{"dangling.txt", fs.ErrNotExist, false},
		{"e.json", ingest.ErrNotArticle, false},
		{"empty.jsonl", ingest.ErrNoArticles, false},
		{"empty.txt", ingest.ErrEmpty, false},
		{"expected.json", ingest.ErrNotArticle, false},
		{"latin1.txt", ingest.ErrInvalidUTF8, true},
		{"mixed.txt", ingest.ErrInvalidUTF8, true},
		{"notes.pdf", ingest.ErrUnsupported, false},
		{"pages.warc", warc.ErrTruncated, false},
	}
	if len(probs) != len(wantProbs) {
		t.Errorf("got %d problems, want %d:", len(probs), len(wantProbs))
		for _, p := range r.problems {
			t.Logf("  %v", p)
		}
	}
	for i := 0; i < min(len(probs), len(wantProbs)); i++ {
		g, w := probs[i], wantProbs[i]
		if g.where != w.where || g.warning != w.warning || (w.err != nil && !errors.Is(g.err, w.err)) {
			t.Errorf("problem %d: got %s %v (warning %v), want %s %v (warning %v)", i, g.where, g.err, g.warning, w.where, w.err, w.warning)
		}
	}
	// Messages name the file and line.
	for _, p := range r.problems {
		if !strings.Contains(p.Error(), p.Path) {
			t.Errorf("message %q does not name %s", p.Error(), p.Path)
		}
	}
	if msg := r.problems[3].Error(); !strings.Contains(msg, "d.jsonl:4: invalid JSON") {
		t.Errorf("line problem message %q", msg)
	}
	if msg := r.problems[len(r.problems)-1].Error(); !strings.Contains(msg, "offset ") {
		t.Errorf("WARC problem message %q does not give the offset", msg)
	}
}

func TestWalkArguments(t *testing.T) {
	dir := tree(t, map[string]string{"empty/": "", "only/notes.pdf": "x", "one.txt": "text"})
	r := walk(t, []string{filepath.Join(dir, "empty"), filepath.Join(dir, "only"), filepath.Join(dir, "one.txt"), filepath.Join(dir, "missing"), "https://example.com/"}, ingest.Options{})
	if len(r.docs) != 1 || r.docs[0].ID != "one" {
		t.Errorf("docs %+v", r.docs)
	}
	wants := []error{ingest.ErrNoArticles, ingest.ErrUnsupported, ingest.ErrNoArticles, fs.ErrNotExist, ingest.ErrNoFetcher}
	if len(r.problems) != len(wants) {
		t.Fatalf("problems %v", r.problems)
	}
	for i, w := range wants {
		if !errors.Is(r.problems[i], w) {
			t.Errorf("problem %d = %v, want %v", i, r.problems[i], w)
		}
	}
	if !strings.Contains(r.problems[0].Error(), "no articles found in "+filepath.Join(dir, "empty")) {
		t.Errorf("message %q", r.problems[0].Error())
	}
}

func TestWalkWithoutOnProblem(t *testing.T) {
	dir := tree(t, map[string]string{"a.txt": "ok", "b.bin": "x"})
	n := 0
	err := ingest.Walk(context.Background(), []string{dir}, ingest.Options{}, func(model.RawDoc) error { n++; return nil })
	if n != 1 || !errors.Is(err, ingest.ErrUnsupported) {
		t.Errorf("n=%d err=%v: want the document and the problem returned", n, err)
	}
}

func TestWalkStops(t *testing.T) {
	dir := tree(t, map[string]string{"a.txt": "a", "b.txt": "b", "c.jsonl": `{"text":"1"}` + "\n" + `{"text":"2"}`})
	stop := errors.New("stop")
	n := 0
	err := ingest.Walk(context.Background(), []string{dir}, ingest.Options{}, func(model.RawDoc) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("emit error: n=%d err=%v", n, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	n = 0
	err = ingest.Walk(ctx, []string{dir}, ingest.Options{}, func(model.RawDoc) error {
		n++
		cancel()
		return nil
	})
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancel: n=%d err=%v", n, err)
	}
}

func TestResumable(t *testing.T) {
	content := map[string]string{"a.txt": "alpha", "b.jsonl": `{"text":"x"}` + "\n", "c.warc.gz": string(gzipMembers(t, samplePages()))}
	dir := tree(t, content)
	r := walk(t, []string{dir}, ingest.Options{})
	if len(r.files) != 3 {
		t.Fatalf("files %+v", r.files)
	}
	seen := map[string]ingest.FileInfo{}
	for _, fi := range r.files {
		sum := sha256.Sum256([]byte(content[filepath.Base(fi.Path)]))
		if fi.SHA256 != hex.EncodeToString(sum[:]) || fi.Size != int64(len(content[filepath.Base(fi.Path)])) || fi.ModTime.IsZero() {
			t.Errorf("%s: identity %+v", fi.Path, fi)
		}
		id, err := ingest.Identify(fi.Path)
		if err != nil || id.SHA256 != fi.SHA256 {
			t.Errorf("Identify(%s) = %+v, %v", fi.Path, id, err)
		}
		seen[fi.Path] = fi
	}
	// A second run skips what the first one read.
	if err := os.WriteFile(filepath.Join(dir, "d.txt"), []byte("new"), 0o644); err != nil {
		t.Fatal(err)
	}
	r2 := walk(t, []string{dir}, ingest.Options{SkipFile: func(fi ingest.FileInfo) bool {
		old, ok := seen[fi.Path]
		return ok && old.Size == fi.Size && old.ModTime.Equal(fi.ModTime)
	}})
	if len(r2.docs) != 1 || r2.docs[0].ID != "d" {
		t.Errorf("second run read %+v", r2.docs)
	}
}

func TestURLs(t *testing.T) {
	var s *httptest.Server
	s = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, strings.Replace(rss, "LINK", s.URL+"/teaser", 1))
		case "/teaser":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<html><body><p>The whole story.</p></body></html>")
		case "/page":
			fmt.Fprint(w, "<!DOCTYPE html><html><body><p>A page.</p></body></html>")
		case "/data":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte{0, 1, 2})
		default:
			http.NotFound(w, r)
		}
	}))
	defer s.Close()
	client := fetch.New(fetch.Options{AllowPrivate: true})
	r := walk(t, []string{s.URL + "/feed", s.URL + "/page", s.URL + "/data", s.URL + "/missing"}, ingest.Options{Fetcher: client})
	if len(r.docs) != 3 {
		t.Fatalf("docs %+v", r.docs)
	}
	full, teaser, page := r.docs[0], r.docs[1], r.docs[2]
	if full.Format != "article" || full.Text != "Full text here." {
		t.Errorf("full item %+v", full)
	}
	if teaser.Format != "html" || !strings.Contains(string(teaser.Body), "The whole story.") || teaser.Title != "Teaser" || teaser.Source != "Wire" || teaser.URL != s.URL+"/teaser" {
		t.Errorf("teaser item not fetched: %+v", teaser)
	}
	if page.Format != "html" || page.URL != s.URL+"/page" || page.Origin != s.URL+"/page" {
		t.Errorf("page %+v", page)
	}
	if len(r.problems) != 2 || !errors.Is(r.problems[0], ingest.ErrUnsupported) || !errors.Is(r.problems[1], fetch.ErrStatus) {
		t.Errorf("problems %v", r.problems)
	}

	// Without AllowPrivate the same URLs are refused at dial time.
	r = walk(t, []string{s.URL + "/page"}, ingest.Options{Fetcher: fetch.New(fetch.Options{})})
	if len(r.docs) != 0 || len(r.problems) != 1 || !errors.Is(r.problems[0], fetch.ErrPrivateAddress) {
		t.Errorf("private address: docs %d problems %v", len(r.docs), r.problems)
	}
	// A teaser whose page cannot be fetched is kept, with a warning.
	dir := tree(t, map[string]string{"f.rss": strings.Replace(rss, "LINK", s.URL+"/missing", 1)})
	r = walk(t, []string{dir}, ingest.Options{Fetcher: client})
	if len(r.docs) != 2 || r.docs[1].Text != "Only a teaser…" || len(r.problems) != 1 || !r.problems[0].Warning {
		t.Errorf("teaser fallback: docs %+v problems %v", r.docs, r.problems)
	}
}

// TestSharedData reads the evaluation data in the common format and the
// seed folder.
func TestSharedData(t *testing.T) {
	path := datasets.Require(t, "clustering", "storyline-jsonl", "duc-tdt-dev.jsonl")
	r := walk(t, []string{path}, ingest.Options{})
	if len(r.docs) != 440 || len(r.problems) != 0 {
		t.Fatalf("%d docs, problems %v", len(r.docs), r.problems)
	}
	for _, d := range r.docs {
		if d.ID == "" || d.Label == "" || d.Text == "" || d.Format != "article" {
			t.Fatalf("incomplete doc %+v", d.ID)
		}
	}
	seeds := datasets.Seeds(t)
	r = walk(t, []string{seeds}, ingest.Options{})
	if len(r.docs) != 5 {
		t.Errorf("seeds: %d docs", len(r.docs))
	}
	for _, d := range r.docs {
		if d.Format != "text" || !strings.HasPrefix(d.ID, "00") {
			t.Errorf("seed doc %s %s", d.ID, d.Format)
		}
	}
	if len(r.problems) != 1 || !errors.Is(r.problems[0], ingest.ErrNotArticle) || !strings.HasSuffix(r.problems[0].Path, "expected.json") {
		t.Errorf("seeds problems %v", r.problems)
	}
}

func TestJSONLLimits(t *testing.T) {
	var gz bytes.Buffer
	z := gzip.NewWriter(&gz)
	z.Write([]byte(`{"id":"z1","text":"zipped"}` + "\n" + `{"text":"two"}` + "\n"))
	z.Close()
	dir := tree(t, map[string]string{
		"bad.jsonl":     "x\ny\n{\"text\":\"ok\"}\nz\nw\nv\n{\"text\":\"never read\"}\n",
		"news.jsonl.gz": gz.String(),
		"bin.jsonl":     "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
	})
	r := walk(t, []string{dir}, ingest.Options{MaxLineProblems: 3})
	var ids []string
	for _, d := range r.docs {
		ids = append(ids, d.ID)
	}
	if want := []string{"bad.jsonl:3", "z1", "news.jsonl.gz:2"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	var where []string
	for _, p := range r.problems {
		where = append(where, fmt.Sprintf("%s:%d", filepath.Base(p.Path), p.Line))
	}
	if want := []string{"bad.jsonl:1", "bad.jsonl:2", "bad.jsonl:4", "bad.jsonl:4", "bin.jsonl:0"}; !slices.Equal(where, want) {
		t.Errorf("problems at %v, want %v", where, want)
	}
	if len(r.problems) == 5 && (!errors.Is(r.problems[3], ingest.ErrTooManyBadLines) || !errors.Is(r.problems[4], ingest.ErrBinary)) {
		t.Errorf("problems %v", r.problems)
	}
	for _, fi := range r.files {
		abandoned := filepath.Base(fi.Path) != "news.jsonl.gz"
		if (fi.SHA256 == "") != abandoned {
			t.Errorf("%s: SHA256 %q: a file not read to its end has none, others have one", fi.Path, fi.SHA256)
		}
	}
}

func TestSymlinkLoop(t *testing.T) {
	dir := tree(t, map[string]string{"a/x.txt": "text"})
	if err := os.Symlink("..", filepath.Join(dir, "a", "up")); err != nil {
		t.Skip(err)
	}
	r := walk(t, []string{dir}, ingest.Options{})
	if len(r.docs) != 1 || len(r.problems) != 1 || !strings.Contains(r.problems[0].Error(), "loop") {
		t.Errorf("docs %d, problems %v", len(r.docs), r.problems)
	}
}

func TestTeasersFetchedInOrder(t *testing.T) {
	var items strings.Builder
	for i := 0; i < 12; i++ {
		fmt.Fprintf(&items, "<item><title>T%d</title><link>LINK/p/%d</link><description>teaser %d</description></item>", i, i, i)
	}
	var s *httptest.Server
	s = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed" {
			fmt.Fprint(w, strings.ReplaceAll(`<rss version="2.0"><channel><title>F</title>`+items.String()+`</channel></rss>`, "LINK", s.URL))
			return
		}
		if r.URL.Path == "/p/5" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, "<html><body><p>page %s</p></body></html>", r.URL.Path)
	}))
	defer s.Close()
	r := walk(t, []string{s.URL + "/feed"}, ingest.Options{Fetcher: fetch.New(fetch.Options{AllowPrivate: true}), FetchConcurrency: 3})
	if len(r.docs) != 12 {
		t.Fatalf("%d docs", len(r.docs))
	}
	for i, d := range r.docs {
		if d.Title != fmt.Sprintf("T%d", i) {
			t.Errorf("doc %d is %q: order lost", i, d.Title)
		}
		if i == 5 {
			if d.Format != "article" || d.Text != "teaser 5" {
				t.Errorf("unfetchable teaser: %+v", d)
			}
			continue
		}
		if d.Format != "html" || !strings.Contains(string(d.Body), fmt.Sprintf("page /p/%d<", i)) {
			t.Errorf("doc %d: %s %q", i, d.Format, d.Body)
		}
	}
	if len(r.problems) != 1 || !r.problems[0].Warning || !errors.Is(r.problems[0], fetch.ErrStatus) {
		t.Errorf("problems %v", r.problems)
	}
}

func TestWET(t *testing.T) {
	text := "Ministers met in Geneva.\nThey will meet again."
	rec := fmt.Sprintf("WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://example.com/a\r\nWARC-Date: 2016-07-15T10:00:00Z\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n", len(text), text)
	dir := tree(t, map[string]string{"x.warc.wet.gz": string(gzipMembers(t, [][]byte{[]byte(rec)}))})
	r := walk(t, []string{dir}, ingest.Options{})
	if len(r.docs) != 1 || r.docs[0].Format != "text" || string(r.docs[0].Body) != text || r.docs[0].URL != "http://example.com/a" {
		t.Errorf("docs %+v problems %v", r.docs, r.problems)
	}
}

// A problem names its file once, even when the reason names it too (a
// feed's parse error, a folder without articles).
func TestProblemNamesPathOnce(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.rss")
	if err := os.WriteFile(bad, []byte("<rss><channel><item><title>x"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{bad, empty} {
		var problems []ingest.Problem
		err := ingest.Walk(context.Background(), []string{path}, ingest.Options{OnProblem: func(p ingest.Problem) { problems = append(problems, p) }},
			func(model.RawDoc) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != 1 {
			t.Fatalf("%s: %d problems, want 1", path, len(problems))
		}
		if msg := problems[0].Error(); strings.Count(msg, path) != 1 {
			t.Errorf("%q names %s %d times, want once", msg, path, strings.Count(msg, path))
		}
	}
}

// Files of one name in different folders (a crawl's a/index.html and
// b/index.html, one folder per day) are different articles: the second
// must not take the first one's id, and so replace it in the store. Ids
// stay the same when an earlier run's files are skipped.
func TestSameFileNameInTwoFoldersTwoIDs(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"a/story.txt":   "Putin meets Kerry in Moscow\n\nThe two men talked for three hours about Syria.\n",
		"b/story.txt":   "Floods hit the north of England\n\nRivers burst their banks after two days of rain.\n",
		"a/lines.jsonl": `{"text":"First line article about the talks in Moscow."}` + "\n",
		"b/lines.jsonl": `{"text":"Second folder line article about the floods."}` + "\n",
	}
	for name, body := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	walk := func(skip func(ingest.FileInfo) bool) map[string]string {
		ids := map[string]string{}
		err := ingest.Walk(context.Background(), []string{root}, ingest.Options{SkipFile: skip, OnProblem: func(p ingest.Problem) { t.Errorf("problem: %v", p) }},
			func(d model.RawDoc) error {
				if prev, ok := ids[d.ID]; ok {
					t.Errorf("id %q given to %s and %s", d.ID, prev, d.Origin)
				}
				ids[d.ID] = d.Origin
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	first := walk(nil)
	if len(first) != 4 {
		t.Fatalf("ids %v, want 4", first)
	}
	if first["story"] != filepath.Join(root, "a", "story.txt") || first["lines.jsonl:1"] != filepath.Join(root, "a", "lines.jsonl")+":1" {
		t.Errorf("the first file of a name keeps the plain id: %v", first)
	}
	// A second run that skips folder a (read before) names b's files as the first did.
	again := walk(func(fi ingest.FileInfo) bool {
		return strings.Contains(fi.Path, string(filepath.Separator)+"a"+string(filepath.Separator))
	})
	for id, origin := range again {
		if first[id] != origin {
			t.Errorf("rerun gave %s id %q; first run gave it to %s", origin, id, first[id])
		}
	}
}

// A JSON line in Latin-1 is repaired as a text file is ("café"), with a
// warning, instead of losing its accented letters to the JSON decoder.
func TestJSONLineInLatin1Repaired(t *testing.T) {
	path := filepath.Join(t.TempDir(), "latin1.jsonl")
	if err := os.WriteFile(path, []byte("{\"id\":\"c1\",\"text\":\"Caf\xe9 owners protest in Paris on Monday against the new rules.\"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var docs []model.RawDoc
	var warnings []ingest.Problem
	err := ingest.Walk(context.Background(), []string{path}, ingest.Options{OnProblem: func(p ingest.Problem) {
		if !p.Warning {
			t.Errorf("problem: %v", p)
		}
		warnings = append(warnings, p)
	}}, func(d model.RawDoc) error { docs = append(docs, d); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 || !strings.HasPrefix(docs[0].Text, "Café owners") {
		t.Fatalf("docs %+v, want one whose text starts with Café owners", docs)
	}
	if len(warnings) != 1 || !errors.Is(warnings[0], ingest.ErrInvalidUTF8) || warnings[0].Line != 1 {
		t.Errorf("warnings %v, want one invalid-UTF-8 warning for line 1", warnings)
	}
}
