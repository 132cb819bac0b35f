// Package warc reads WARC files (ISO 28500, versions 1.0 and 1.1) as a
// stream of records: plain, or gzip-compressed with one member per record
// or several records per member, as Common Crawl News publishes them. It
// also parses the HTTP responses that response records carry. Memory stays
// bounded by the largest record read, which is capped.
package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Errors a Reader returns, wrapped with the offset of the record.
var (
	// ErrTruncated: the stream ended inside a record.
	ErrTruncated = errors.New("truncated record")
	// ErrMalformed: a record header that cannot be read; the reader skips
	// to the next line starting with "WARC/" and goes on.
	ErrMalformed = errors.New("malformed record")
	// ErrTooLarge: a record whose content exceeds MaxRecordBytes; it is
	// skipped and the reader goes on.
	ErrTooLarge = errors.New("record too large")
)

// DefaultMaxRecordBytes caps a record's content unless Reader.MaxRecordBytes
// says otherwise.
const DefaultMaxRecordBytes = 64 << 20

// maxHeaderBytes caps a record's header block.
const maxHeaderBytes = 1 << 20

// Record is one WARC record with its content read into memory.
type Record struct {
	// Offset is where the record starts in the file: the byte offset for
	// a plain WARC, the offset of the gzip member holding the record's
	// first byte for a compressed one (what CDX indexes give).
	Offset int64
	// Version is the version line, such as "WARC/1.0".
	Version string
	// Header holds the WARC named fields, keys as written; use Get.
	Header []Field
	// Type is WARC-Type ("response", "request", "warcinfo"...).
	Type string
	// TargetURI is WARC-Target-URI without the angle brackets that some
	// writers put around it.
	TargetURI string
	// Date is WARC-Date, zero when missing or unparsable.
	Date time.Time
	// ContentType is the record's Content-Type field.
	ContentType string
	// Content is the record block (for response records: the HTTP
	// response with status line, headers and body).
	Content []byte
}

// Field is one WARC named field.
type Field struct{ Name, Value string }

// Get returns the value of the first field named name (case-insensitive).
func (r *Record) Get(name string) string {
	for _, f := range r.Header {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Reader reads WARC records from a stream.
type Reader struct {
	// MaxRecordBytes caps a record's content; 0 means DefaultMaxRecordBytes.
	MaxRecordBytes int64

	br   *bufio.Reader // over the uncompressed stream
	pos  int64         // uncompressed bytes consumed by the parser
	gz   *memberReader // nil for plain input
	done bool
}

// NewReader returns a Reader over r, detecting gzip by its magic bytes.
func NewReader(r io.Reader) (*Reader, error) {
	src := bufio.NewReaderSize(r, 64<<10)
	head, err := src.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	rd := &Reader{}
	if len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		m, err := newMemberReader(src)
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		rd.gz = m
		rd.br = bufio.NewReaderSize(m, 64<<10)
	} else {
		rd.br = bufio.NewReaderSize(&countReader{r: src}, 64<<10)
	}
	return rd, nil
}

// Next returns the next record, io.EOF at the end of the stream, or an
// error naming the record's offset. After ErrMalformed or ErrTooLarge the
// reader can go on: call Next again. After a truncated record or a broken
// gzip stream every later call returns io.EOF.
func (r *Reader) Next() (*Record, error) {
	if r.done {
		return nil, io.EOF
	}
	// Skip blank lines between records.
	for {
		b, err := r.br.Peek(1)
		if errors.Is(err, io.EOF) {
			r.done = true
			return nil, io.EOF
		}
		if err != nil {
			return nil, r.fail(err, r.fileOffset(r.pos))
		}
		if b[0] != '\r' && b[0] != '\n' {
			break
		}
		r.discard(1)
	}
	start := r.pos
	off := r.fileOffset(start)
	version, err := r.line()
	if err != nil {
		return nil, r.fail(err, off)
	}
	if !strings.HasPrefix(version, "WARC/") {
		r.resync()
		return nil, fmt.Errorf("warc: offset %d: %w: want a WARC/ version line, got %.40q", off, ErrMalformed, version)
	}
	rec := &Record{Offset: off, Version: version}
	length := int64(-1)
	headerBytes := 0
	for {
		l, err := r.line()
		if err != nil {
			return nil, r.fail(err, off)
		}
		if l == "" {
			break
		}
		headerBytes += len(l)
		if headerBytes > maxHeaderBytes {
			r.resync()
			return nil, fmt.Errorf("warc: offset %d: %w: header over %d bytes", off, ErrMalformed, maxHeaderBytes)
		}
		name, value, ok := strings.Cut(l, ":")
		if !ok {
			if (l[0] == ' ' || l[0] == '\t') && len(rec.Header) > 0 {
				// A continuation line (folded field).
				rec.Header[len(rec.Header)-1].Value += " " + strings.TrimSpace(l)
				continue
			}
			r.resync()
			return nil, fmt.Errorf("warc: offset %d: %w: header line without colon: %.40q", off, ErrMalformed, l)
		}
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		rec.Header = append(rec.Header, Field{name, value})
		if strings.EqualFold(name, "Content-Length") {
			n, perr := strconv.ParseInt(value, 10, 64)
			if perr != nil || n < 0 {
				r.resync()
				return nil, fmt.Errorf("warc: offset %d: %w: Content-Length %q", off, ErrMalformed, value)
			}
			length = n
		}
	}
	if length < 0 {
		r.resync()
		return nil, fmt.Errorf("warc: offset %d: %w: no Content-Length", off, ErrMalformed)
	}
	rec.Type = rec.Get("WARC-Type")
	rec.TargetURI = strings.TrimSuffix(strings.TrimPrefix(rec.Get("WARC-Target-URI"), "<"), ">")
	rec.ContentType = rec.Get("Content-Type")
	if d := rec.Get("WARC-Date"); d != "" {
		if t, err := time.Parse(time.RFC3339Nano, d); err == nil {
			rec.Date = t.UTC()
		}
	}
	limit := r.MaxRecordBytes
	if limit <= 0 {
		limit = DefaultMaxRecordBytes
	}
	if length > limit {
		n, err := io.CopyN(io.Discard, r.br, length)
		r.pos += n
		if err != nil {
			return nil, r.fail(fmt.Errorf("%w: want %d bytes of content, got %d", ErrTruncated, length, n), off)
		}
		return nil, fmt.Errorf("warc: offset %d: %w: %d bytes of content, limit %d", off, ErrTooLarge, length, limit)
	}
	// Grow with what actually arrives, so a lying Content-Length in a
	// short file cannot make us allocate the limit.
	var buf bytes.Buffer
	buf.Grow(int(min(length, 1<<20)))
	n, err := buf.ReadFrom(io.LimitReader(r.br, length))
	r.pos += n
	if err != nil {
		return nil, r.fail(err, off)
	}
	if n < length {
		return nil, r.fail(fmt.Errorf("%w: want %d bytes of content, got %d", ErrTruncated, length, n), off)
	}
	rec.Content = buf.Bytes()
	return rec, nil
}

// fail ends the stream after an error inside a record: running out of
// input there means the record is truncated.
func (r *Reader) fail(err error, off int64) error {
	r.done = true
	if (errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)) && !errors.Is(err, ErrTruncated) {
		err = ErrTruncated
	}
	return fmt.Errorf("warc: offset %d: %w", off, err)
}

// line reads one header line without its CR LF.
func (r *Reader) line() (string, error) {
	var buf []byte
	for {
		chunk, err := r.br.ReadSlice('\n')
		r.pos += int64(len(chunk))
		if len(buf)+len(chunk) <= maxHeaderBytes {
			buf = append(buf, chunk...)
		}
		if err == nil {
			break
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if errors.Is(err, io.EOF) && len(buf) > 0 {
			return "", ErrTruncated
		}
		return "", err
	}
	return string(bytes.TrimRight(buf, "\r\n")), nil
}

// resync skips to the next line that starts a record.
func (r *Reader) resync() {
	for {
		b, err := r.br.Peek(5)
		if err != nil {
			// Fewer than 5 bytes left: nothing more to read.
			r.discard(r.br.Buffered())
			return
		}
		if string(b) == "WARC/" {
			return
		}
		if _, err := r.line(); err != nil {
			return
		}
	}
}

func (r *Reader) discard(n int) {
	m, _ := r.br.Discard(n)
	r.pos += int64(m)
}

// fileOffset maps a position in the uncompressed stream to the file
// offset of the record starting there.
func (r *Reader) fileOffset(pos int64) int64 {
	if r.gz == nil {
		return pos
	}
	return r.gz.memberAt(pos)
}

// countReader passes reads through; it exists so plain and gzip input
// share one code path.
type countReader struct{ r io.Reader }

func (c *countReader) Read(p []byte) (int, error) { return c.r.Read(p) }

// byteCounter counts the compressed bytes gzip consumes. It implements
// io.ByteReader so that flate reads exactly what it needs and the count
// marks member boundaries precisely.
type byteCounter struct {
	r *bufio.Reader
	n int64
}

func (b *byteCounter) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	return n, err
}

func (b *byteCounter) ReadByte() (byte, error) {
	c, err := b.r.ReadByte()
	if err == nil {
		b.n++
	}
	return c, err
}

var _ flate.Reader = (*byteCounter)(nil)

// member is where one gzip member starts, uncompressed and compressed.
type member struct{ upos, fileOff int64 }

// memberReader decompresses a multi-member gzip stream, remembering where
// each member starts so record offsets can name their member.
type memberReader struct {
	src     *byteCounter
	z       *gzip.Reader
	upos    int64 // uncompressed bytes produced
	members []member
	eof     bool
}

func newMemberReader(r *bufio.Reader) (*memberReader, error) {
	m := &memberReader{src: &byteCounter{r: r}}
	z, err := gzip.NewReader(m.src)
	if err != nil {
		return nil, err
	}
	z.Multistream(false)
	m.z = z
	m.members = []member{{0, 0}}
	return m, nil
}

func (m *memberReader) Read(p []byte) (int, error) {
	for {
		if m.eof {
			return 0, io.EOF
		}
		n, err := m.z.Read(p)
		m.upos += int64(n)
		if err == io.EOF {
			// End of one member: start the next one, if any.
			off := m.src.n
			if _, perr := m.src.r.Peek(1); perr != nil {
				m.eof = true
			} else if rerr := m.z.Reset(m.src); rerr != nil {
				m.eof = true
				if n == 0 {
					return 0, fmt.Errorf("gzip member at offset %d: %w", off, rerr)
				}
			} else {
				m.z.Multistream(false)
				m.members = append(m.members, member{m.upos, off})
			}
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

// memberAt returns the file offset of the member holding uncompressed
// position pos, and forgets members before it.
func (m *memberReader) memberAt(pos int64) int64 {
	i := len(m.members) - 1
	for i > 0 && m.members[i].upos > pos {
		i--
	}
	off := m.members[i].fileOff
	if i > 0 {
		m.members = append(m.members[:0], m.members[i:]...)
	}
	return off
}
