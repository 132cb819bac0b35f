// Package ingest finds the articles in what a user points Storyline at:
// folders and files (plain text, Markdown, HTML, JSON, JSON Lines, WARC,
// RSS and Atom feeds) and http(s) URLs of pages or feeds. It turns each into
// model.RawDoc values for the extraction stage, in a deterministic order,
// and reports every file, line or record it cannot use as a Problem
// without stopping. Sub-packages do the format work: warc (WARC records and
// their HTTP payloads), feed (feed items) and fetch (guarded HTTP).
//
// Walk streams: JSON Lines and WARC files are read record by record, so
// their size is not limited, only the size of one record; single-article
// files are read whole up to Options.MaxFileBytes.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/ingest/feed"
	"github.com/storyline-news/storyline/internal/ingest/fetch"
	"github.com/storyline-news/storyline/internal/model"
)

// Defaults for zero Options fields.
const (
	DefaultMaxFileBytes    = 64 << 20
	DefaultMaxLineProblems = 100
	// DefaultFetchConcurrency bounds parallel fetches of teaser pages:
	// enough to hide latency, few enough to be polite to one site.
	DefaultFetchConcurrency = 4
)

// File kinds, as KindOf returns them.
const (
	KindText     = "text"
	KindMarkdown = "markdown"
	KindHTML     = "html"
	KindJSON     = "json"
	KindJSONL    = "jsonl"
	KindWARC     = "warc"
	KindFeed     = "feed"
)

// Fetcher fetches URLs; *fetch.Client is one.
type Fetcher interface {
	Get(ctx context.Context, url string) (*fetch.Response, error)
}

// Options configure Walk; the zero value reads files only.
type Options struct {
	// MaxFileBytes is the largest single-article or feed file read
	// (default DefaultMaxFileBytes), and the largest JSON line or WARC
	// record: streamed files may be bigger.
	MaxFileBytes int64
	// MaxLineProblems is how many unusable lines of one JSON Lines file
	// are reported before the rest of the file is skipped as not JSON
	// Lines at all (default DefaultMaxLineProblems).
	MaxLineProblems int
	// Fetcher, when set, lets Walk read http(s) URLs given as paths and
	// fetch the page of a feed item that carries only a teaser. Without
	// it URLs are reported as problems (ErrNoFetcher) and teasers are
	// kept as they are.
	Fetcher Fetcher
	// FetchConcurrency is how many teaser pages of one feed are fetched
	// at a time (default DefaultFetchConcurrency).
	FetchConcurrency int
	// OnProblem receives every problem as it happens. When nil, Walk
	// gathers them and returns them joined after the walk.
	OnProblem func(Problem)
	// SkipFile, when set, is asked before a file is opened (FileInfo has
	// Path, Size and ModTime); returning true skips the file silently,
	// as a resumable ingest does for files already read.
	SkipFile func(FileInfo) bool
	// OnFile is called after each file was read, with its identity.
	OnFile func(FileInfo)
	// Exclude lists folders never read, silently, wherever a walk meets
	// them: the store's data folder, so that `storyline run .` does not
	// read its own database.
	Exclude []string
}

// Problem is a file, line, record or URL that Walk could not use, or used
// only after repairing it (Warning).
type Problem struct {
	// Path is the file, folder or URL.
	Path string
	// Line is the 1-based line of a JSON Lines file, 0 otherwise.
	Line int
	// Warning is true when the document was still emitted, repaired
	// (invalid UTF-8) or in a lesser form (a feed teaser whose page
	// could not be fetched).
	Warning bool
	// Err is the reason; test it with errors.Is against the package's
	// errors (ErrBinary, ErrTooLarge...), ErrNotArticle, or those of the
	// warc, feed and fetch packages.
	Err error
}

// Error names the file (and line) once: before the reason, unless the
// reason already names it ("feed: x.rss: feed has no items").
func (p Problem) Error() string {
	where := p.Path
	if p.Line > 0 {
		where += ":" + strconv.Itoa(p.Line)
	}
	kind := "ingest"
	if p.Warning {
		kind = "ingest: warning"
	}
	msg := fmt.Sprint(p.Err)
	if where != "" && (p.Line > 0 || !strings.Contains(msg, where)) {
		msg = where + ": " + msg
	}
	return kind + ": " + msg
}

func (p Problem) Unwrap() error { return p.Err }

// FileInfo identifies a file for resumable ingest: a file whose size,
// modification time and SHA-256 match a previous run's need not be read
// again.
type FileInfo struct {
	Path    string
	Size    int64
	ModTime time.Time
	// SHA256 is the hex digest of the file's bytes as stored (compressed
	// files are hashed compressed), computed while reading; empty when
	// the file was not read to its end.
	SHA256 string
	// Kind is the file kind (KindText...), empty when unsupported.
	Kind string
	// Docs counts the documents emitted from the file, Problems the
	// problems reported for it, Skipped the WARC records passed over
	// (not a response, not status 200, or not HTML).
	Docs, Problems, Skipped int
}

// Identify returns the identity of the file at path, reading it whole
// to hash it.
func Identify(path string) (FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileInfo{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return FileInfo{}, err
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return FileInfo{}, fmt.Errorf("ingest: %s: %w", path, err)
	}
	return FileInfo{Path: path, Size: st.Size(), ModTime: st.ModTime(), SHA256: hex.EncodeToString(h.Sum(nil)), Kind: KindOf(path)}, nil
}

// KindOf returns the kind of file path names by its extension (case
// ignored): .txt text; .md, .markdown markdown; .html, .htm html; .json
// json; .jsonl, .ndjson (optionally .gz) jsonl; .warc, .wet (optionally
// .gz) warc;
// .xml, .rss, .atom feed. Anything else is "".
func KindOf(path string) string {
	name := strings.ToLower(filepath.Base(path))
	for _, s := range []struct{ suffix, kind string }{
		{".warc.gz", KindWARC}, {".wet.gz", KindWARC}, {".jsonl.gz", KindJSONL}, {".ndjson.gz", KindJSONL},
	} {
		if strings.HasSuffix(name, s.suffix) {
			return s.kind
		}
	}
	switch filepath.Ext(name) {
	case ".txt":
		return KindText
	case ".md", ".markdown":
		return KindMarkdown
	case ".html", ".htm":
		return KindHTML
	case ".json":
		return KindJSON
	case ".jsonl", ".ndjson":
		return KindJSONL
	case ".warc", ".wet":
		return KindWARC
	case ".xml", ".rss", ".atom":
		return KindFeed
	}
	return ""
}

// stem is the file name without its extension(s).
func stem(path string) string {
	name := filepath.Base(path)
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".gz") {
		name = name[:len(name)-3]
	}
	return strings.TrimSuffix(name, filepath.Ext(name))
}

// walker carries one Walk's state.
type walker struct {
	ctx      context.Context
	opts     Options
	emit     func(model.RawDoc) error
	problems []error
	docs     int // documents emitted so far
	resumed  int // files SkipFile passed over (read by an earlier run)
	cur      *FileInfo
	// abandoned is set when the current file was not read to its end on
	// purpose (too large, binary), so it is not hashed by a full read.
	abandoned bool
	// names maps the id bases made from file names so far to the file
	// that made each, and idBase is the current file's (see fileIDBase).
	names  map[string]string
	idBase string
	// exclude are the Options.Exclude folders that exist.
	exclude []os.FileInfo
}

// fileIDBase is what the ids of the documents of file p start with: its
// name without extension (with it for JSON Lines, whose lines without id
// are "NAME:LINE"), unless another file of this walk already made that
// name (a/index.html and b/index.html, 2024-01-02/story.txt and
// 2024-01-03/story.txt): then UniqueFileID, so that one does not replace
// the other in the store. (A file named like one read by an earlier run
// is told apart by pipeline.Run, which sees the store.) Files are walked in name order, and files an
// earlier run read are counted too, so a file keeps its id from run to
// run.
func (w *walker) fileIDBase(p, kind string) string {
	base := stem(p)
	if kind == KindJSONL {
		base = filepath.Base(p)
	}
	if w.names == nil {
		w.names = map[string]string{}
	}
	if first, ok := w.names[base]; !ok {
		w.names[base] = p
		return base
	} else if first == p {
		return base
	}
	return UniqueFileID(base, p)
}

// FileNameID is the id a file's single article gets from its name: the
// name without extension (and without ".gz").
func FileNameID(path string) string { return stem(path) }

// UniqueFileID is the id of a file whose name's id (base) is already
// another file's: base, "-" and 8 hex digits of the SHA-256 of the file's
// absolute path, so the same file gets the same id in every run and from
// every working folder.
func UniqueFileID(base, path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	sum := sha256.Sum256([]byte(filepath.ToSlash(path)))
	return base + "-" + hex.EncodeToString(sum[:4])
}

// Walk reads paths in the order given (folders recursively, entries sorted
// by name, names starting with "." left out) and calls emit for every
// document found. A path that is an http(s) URL is fetched when
// opts.Fetcher is set. Problems go to opts.OnProblem and the walk goes
// on; Walk stops only when ctx is done or emit returns an error, and
// returns that error.
//
// Documents by kind: text and markdown files give one document each
// (Format "text" or "markdown", ID the file name without extension, made
// unique within the walk as fileIDBase says, Body
// as valid UTF-8); html files one Format "html" document with the bytes as
// they are (charset detection is extraction's job); JSON Lines one Format
// "article" document per line (ID the "id" field, else "FILE:LINE";
// Origin "PATH:LINE"); JSON files an article, a list of articles, or an
// object with an "articles" list (see ParseArticles); WARC files one Format
// "html" document per HTML response with status 200 (URL the target URI,
// Origin "PATH@OFFSET", or "PATH@OFFSET#N" for the N-th further record in
// one gzip member, Fetched the WARC date) and one Format "text"
// document per plain-text conversion record (WET files); feeds one document per item
// (see feed.Parse). Fetched is the file's modification time for files.
//
// A byte-order mark is dropped, and text, markdown, JSON and JSON Lines
// files in UTF-16 with one are decoded. Invalid UTF-8 in text, markdown
// and JSON is repaired (see ToUTF8) and
// reported as a warning; a file with NUL bytes in its first 8000 bytes
// is skipped as binary.
func Walk(ctx context.Context, paths []string, opts Options, emit func(model.RawDoc) error) error {
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = DefaultMaxFileBytes
	}
	if opts.MaxLineProblems <= 0 {
		opts.MaxLineProblems = DefaultMaxLineProblems
	}
	if opts.FetchConcurrency <= 0 {
		opts.FetchConcurrency = DefaultFetchConcurrency
	}
	w := &walker{ctx: ctx, opts: opts, emit: emit}
	for _, x := range opts.Exclude {
		if st, err := os.Stat(x); err == nil {
			w.exclude = append(w.exclude, st)
		}
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		if fetch.IsURL(p) {
			err = w.url(p)
		} else {
			err = w.path(p)
		}
		if err != nil {
			return err
		}
	}
	if opts.OnProblem == nil && len(w.problems) > 0 {
		return errors.Join(w.problems...)
	}
	return nil
}

func (w *walker) problem(p Problem) {
	if w.cur != nil {
		w.cur.Problems++
	}
	if w.opts.OnProblem != nil {
		w.opts.OnProblem(p)
		return
	}
	w.problems = append(w.problems, p)
}

func (w *walker) send(d model.RawDoc) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	if err := w.emit(d); err != nil {
		return err
	}
	w.docs++
	if w.cur != nil {
		w.cur.Docs++
	}
	return nil
}

// path handles one path argument.
func (w *walker) path(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		w.problem(Problem{Path: p, Err: err})
		return nil
	}
	before, resumedBefore := w.docs, w.resumed
	if st.IsDir() {
		if err := w.dir(p, nil); err != nil {
			return err
		}
	} else if err := w.file(p, st); err != nil {
		return err
	}
	// A folder whose files were all read by an earlier run is not empty.
	if w.docs == before && w.resumed == resumedBefore && st.IsDir() {
		w.problem(Problem{Path: p, Err: fmt.Errorf("%w in %s", ErrNoArticles, p)})
	}
	return nil
}

// dir walks a folder; ancestors detects symbolic-link loops.
func (w *walker) dir(p string, ancestors []os.FileInfo) error {
	st, err := os.Stat(p)
	if err != nil {
		w.problem(Problem{Path: p, Err: err})
		return nil
	}
	for _, a := range ancestors {
		if os.SameFile(a, st) {
			w.problem(Problem{Path: p, Err: errors.New("symbolic link loop: folder already being read")})
			return nil
		}
	}
	for _, x := range w.exclude {
		if os.SameFile(x, st) {
			return nil
		}
	}
	entries, err := os.ReadDir(p) // sorted by name
	if err != nil {
		w.problem(Problem{Path: p, Err: err})
		if len(entries) == 0 {
			return nil
		}
	}
	ancestors = append(ancestors, st)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if err := w.ctx.Err(); err != nil {
			return err
		}
		full := filepath.Join(p, e.Name())
		info, err := os.Stat(full) // follows symbolic links
		if err != nil {
			w.problem(Problem{Path: full, Err: err})
			continue
		}
		if info.IsDir() {
			err = w.dir(full, ancestors)
		} else {
			err = w.file(full, info)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// file reads one file of any kind.
func (w *walker) file(p string, st os.FileInfo) error {
	fi := FileInfo{Path: p, Size: st.Size(), ModTime: st.ModTime(), Kind: KindOf(p)}
	if !st.Mode().IsRegular() {
		w.problem(Problem{Path: p, Err: fmt.Errorf("%w: not a regular file", ErrUnsupported)})
		return nil
	}
	if fi.Kind == "" {
		w.problem(Problem{Path: p, Err: fmt.Errorf("%w: extension %q (want .txt, .md, .html, .json, .jsonl, .warc, .warc.gz, .xml, .rss or .atom)", ErrUnsupported, filepath.Ext(p))})
		return nil
	}
	// Before the skip: a file read by an earlier run keeps its name.
	idBase := w.fileIDBase(p, fi.Kind)
	if w.opts.SkipFile != nil && w.opts.SkipFile(fi) {
		w.resumed++
		return nil
	}
	w.cur, w.abandoned, w.idBase = &fi, false, idBase
	defer func() { w.cur, w.idBase = nil, "" }()
	f, err := os.Open(p)
	if err != nil {
		w.problem(Problem{Path: p, Err: err})
		return nil
	}
	defer f.Close()
	h := sha256.New()
	src := io.TeeReader(f, h)
	switch fi.Kind {
	case KindJSONL:
		err = w.jsonl(p, src)
	case KindWARC:
		err = w.warc(p, src)
	default:
		err = w.single(p, src, fi)
	}
	if err != nil {
		return err
	}
	if !w.abandoned {
		// Hash what the reader left (trailing bytes after the last
		// record) so the digest covers the whole file.
		if _, cerr := io.Copy(h, f); cerr == nil {
			fi.SHA256 = hex.EncodeToString(h.Sum(nil))
		}
	}
	if fi.Docs == 0 && fi.Problems == 0 {
		w.problem(Problem{Path: p, Err: fmt.Errorf("%w in %s", ErrNoArticles, p)})
	}
	if w.opts.OnFile != nil {
		w.opts.OnFile(fi)
	}
	return nil
}

// single reads a file that is parsed whole.
func (w *walker) single(p string, src io.Reader, fi FileInfo) error {
	if fi.Size > w.opts.MaxFileBytes {
		w.abandoned = true
		w.problem(Problem{Path: p, Err: fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, fi.Size, w.opts.MaxFileBytes)})
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(src, w.opts.MaxFileBytes+1))
	if err != nil {
		w.problem(Problem{Path: p, Err: err})
		return nil
	}
	if int64(len(data)) > w.opts.MaxFileBytes {
		w.abandoned = true
		w.problem(Problem{Path: p, Err: fmt.Errorf("%w: over %d bytes", ErrTooLarge, w.opts.MaxFileBytes)})
		return nil
	}
	if isBlank(data) {
		w.problem(Problem{Path: p, Err: fmt.Errorf("%w file", ErrEmpty)})
		return nil
	}
	if u, ok := decodeBOMlessUTF16(data); ok {
		data = u // Windows text saved as UTF-16 without a byte-order mark
	}
	if looksBinary(data) {
		w.problem(Problem{Path: p, Err: ErrBinary})
		return nil
	}
	if IsOwnOutput(fi.Kind, data) {
		w.problem(Problem{Path: p, Warning: true, Err: ErrOwnOutput})
		return nil
	}
	fetched := fi.ModTime
	switch fi.Kind {
	case KindHTML:
		return w.send(model.RawDoc{ID: w.idBase, Origin: p, Format: "html", Body: data, Fetched: fetched})
	case KindFeed:
		return w.feed(p, data, fetched)
	}
	text, repaired := ToUTF8(data)
	if repaired {
		w.problem(Problem{Path: p, Warning: true, Err: fmt.Errorf("%w: repaired", ErrInvalidUTF8)})
	}
	switch fi.Kind {
	case KindText, KindMarkdown:
		return w.send(model.RawDoc{ID: w.idBase, Origin: p, Format: fi.Kind, Body: text, Fetched: fetched})
	case KindJSON:
		docs, errs, err := ParseArticles(text)
		for _, e := range errs {
			w.problem(Problem{Path: p, Err: e})
		}
		if err != nil {
			w.problem(Problem{Path: p, Err: err})
			return nil
		}
		for _, d := range docs {
			item := d.Origin // "#N" for list elements
			d.Origin = p + item
			if d.ID == "" {
				d.ID = w.idBase + item
			}
			d.Fetched = fetched
			if err := w.send(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// feed emits a feed's items in order, fetching the pages of teasers when
// it can, up to Options.FetchConcurrency at a time.
func (w *walker) feed(origin string, data []byte, fetched time.Time) error {
	items, err := feed.Parse(data, origin)
	if err != nil {
		w.problem(Problem{Path: origin, Err: err})
		return nil
	}
	type pageFetch struct {
		resp *fetch.Response
		err  error
		done chan struct{}
	}
	pages := make([]*pageFetch, len(items))
	if w.opts.Fetcher != nil {
		sem := make(chan struct{}, w.opts.FetchConcurrency)
		ctx, cancel := context.WithCancel(w.ctx)
		defer cancel()
		for i, it := range items {
			if !it.Teaser || it.Doc.URL == "" {
				continue
			}
			f := &pageFetch{done: make(chan struct{})}
			pages[i] = f
			go func(url string) {
				defer close(f.done)
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					f.err = ctx.Err()
					return
				}
				defer func() { <-sem }()
				f.resp, f.err = w.opts.Fetcher.Get(ctx, url)
			}(it.Doc.URL)
		}
		// Wait for every fetch before returning, so none outlives Walk.
		defer func() {
			cancel()
			for _, f := range pages {
				if f != nil {
					<-f.done
				}
			}
		}()
	}
	for i, it := range items {
		d := it.Doc
		d.Fetched = fetched
		if f := pages[i]; f != nil {
			<-f.done
			resp, err := f.resp, f.err
			switch {
			case err != nil && w.ctx.Err() != nil:
				return w.ctx.Err()
			case err != nil:
				w.problem(Problem{Path: d.Origin, Warning: true, Err: fmt.Errorf("teaser kept, page not fetched: %w", err)})
			case !looksHTML(resp.ContentType, resp.Body):
				w.problem(Problem{Path: d.Origin, Warning: true, Err: fmt.Errorf("teaser kept: %s is %q, not HTML", resp.URL, resp.ContentType)})
			default:
				// The feed's title, date, author and source stay: extraction
				// keeps structured fields over what it infers from the page.
				d.Format, d.Body, d.Text = "html", DecodeByHeader(resp.Body, resp.ContentType), ""
				d.URL, d.Fetched = resp.URL, resp.Fetched
			}
		}
		if err := w.send(d); err != nil {
			return err
		}
	}
	return nil
}

// url fetches a URL given as a path: a feed or a page.
func (w *walker) url(u string) error {
	if w.opts.Fetcher == nil {
		w.problem(Problem{Path: u, Err: ErrNoFetcher})
		return nil
	}
	resp, err := w.opts.Fetcher.Get(w.ctx, u)
	if err != nil {
		if w.ctx.Err() != nil {
			return w.ctx.Err()
		}
		w.problem(Problem{Path: u, Err: err})
		return nil
	}
	ct := strings.ToLower(resp.ContentType)
	switch {
	case strings.Contains(ct, "rss") || strings.Contains(ct, "atom") || strings.Contains(ct, "xml") || strings.Contains(ct, "feed+json") ||
		!looksHTML(ct, resp.Body) && feed.Detect(resp.Body):
		return w.feed(u, resp.Body, resp.Fetched)
	case looksHTML(ct, resp.Body):
		return w.send(model.RawDoc{Origin: u, URL: resp.URL, Format: "html", Body: DecodeByHeader(resp.Body, resp.ContentType), Fetched: resp.Fetched})
	case strings.HasPrefix(ct, "text/plain"):
		text, _ := ToUTF8(DecodeByHeader(resp.Body, resp.ContentType))
		return w.send(model.RawDoc{Origin: u, URL: resp.URL, Format: "text", Body: text, Fetched: resp.Fetched})
	}
	w.problem(Problem{Path: u, Err: fmt.Errorf("%w: content type %q", ErrUnsupported, resp.ContentType)})
	return nil
}

// looksHTML reports whether a response is an HTML page, by its media type
// or, when that says nothing useful, by its first bytes.
func looksHTML(contentType string, body []byte) bool {
	ct := strings.ToLower(contentType)
	if strings.HasPrefix(ct, "text/html") || strings.HasPrefix(ct, "application/xhtml") {
		return true
	}
	if ct != "" && !strings.HasPrefix(ct, "application/octet-stream") && !strings.HasPrefix(ct, "text/plain") {
		return false
	}
	head := body
	if len(head) > 1024 {
		head = head[:1024]
	}
	head = bytes.ToLower(bytes.TrimSpace(bytes.TrimPrefix(head, bomUTF8)))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) ||
		bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body"))
}
