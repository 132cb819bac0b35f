package ingest_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/storyline-news/storyline/internal/ingest"
)

// TestJSONLByteOrderMark: JSON Lines written by Windows tools open with a
// byte-order mark. The first line was reported as "not an article: want a
// JSON object" and its article lost; UTF-16 files were read as garbage.
func TestJSONLByteOrderMark(t *testing.T) {
	const lines = `{"id":"a1","title":"Ferry","text":"The council expanded the ferry, the mayor said."}` + "\r\n" +
		`{"id":"a2","title":"Budget","text":"Совет принял бюджет во вторник."}` + "\r\n"
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(lines)
	if err != nil {
		t.Fatal(err)
	}
	utf16be, err := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().String(lines)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{
		"utf8-bom.jsonl": "\xef\xbb\xbf" + lines,
		"utf16le.jsonl":  utf16,
		"utf16be.jsonl":  utf16be,
	} {
		t.Run(name, func(t *testing.T) {
			dir := tree(t, map[string]string{name: content})
			r := walk(t, []string{dir}, ingest.Options{})
			if len(r.problems) != 0 {
				t.Errorf("problems: %v", r.problems)
			}
			var got []string
			for _, d := range r.docs {
				got = append(got, d.ID+"="+d.Text)
			}
			want := "a1=The council expanded the ferry, the mayor said.|a2=Совет принял бюджет во вторник."
			if strings.Join(got, "|") != want {
				t.Errorf("docs %q, want %q", got, want)
			}
		})
	}
}

// TestJSONLTruncatedGzip: a cut .jsonl.gz keeps the lines before the cut
// and says the file is truncated, not just "unexpected EOF".
func TestJSONLTruncatedGzip(t *testing.T) {
	var gz bytes.Buffer
	z := gzip.NewWriter(&gz)
	for i := range 200 {
		fmt.Fprintf(z, `{"id":"a%d","text":"Article %d: the council met on Monday, the mayor said."}`+"\n", i, i*7919)
	}
	z.Close()
	cut := gz.Bytes()[:gz.Len()*2/3]
	dir := tree(t, map[string]string{"cut.jsonl.gz": string(cut)})
	r := walk(t, []string{dir}, ingest.Options{})
	if len(r.docs) == 0 || len(r.docs) >= 200 {
		t.Errorf("%d docs, want the lines before the cut", len(r.docs))
	}
	if len(r.problems) != 1 || !errors.Is(r.problems[0], io.ErrUnexpectedEOF) || !strings.Contains(r.problems[0].Error(), "truncated") {
		t.Errorf("problems %v, want one saying the file is truncated", r.problems)
	}
}
