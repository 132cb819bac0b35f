package ingest_test

import (
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
