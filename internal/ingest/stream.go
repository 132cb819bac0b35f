package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/storyline-news/storyline/internal/ingest/warc"
	"github.com/storyline-news/storyline/internal/model"
)

// ErrTooManyBadLines ends the reading of a JSON Lines file that has more
// unusable lines than Options.MaxLineProblems.
var ErrTooManyBadLines = errors.New("too many unusable lines; rest of the file skipped")

// LineReader reads lines of any length from r, handing out at most max
// bytes of each: a longer line is reported as too long (its bytes are
// skipped, not kept in memory).
type LineReader struct {
	br   *bufio.Reader
	max  int64
	buf  []byte
	line int
}

// NewLineReader returns a LineReader over r for lines of at most max bytes.
func NewLineReader(r io.Reader, max int64) *LineReader {
	return &LineReader{br: bufio.NewReaderSize(r, 256<<10), max: max}
}

// Next returns the next line without its line ending, its 1-based number,
// and whether it was longer than max (then the line is empty). At the
// end it returns io.EOF; other errors are the reader's.
func (l *LineReader) Next() (line []byte, n int, tooLong bool, err error) {
	l.buf = l.buf[:0]
	got := false
	for {
		chunk, err := l.br.ReadSlice('\n')
		if len(chunk) > 0 {
			got = true
		}
		if !tooLong {
			if int64(len(l.buf)+len(chunk)) > l.max+2 { // +2: the CR LF
				tooLong = true
				l.buf = l.buf[:0]
			} else {
				l.buf = append(l.buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, l.line + 1, false, err
		}
		if err != nil && !got {
			return nil, l.line, false, io.EOF
		}
		l.line++
		line := bytes.TrimRight(l.buf, "\r\n")
		if !tooLong && int64(len(line)) > l.max {
			tooLong = true
		}
		if tooLong {
			return nil, l.line, true, nil
		}
		return line, l.line, false, nil
	}
}

// jsonl streams a JSON Lines file (gzip-compressed when its name ends in
// .gz), one article per line.
func (w *walker) jsonl(p string, src io.Reader) error {
	if strings.HasSuffix(strings.ToLower(p), ".gz") {
		z, err := gzip.NewReader(src)
		if err != nil {
			w.abandoned = true
			w.problem(Problem{Path: p, Err: fmt.Errorf("gzip: %w", err)})
			return nil
		}
		defer z.Close()
		src = z
	}
	br := bufio.NewReaderSize(src, 64<<10)
	head, _ := br.Peek(sniffLen)
	if looksBinary(head) {
		w.abandoned = true
		w.problem(Problem{Path: p, Err: ErrBinary})
		return nil
	}
	// Windows tools open JSON Lines with a byte-order mark: dropped for
	// UTF-8 (the first line would not parse), decoded for UTF-16.
	switch {
	case bytes.HasPrefix(head, bomUTF8):
		br.Discard(len(bomUTF8))
	case bytes.HasPrefix(head, bomUTF16LE), bytes.HasPrefix(head, bomUTF16BE):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
	}
	base := w.idBase
	if base == "" {
		base = filepath.Base(p)
	}
	lr := NewLineReader(br, w.opts.MaxFileBytes)
	bad := 0
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		line, n, tooLong, err := lr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = fmt.Errorf("file truncated: %w", err)
			}
			w.abandoned = true
			w.problem(Problem{Path: p, Line: n, Err: err})
			return nil
		}
		var perr error
		var d model.RawDoc
		repaired := false
		switch {
		case tooLong:
			perr = fmt.Errorf("%w: line over %d bytes", ErrTooLarge, w.opts.MaxFileBytes)
		case isBlank(line):
			continue
		default:
			// Repaired as text files are (a Latin-1 "caf\xe9" is "café"),
			// not by the JSON decoder, which drops or replaces the byte.
			if !utf8.Valid(line) {
				line, repaired = ToUTF8(line)
			}
			d, perr = ParseArticle(line)
		}
		if perr != nil {
			w.problem(Problem{Path: p, Line: n, Err: perr})
			if bad++; bad >= w.opts.MaxLineProblems {
				w.abandoned = true
				w.problem(Problem{Path: p, Line: n, Err: fmt.Errorf("%w (%d)", ErrTooManyBadLines, bad)})
				return nil
			}
			continue
		}
		if repaired {
			w.problem(Problem{Path: p, Line: n, Warning: true, Err: fmt.Errorf("%w: repaired", ErrInvalidUTF8)})
		}
		if d.ID == "" {
			d.ID = base + ":" + strconv.Itoa(n)
		}
		d.Origin = p + ":" + strconv.Itoa(n)
		if d.Fetched.IsZero() && w.cur != nil {
			d.Fetched = w.cur.ModTime
		}
		if err := w.send(d); err != nil {
			return err
		}
	}
}

// warc streams the HTML pages of a WARC file.
func (w *walker) warc(p string, src io.Reader) error {
	r, err := warc.NewReader(src)
	if err != nil {
		w.abandoned = true
		w.problem(Problem{Path: p, Err: err})
		return nil
	}
	r.MaxRecordBytes = w.opts.MaxFileBytes
	// Records sharing a gzip member (a WARC compressed whole) share its
	// offset: the later ones get their place in the member ("@0#3").
	last, nth := int64(-1), 0
	for {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			w.problem(Problem{Path: p, Err: err})
			continue
		}
		if rec.Offset == last {
			nth++
		} else {
			last, nth = rec.Offset, 0
		}
		at := strconv.FormatInt(rec.Offset, 10)
		if nth > 0 {
			at += "#" + strconv.Itoa(nth)
		}
		d, ok, err := warcDoc(p, at, rec)
		if err != nil {
			w.problem(Problem{Path: p, Err: err})
			continue
		}
		if !ok {
			w.cur.Skipped++
			continue
		}
		if err := w.send(d); err != nil {
			return err
		}
	}
}

// warcDoc turns a record into a document when it is an HTML page fetched
// with status 200 (a response record, or a resource record holding
// HTML) or a plain-text conversion record.
// at is the record's place in the file, as Origin shows it after "@".
func warcDoc(p, at string, rec *warc.Record) (model.RawDoc, bool, error) {
	var body []byte
	switch {
	case rec.IsHTTPResponse():
		resp, err := warc.ParseHTTP(rec.Content)
		if err != nil {
			return model.RawDoc{}, false, fmt.Errorf("warc: offset %s: %s: %w", at, rec.TargetURI, err)
		}
		if resp.Status != 200 || !looksHTML(resp.ContentType(), resp.Body) {
			return model.RawDoc{}, false, nil
		}
		body = DecodeByHeader(resp.Body, resp.Header.Get("Content-Type"))
	case strings.EqualFold(rec.Type, "resource") && looksHTML(rec.ContentType, rec.Content):
		body = DecodeByHeader(rec.Content, rec.ContentType)
	case strings.EqualFold(rec.Type, "conversion") && strings.HasPrefix(strings.ToLower(rec.ContentType), "text/plain"):
		// Extracted text, as Common Crawl's WET files hold it.
		text, _ := ToUTF8(rec.Content)
		if isBlank(text) {
			return model.RawDoc{}, false, nil
		}
		return model.RawDoc{
			Origin:  p + "@" + at,
			URL:     rec.TargetURI,
			Format:  "text",
			Body:    text,
			Fetched: rec.Date,
		}, true, nil
	default:
		return model.RawDoc{}, false, nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return model.RawDoc{}, false, nil
	}
	return model.RawDoc{
		Origin:  p + "@" + at,
		URL:     rec.TargetURI,
		Format:  "html",
		Body:    body,
		Fetched: rec.Date,
	}, true, nil
}
