package warc_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/ingest/warc"
)

// testRecord is what the test writer turns into a WARC record.
type testRecord struct {
	typ, uri, date string
	contentType    string
	content        string
}

// httpRecord builds a response record carrying an HTTP response.
func httpRecord(uri, status, headers, body string) testRecord {
	return testRecord{
		typ: "response", uri: uri, date: "2016-07-15T10:00:00Z",
		contentType: "application/http; msgtype=response",
		content:     "HTTP/1.1 " + status + "\r\n" + headers + "\r\n" + body,
	}
}

func encodeRecord(r testRecord) []byte {
	var b bytes.Buffer
	b.WriteString("WARC/1.0\r\n")
	fmt.Fprintf(&b, "WARC-Type: %s\r\n", r.typ)
	if r.uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.uri)
	}
	if r.date != "" {
		fmt.Fprintf(&b, "WARC-Date: %s\r\n", r.date)
	}
	fmt.Fprintf(&b, "WARC-Record-ID: <urn:uuid:%08d-0000-0000-0000-000000000000>\r\n", len(r.content))
	if r.contentType != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", r.contentType)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(r.content))
	b.WriteString(r.content)
	b.WriteString("\r\n\r\n")
	return b.Bytes()
}

// layout says how the test writer compresses a file.
type layout int

const (
	plain        layout = iota
	gzipPerRec          // one gzip member per record, as Common Crawl writes
	gzipOneBlock        // the whole file in one gzip member
)

// buildWARC writes records and returns the file and each record's
// expected offset.
func buildWARC(t testing.TB, recs []testRecord, l layout) ([]byte, []int64) {
	t.Helper()
	var out bytes.Buffer
	var offsets []int64
	switch l {
	case plain:
		for _, r := range recs {
			offsets = append(offsets, int64(out.Len()))
			out.Write(encodeRecord(r))
		}
	case gzipPerRec:
		for _, r := range recs {
			offsets = append(offsets, int64(out.Len()))
			z := gzip.NewWriter(&out)
			z.Write(encodeRecord(r))
			if err := z.Close(); err != nil {
				t.Fatal(err)
			}
		}
	case gzipOneBlock:
		z := gzip.NewWriter(&out)
		for _, r := range recs {
			offsets = append(offsets, 0)
			z.Write(encodeRecord(r))
		}
		if err := z.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes(), offsets
}

var sample = []testRecord{
	{typ: "warcinfo", date: "2016-07-15T09:59:00Z", contentType: "application/warc-fields", content: "software: storyline-test\r\n"},
	httpRecord("http://example.com/a", "200 OK", "Content-Type: text/html; charset=utf-8\r\n", "<html><title>A</title><p>Hello</p></html>"),
	{typ: "request", uri: "http://example.com/b", date: "2016-07-15T10:00:01Z", contentType: "application/http; msgtype=request", content: "GET /b HTTP/1.1\r\nHost: example.com\r\n\r\n"},
	httpRecord("<http://example.com/b>", "404 Not Found", "Content-Type: text/html\r\n", "gone"),
	httpRecord("http://example.com/c", "200 OK", "Content-Type: text/html\r\n", ""),
}

type got struct {
	offset  int64
	typ     string
	uri     string
	content string
}

func readAll(t testing.TB, data []byte, max int64) ([]got, []error) {
	t.Helper()
	r, err := warc.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	r.MaxRecordBytes = max
	var recs []got
	var errs []error
	for i := 0; i < 1000; i++ {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, errs
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		recs = append(recs, got{rec.Offset, rec.Type, rec.TargetURI, string(rec.Content)})
	}
	t.Fatal("reader does not end")
	return nil, nil
}

func TestReadLayouts(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    layout
	}{{"plain", plain}, {"gzip per record", gzipPerRec}, {"gzip one member", gzipOneBlock}} {
		t.Run(tc.name, func(t *testing.T) {
			data, offsets := buildWARC(t, sample, tc.l)
			recs, errs := readAll(t, data, 0)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if len(recs) != len(sample) {
				t.Fatalf("got %d records, want %d", len(recs), len(sample))
			}
			for i, g := range recs {
				want := sample[i]
				if g.typ != want.typ || g.content != want.content || g.offset != offsets[i] {
					t.Errorf("record %d: got type %q offset %d content %q, want %q %d %q", i, g.typ, g.offset, g.content, want.typ, offsets[i], want.content)
				}
			}
			if recs[3].uri != "http://example.com/b" {
				t.Errorf("angle brackets kept: %q", recs[3].uri)
			}
		})
	}
}

func TestRecordFields(t *testing.T) {
	data, _ := buildWARC(t, sample[1:2], plain)
	r, err := warc.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2016, 7, 15, 10, 0, 0, 0, time.UTC); !rec.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", rec.Date, want)
	}
	if !rec.IsHTTPResponse() {
		t.Error("IsHTTPResponse = false")
	}
	if rec.Get("warc-record-id") == "" {
		t.Error("Get is not case-insensitive")
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after last record: %v, want io.EOF", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("again after last record: %v, want io.EOF", err)
	}
}

func TestBrokenInput(t *testing.T) {
	good, offs := buildWARC(t, sample[:3], plain)
	third := offs[2]
	gz, gzOffs := buildWARC(t, sample[:3], gzipPerRec)

	for _, tc := range []struct {
		name     string
		data     []byte
		max      int64
		wantRecs int
		wantErr  error
		wantIn   string
	}{
		{"truncated content", good[:len(good)-20], 0, 2, warc.ErrTruncated, fmt.Sprintf("offset %d", third)},
		{"truncated header", good[:third+30], 0, 2, warc.ErrTruncated, fmt.Sprintf("offset %d", third)},
		{"truncated gzip member", gz[:gzOffs[2]+(int64(len(gz))-gzOffs[2])/2], 0, 2, warc.ErrTruncated, fmt.Sprintf("offset %d", gzOffs[2])},
		{"garbage between records", append(append(append([]byte{}, good[:third]...), "junk line\r\nmore junk\r\n"...), good[third:]...), 0, 3, warc.ErrMalformed, fmt.Sprintf("offset %d", third)},
		{"no content length", []byte("WARC/1.0\r\nWARC-Type: response\r\n\r\nabc\r\n\r\n" + string(good)), 0, 3, warc.ErrMalformed, "offset 0"},
		{"bad content length", []byte("WARC/1.0\r\nContent-Length: -3\r\n\r\n" + string(good)), 0, 3, warc.ErrMalformed, "Content-Length"},
		{"record over the limit", good, 60, 2, warc.ErrTooLarge, fmt.Sprintf("offset %d", offs[1])},
		{"not a WARC", []byte("hello\nworld\n"), 0, 0, warc.ErrMalformed, "offset 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs, errs := readAll(t, tc.data, tc.max)
			if len(recs) != tc.wantRecs {
				t.Errorf("got %d records, want %d", len(recs), tc.wantRecs)
			}
			if len(errs) != 1 {
				t.Fatalf("got errors %v, want one", errs)
			}
			if !errors.Is(errs[0], tc.wantErr) || !strings.Contains(errs[0].Error(), tc.wantIn) {
				t.Errorf("error %q, want %v containing %q", errs[0], tc.wantErr, tc.wantIn)
			}
		})
	}
}

func TestEmptyInput(t *testing.T) {
	recs, errs := readAll(t, nil, 0)
	if len(recs) != 0 || len(errs) != 0 {
		t.Errorf("empty input: %d records, errors %v", len(recs), errs)
	}
}

func TestParseHTTP(t *testing.T) {
	var gzBody bytes.Buffer
	z := gzip.NewWriter(&gzBody)
	z.Write([]byte("<p>zipped</p>"))
	z.Close()
	for _, tc := range []struct {
		name       string
		block      string
		wantStatus int
		wantCT     string
		wantBody   string
		wantErr    bool
	}{
		{"ok", "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\n<p>hi</p>", 200, "text/html", "<p>hi</p>", false},
		{"not found", "HTTP/1.0 404 Not Found\r\n\r\nnope", 404, "", "nope", false},
		{"no reason phrase", "HTTP/1.1 301\r\nLocation: /x\r\n\r\n", 301, "", "", false},
		{"chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: TEXT/HTML\r\n\r\n4\r\n<p>a\r\n5\r\nb</p>\r\n0\r\n\r\n", 200, "text/html", "<p>ab</p>", false},
		{"chunk header already removed", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nplain body", 200, "", "plain body", false},
		{"gzip", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + gzBody.String(), 200, "", "<p>zipped</p>", false},
		{"headers only", "HTTP/1.1 204 No Content\r\n", 204, "", "", false},
		{"no status line", "", 0, "", "", true},
		{"not HTTP", "GET / HTTP/1.1\r\n\r\n", 0, "", "", true},
		{"bad code", "HTTP/1.1 abc OK\r\n\r\n", 0, "", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := warc.ParseHTTP([]byte(tc.block))
			if tc.wantErr {
				if !errors.Is(err, warc.ErrHTTP) {
					t.Fatalf("err = %v, want ErrHTTP", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.Status != tc.wantStatus || resp.ContentType() != tc.wantCT || string(resp.Body) != tc.wantBody {
				t.Errorf("got %d %q %q, want %d %q %q", resp.Status, resp.ContentType(), resp.Body, tc.wantStatus, tc.wantCT, tc.wantBody)
			}
		})
	}
}

func FuzzWARC(f *testing.F) {
	for _, l := range []layout{plain, gzipPerRec, gzipOneBlock} {
		data, _ := buildWARC(f, sample, l)
		f.Add(data)
		f.Add(data[:len(data)/2])
	}
	f.Add([]byte("WARC/1.0\r\nContent-Length: 5\r\n\r\nabc"))
	f.Add([]byte("WARC/1.1\r\n folded\r\nX: y\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := warc.NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		r.MaxRecordBytes = 1 << 20
		for i := 0; ; i++ {
			if i > len(data)+10 {
				t.Fatalf("no progress after %d calls", i)
			}
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				if !strings.Contains(err.Error(), "offset") {
					t.Fatalf("error without offset: %v", err)
				}
				continue
			}
			if rec.IsHTTPResponse() {
				warc.ParseHTTP(rec.Content)
			}
		}
	})
}

func BenchmarkWARC(b *testing.B) {
	page := "<html><head><title>T</title></head><body>" + strings.Repeat("<p>Some news text about the world.</p>", 300) + "</body></html>"
	var recs []testRecord
	for i := 0; i < 200; i++ {
		recs = append(recs, httpRecord(fmt.Sprintf("http://example.com/%d", i), "200 OK", "Content-Type: text/html\r\n", page))
	}
	for _, tc := range []struct {
		name string
		l    layout
	}{{"plain", plain}, {"gzip", gzipPerRec}} {
		data, _ := buildWARC(b, recs, tc.l)
		b.Run(tc.name, func(b *testing.B) {
			// MB/s counts the file as stored (compressed for gzip).
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				r, err := warc.NewReader(bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for {
					rec, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if _, err := warc.ParseHTTP(rec.Content); err != nil {
						b.Fatal(err)
					}
					n++
				}
				if n != len(recs) {
					b.Fatalf("read %d records", n)
				}
			}
			b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// TestRecordsAcrossMembers: gzip members need not align with records;
// the reader sees one stream.
func TestRecordsAcrossMembers(t *testing.T) {
	data, _ := buildWARC(t, sample, plain)
	for _, size := range []int{7, 100, 333} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			var out bytes.Buffer
			for i := 0; i < len(data); i += size {
				z := gzip.NewWriter(&out)
				z.Write(data[i:min(i+size, len(data))])
				z.Close()
			}
			recs, errs := readAll(t, out.Bytes(), 0)
			if len(errs) > 0 || len(recs) != len(sample) {
				t.Fatalf("%d records, errors %v", len(recs), errs)
			}
			for i, g := range recs {
				if g.content != sample[i].content {
					t.Errorf("record %d content %q", i, g.content)
				}
			}
		})
	}
}
