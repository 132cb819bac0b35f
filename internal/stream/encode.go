package stream

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
)

// compressAbove is the encoded size from which a message is gzipped:
// HTML shrinks five- to tenfold, which keeps pages under the 1 MB payload
// limit a NATS server has by default; tiny messages are not worth it.
const compressAbove = 4 << 10

// wire is the encoded form of a RawDoc: short keys, empty fields left
// out, and the body as a string when it is valid UTF-8 (base64 only
// otherwise, which would add a third).
type wire struct {
	ID        string    `json:"id,omitempty"`
	Origin    string    `json:"o,omitempty"`
	URL       string    `json:"u,omitempty"`
	Format    string    `json:"f,omitempty"`
	Body      *string   `json:"b,omitempty"`
	BodyBytes []byte    `json:"bb,omitempty"`
	Title     string    `json:"t,omitempty"`
	Text      string    `json:"x,omitempty"`
	Source    string    `json:"s,omitempty"`
	Author    string    `json:"a,omitempty"`
	Published string    `json:"p,omitempty"`
	Language  string    `json:"l,omitempty"`
	Label     string    `json:"lb,omitempty"`
	Fetched   time.Time `json:"ft,omitzero"`
}

func toWire(doc model.RawDoc) wire {
	w := wire{ID: doc.ID, Origin: doc.Origin, URL: doc.URL, Format: doc.Format, Title: doc.Title,
		Text: doc.Text, Source: doc.Source, Author: doc.Author, Published: doc.Published,
		Language: doc.Language, Label: doc.Label, Fetched: doc.Fetched}
	switch {
	case doc.Body == nil:
	case utf8.Valid(doc.Body):
		s := string(doc.Body)
		w.Body = &s
	default:
		w.BodyBytes = doc.Body
	}
	return w
}

func (w wire) doc() model.RawDoc {
	d := model.RawDoc{ID: w.ID, Origin: w.Origin, URL: w.URL, Format: w.Format, Title: w.Title,
		Text: w.Text, Source: w.Source, Author: w.Author, Published: w.Published,
		Language: w.Language, Label: w.Label, Fetched: w.Fetched}
	if w.Body != nil {
		d.Body = []byte(*w.Body)
	} else if w.BodyBytes != nil {
		d.Body = w.BodyBytes
	}
	return d
}

// Encode returns the message form of doc: JSON, gzipped when over a few
// kilobytes. A document whose JSON is over limit bytes (limit <= 0:
// DefaultMaxMessageBytes) fails with ErrTooLarge naming its origin.
func Encode(doc model.RawDoc, limit int) ([]byte, error) {
	if limit <= 0 {
		limit = DefaultMaxMessageBytes
	}
	// A body alone over the limit need not be encoded to be refused.
	if len(doc.Body)+len(doc.Text) > limit {
		return nil, tooLarge(doc, len(doc.Body)+len(doc.Text), limit)
	}
	b, err := marshal(toWire(doc))
	if err != nil {
		return nil, fmt.Errorf("stream: %s: encoding: %w", doc.Origin, err)
	}
	if len(b) > limit {
		return nil, tooLarge(doc, len(b), limit)
	}
	if len(b) < compressAbove {
		return b, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(b) / 3)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("stream: %s: compressing: %w", doc.Origin, err)
	}
	return buf.Bytes(), nil
}

// gzipWriters and gzipReaders are reused: a new flate writer allocates
// about a megabyte of state, which cost more than compressing a page.
var (
	gzipWriters = sync.Pool{New: func() any {
		zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return zw
	}}
	gzipReaders sync.Pool
)

func tooLarge(doc model.RawDoc, n, limit int) error {
	name := doc.Origin
	if name == "" {
		name = doc.URL
	}
	if name == "" {
		name = doc.ID
	}
	return fmt.Errorf("stream: %s: document is %d bytes encoded, over the %d-byte message limit: %w", name, n, limit, ErrTooLarge)
}

// Decode reads a message Encode made. It refuses, with ErrInvalid, bytes
// that are neither JSON nor gzipped JSON of a document, and a document
// that decompresses to more than limit bytes (limit <= 0:
// DefaultMaxMessageBytes), so a hostile message cannot exhaust memory.
func Decode(b []byte, limit int) (model.RawDoc, error) {
	if limit <= 0 {
		limit = DefaultMaxMessageBytes
	}
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, _ := gzipReaders.Get().(*gzip.Reader)
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(bytes.NewReader(b))
		} else {
			err = zr.Reset(bytes.NewReader(b))
		}
		if err != nil {
			return model.RawDoc{}, errorf(ErrInvalid, "stream: message: bad gzip header: %v", err)
		}
		defer gzipReaders.Put(zr)
		plain, err := io.ReadAll(io.LimitReader(zr, int64(limit)+1))
		if err != nil {
			return model.RawDoc{}, errorf(ErrInvalid, "stream: message: bad gzip data: %v", err)
		}
		if len(plain) > limit {
			return model.RawDoc{}, errorf(ErrInvalid, "stream: message: decompresses to over %d bytes", limit)
		}
		b = plain
	} else if len(b) > limit {
		return model.RawDoc{}, errorf(ErrInvalid, "stream: message: %d bytes, over the %d-byte limit", len(b), limit)
	}
	if len(bytes.TrimSpace(b)) == 0 || bytes.TrimSpace(b)[0] != '{' {
		return model.RawDoc{}, errorf(ErrInvalid, "stream: message: not a JSON object")
	}
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return model.RawDoc{}, errorf(ErrInvalid, "stream: message: %v", err)
	}
	return w.doc(), nil
}

// MessageID is the de-duplication id of doc: a hash of its origin and
// content. The time it was read (Fetched) is left out, so the same file
// published twice, even after a touch, is one message.
func MessageID(doc model.RawDoc) string {
	h := sha256.New()
	var n [binary.MaxVarintLen64]byte
	field := func(b []byte) {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(b)))])
		h.Write(b)
	}
	for _, f := range []string{doc.ID, doc.Origin, doc.URL, doc.Format, doc.Title, doc.Text, doc.Source,
		doc.Author, doc.Published, doc.Language, doc.Label} {
		field([]byte(f))
	}
	field(doc.Body)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// marshal is json.Marshal without HTML escaping, which would spell every
// '<' of a page as six bytes.
func marshal(w wire) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func errorf(sentinel error, format string, args ...any) error {
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), sentinel)
}
