package sqlite

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"sync"
)

// Stored JSON is deflated: an article's analysis repeats its text in
// sentences, mentions and quotes, and compresses about fivefold. A blob
// that starts with '{' is plain JSON (written before compression, or by
// hand); one that starts with blobDeflate is a raw DEFLATE stream.
const blobDeflate = 0x01

// blobMin is the size under which JSON is stored as is.
const blobMin = 512

var writers = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

// packBlob returns the stored form of encoded JSON.
func packBlob(js []byte) []byte {
	if len(js) < blobMin {
		return js
	}
	var buf bytes.Buffer
	buf.Grow(len(js)/4 + 16)
	buf.WriteByte(blobDeflate)
	w := writers.Get().(*flate.Writer)
	w.Reset(&buf)
	w.Write(js) // writes to a bytes.Buffer cannot fail
	w.Close()
	writers.Put(w)
	return buf.Bytes()
}

// unpackBlob returns the JSON of a stored blob.
func unpackBlob(b []byte) ([]byte, error) {
	if len(b) == 0 || b[0] != blobDeflate {
		return b, nil
	}
	r := flate.NewReader(bytes.NewReader(b[1:]))
	defer r.Close()
	var buf bytes.Buffer
	buf.Grow(min(8*len(b), encodedLimit)) // JSON deflates about fivefold
	if _, err := buf.ReadFrom(io.LimitReader(r, encodedLimit+1)); err != nil {
		return nil, fmt.Errorf("inflate: %w", err)
	}
	js := buf.Bytes()
	if len(js) > encodedLimit {
		return nil, fmt.Errorf("inflate: over %d bytes", encodedLimit)
	}
	return js, nil
}
