package warc

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"strconv"
	"strings"
)

// ErrHTTP is returned for a response record whose HTTP message cannot be
// parsed.
var ErrHTTP = errors.New("bad HTTP response")

// maxDecodedBytes caps a body after undoing chunking or gzip.
const maxDecodedBytes = 64 << 20

// Response is an HTTP response read from a response record.
type Response struct {
	// Status is the status code, such as 200.
	Status int
	// Header holds the response headers in canonical form.
	Header http.Header
	// Body is the payload with chunked transfer coding and gzip content
	// coding undone when the headers say they apply.
	Body []byte
}

// ContentType returns the media type of the Content-Type header in lower
// case, without parameters.
func (r *Response) ContentType() string {
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	return strings.ToLower(strings.TrimSpace(ct))
}

// IsHTTPResponse reports whether a record is an HTTP response: WARC-Type
// response with an application/http content type (or none).
func (r *Record) IsHTTPResponse() bool {
	if !strings.EqualFold(r.Type, "response") {
		return false
	}
	ct := strings.ToLower(r.ContentType)
	return ct == "" || strings.HasPrefix(ct, "application/http")
}

// ParseHTTP parses an HTTP/1.x response (status line, headers, body) as a
// response record's block holds it. The body is the rest of the block:
// Content-Length is not trusted, since crawlers rewrite bodies and keep
// the original header. Transfer and content codings are undone when the
// headers announce them and the bytes agree; Common Crawl already
// removes them and renames the headers.
func ParseHTTP(block []byte) (*Response, error) {
	br := bufio.NewReader(bytes.NewReader(block))
	tp := textproto.NewReader(br)
	status, err := tp.ReadLine()
	if err != nil {
		return nil, fmt.Errorf("%w: no status line", ErrHTTP)
	}
	proto, rest, ok := strings.Cut(status, " ")
	if !ok || !strings.HasPrefix(proto, "HTTP/") {
		return nil, fmt.Errorf("%w: status line %.40q", ErrHTTP, status)
	}
	code, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	n, err := strconv.Atoi(code)
	if err != nil || n < 100 || n > 999 {
		return nil, fmt.Errorf("%w: status code %.10q", ErrHTTP, code)
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: headers: %v", ErrHTTP, err)
	}
	body, _ := io.ReadAll(br)
	resp := &Response{Status: n, Header: http.Header(h), Body: body}
	if strings.EqualFold(resp.Header.Get("Transfer-Encoding"), "chunked") {
		if b, err := io.ReadAll(io.LimitReader(httputil.NewChunkedReader(bytes.NewReader(resp.Body)), maxDecodedBytes)); err == nil {
			resp.Body = b
		}
	}
	switch strings.ToLower(resp.Header.Get("Content-Encoding")) {
	case "gzip", "x-gzip":
		if len(resp.Body) > 2 && resp.Body[0] == 0x1f && resp.Body[1] == 0x8b {
			if z, err := gzip.NewReader(bytes.NewReader(resp.Body)); err == nil {
				if b, err := io.ReadAll(io.LimitReader(z, maxDecodedBytes)); err == nil {
					resp.Body = b
				}
			}
		}
	}
	return resp, nil
}
