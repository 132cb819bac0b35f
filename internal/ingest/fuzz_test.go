package ingest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/model"
)

func TestParseArticle(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    model.RawDoc
		wantErr error
	}{
		{"common format", `{"id":"x","event":"e","title":"T","text":"B","published":"2016-07-15","source":"S","language":"en"}`,
			model.RawDoc{ID: "x", Label: "e", Title: "T", Text: "B", Published: "2016-07-15", Source: "S", Language: "en", Format: "article"}, nil},
		{"aliases and case", `{"Headline":"T","CONTENT":"B","date":"May 3","url":"u","byline":"By X","lang":"de","outlet":{"name":"O"}}`,
			model.RawDoc{Title: "T", Text: "B", Published: "May 3", URL: "u", Author: "By X", Language: "de", Source: "O", Format: "article"}, nil},
		{"text wins over body", `{"text":"a","body":"b","content":"c"}`, model.RawDoc{Text: "a", Format: "article"}, nil},
		{"empty text falls back", `{"text":"  ","body":"b"}`, model.RawDoc{Text: "b", Format: "article"}, nil},
		{"numeric id, ms date", `{"id":42,"text":"a","published":1468540800000}`, model.RawDoc{ID: "42", Text: "a", Published: "2016-07-15T00:00:00Z", Format: "article"}, nil},
		{"null fields", `{"id":null,"title":null,"text":"a","author":[null,"A"]}`, model.RawDoc{Text: "a", Author: "A", Format: "article"}, nil},
		{"html only", `{"url":"u","html":"<p>x</p>"}`, model.RawDoc{URL: "u", Format: "html", Body: []byte("<p>x</p>")}, nil},
		{"title only", `{"title":"T"}`, model.RawDoc{}, ingest.ErrNotArticle},
		{"title and url", `{"title":"T","link":"u"}`, model.RawDoc{Title: "T", URL: "u", Format: "article"}, nil},
		{"no text", `{"id":"x","url":"u"}`, model.RawDoc{}, ingest.ErrNotArticle},
		{"array", `[{"text":"a"}]`, model.RawDoc{}, ingest.ErrNotArticle},
		{"string", `"text"`, model.RawDoc{}, ingest.ErrNotArticle},
		{"broken", `{"text":"a"`, model.RawDoc{}, errors.New("invalid JSON")},
		{"wrong type", `{"text":{"a":1}}`, model.RawDoc{}, ingest.ErrNotArticle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ingest.ParseArticle([]byte(tc.in))
			if tc.wantErr != nil {
				if err == nil || !errors.Is(err, tc.wantErr) && !strings.Contains(err.Error(), tc.wantErr.Error()) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestParseArticles(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		wantDocs int
		wantErrs int
		wantErr  bool
	}{
		{"object", `{"text":"a"}`, 1, 0, false},
		{"array", `[{"text":"a"},{"text":"b"}]`, 2, 0, false},
		{"array with junk", `[{"text":"a"},1,{"x":1}]`, 1, 2, false},
		{"articles member", `{"source":"feed","articles":[{"text":"a"}]}`, 1, 0, false},
		{"articles map (gold file)", `{"about":"x","articles":{"a":{"title":"t"}}}`, 0, 0, true},
		{"empty array", `[]`, 0, 0, true},
		{"number", `3`, 0, 0, true},
		{"broken", `[{"text":"a"}`, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			docs, errs, err := ingest.ParseArticles([]byte(tc.in))
			if len(docs) != tc.wantDocs || len(errs) != tc.wantErrs || (err != nil) != tc.wantErr {
				t.Errorf("got %d docs, %d item errors, err %v", len(docs), len(errs), err)
			}
		})
	}
}

func TestLineReader(t *testing.T) {
	in := "short\r\n" + strings.Repeat("a", 30) + "\n\nlast"
	lr := ingest.NewLineReader(strings.NewReader(in), 10)
	type line struct {
		text    string
		n       int
		tooLong bool
	}
	var got []line
	for {
		l, n, tooLong, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line{string(l), n, tooLong})
	}
	want := []line{{"short", 1, false}, {"", 2, true}, {"", 3, false}, {"last", 4, false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestToUTF8(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		repaired bool
	}{
		{"plain", "plain", false},
		{"\xef\xbb\xbfbom", "bom", false},
		{"caf\xe9", "café", true},
		{"\x93quoted\x94", "\u201cquoted\u201d", true},
		{"café \xff", "café \uFFFD", true},
		{"\xfe\xff\x00h\x00i", "hi", false},
		// Legacy Cyrillic text files were decoded as Windows-1252
		// ("Ïðåçèäåíò Ðîññèè"): the charset is now guessed when the
		// Western reading is mostly accented letters.
		{"\xcf\xf0\xe5\xe7\xe8\xe4\xe5\xed\xf2 \xd0\xee\xf1\xf1\xe8\xe8 \xc2\xeb\xe0\xe4\xe8\xec\xe8\xf0 \xcf\xf3\xf2\xe8\xed \xef\xf0\xee\xe2\xe5\xeb \xe2 \xca\xf0\xe5\xec\xeb\xe5 \xef\xe5\xf0\xe5\xe3\xee\xe2\xee\xf0\xfb \xf1 \xe3\xee\xf1\xf3\xe4\xe0\xf0\xf1\xf2\xe2\xe5\xed\xed\xfb\xec \xf1\xe5\xea\xf0\xe5\xf2\xe0\xf0\xe5\xec \xd1\xd8\xc0 \xc4\xe6\xee\xed\xee\xec \xca\xe5\xf0\xf0\xe8.", "Президент России Владимир Путин провел в Кремле переговоры с государственным секретарем США Джоном Керри.", true},
		{"\xf0\xd2\xc5\xda\xc9\xc4\xc5\xce\xd4 \xf2\xcf\xd3\xd3\xc9\xc9 \xf7\xcc\xc1\xc4\xc9\xcd\xc9\xd2 \xf0\xd5\xd4\xc9\xce \xd0\xd2\xcf\xd7\xc5\xcc \xd7 \xeb\xd2\xc5\xcd\xcc\xc5 \xd0\xc5\xd2\xc5\xc7\xcf\xd7\xcf\xd2\xd9 \xd3 \xc7\xcf\xd3\xd5\xc4\xc1\xd2\xd3\xd4\xd7\xc5\xce\xce\xd9\xcd \xd3\xc5\xcb\xd2\xc5\xd4\xc1\xd2\xc5\xcd \xf3\xfb\xe1 \xe4\xd6\xcf\xce\xcf\xcd \xeb\xc5\xd2\xd2\xc9.", "Президент России Владимир Путин провел в Кремле переговоры с государственным секретарем США Джоном Керри.", true},
		{"Bundeskanzlerin Angela Merkel hat am Donnerstag in Paris \xfcber die Zukunft der Europ\xe4ischen Union gesprochen, hie\xdf es.", "Bundeskanzlerin Angela Merkel hat am Donnerstag in Paris über die Zukunft der Europäischen Union gesprochen, hieß es.", true},
		{"\xc7a a \xe9t\xe9 tr\xe8s diff\xe9rent \xe0 No\xebl, d\xe9j\xe0 en \xe9t\xe9.", "Ça a été très différent à Noël, déjà en été.", true},
		{"\xe0\xe9\xe8\xf9", "àéèù", true},
	} {
		got, rep := ingest.ToUTF8([]byte(tc.in))
		if string(got) != tc.want || rep != tc.repaired {
			t.Errorf("ToUTF8(%q) = %q, %v; want %q, %v", tc.in, got, rep, tc.want, tc.repaired)
		}
	}
}

func FuzzParseArticle(f *testing.F) {
	for _, s := range []string{
		`{"id":"x","event":"e","title":"T","text":"B","published":"2016-07-15","source":"S","language":"en"}`,
		`{"headline":"T","body":"b","date":1468540800,"author":["a",{"name":"b"}]}`,
		`{"html":"<p>x</p>"}`, `{"text":"\ud800"}`, `[1]`, `{`, "{\"text\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ingest.ParseArticle(data)
		if err != nil {
			return
		}
		if d.Text == "" && len(d.Body) == 0 && (d.Title == "" || d.URL == "") {
			t.Fatalf("article without text, body, or title and url from %q", data)
		}
		if d.Format != "article" && d.Format != "html" {
			t.Fatalf("format %q", d.Format)
		}
		for _, s := range []string{d.ID, d.Title, d.Text, d.Source, d.Author, d.Published, d.Language, d.URL, d.Label} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 field %q", s)
			}
		}
	})
}

func FuzzParseArticles(f *testing.F) {
	for _, s := range []string{`{"text":"a"}`, `[{"text":"a"},{"x":1}]`, `{"articles":[{"title":"t"}]}`, `{"about":"x","articles":{}}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _, err := ingest.ParseArticles(data)
		if err != nil {
			if len(docs) > 0 {
				t.Fatal("documents with an error")
			}
			return
		}
		if len(docs) == 0 {
			t.Fatal("no documents and no error")
		}
	})
}

// FuzzWalkJSONL runs whole JSON Lines files through Walk: every line is a
// document or a problem naming its line, never both, never lost.
func FuzzWalkJSONL(f *testing.F) {
	f.Add([]byte(`{"text":"a"}` + "\n" + `{"x":1}` + "\n\n" + `{"text":"b"`))
	f.Add([]byte("\xff\xfe{}\n"))
	f.Add([]byte(`{"id":"1","text":"` + strings.Repeat("x", 300) + `"}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "f.jsonl")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var docs []model.RawDoc
		var probs []ingest.Problem
		err := ingest.Walk(context.Background(), []string{p}, ingest.Options{MaxFileBytes: 256, OnProblem: func(pr ingest.Problem) { probs = append(probs, pr) }},
			func(d model.RawDoc) error { docs = append(docs, d); return nil })
		if err != nil {
			t.Fatal(err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		for _, d := range docs {
			if !strings.HasPrefix(d.Origin, p+":") || d.ID == "" {
				t.Fatalf("doc origin %q id %q", d.Origin, d.ID)
			}
		}
		for _, pr := range probs {
			if pr.Line > lines || !strings.Contains(pr.Error(), p) {
				t.Fatalf("problem %v beyond %d lines", pr, lines)
			}
		}
	})
}

// BenchmarkWalkJSONL measures JSON Lines ingest in MB/s on articles of
// the common format (about 3 KB each).
func BenchmarkWalkJSONL(b *testing.B) {
	var buf bytes.Buffer
	body := strings.Repeat("The minister said on Thursday that talks would resume next week. ", 45)
	for i := 0; i < 2000; i++ {
		fmt.Fprintf(&buf, `{"id":"a%d","event":"e%d","title":"Talks resume in Geneva","text":%q,"published":"2016-07-15","source":"AP","language":"en"}`+"\n", i, i%30, body)
	}
	p := filepath.Join(b.TempDir(), "bench.jsonl")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		n := 0
		if err := ingest.Walk(context.Background(), []string{p}, ingest.Options{}, func(model.RawDoc) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != 2000 {
			b.Fatalf("%d docs", n)
		}
	}
}

// FuzzStringDecoding checks the article reader's own JSON string decoder
// against encoding/json on the text field.
func FuzzStringDecoding(f *testing.F) {
	for _, s := range []string{`"plain"`, `"a\"b\\c\/d\n\t\u00e9"`, `"\ud83d\ude00"`, `"\ud83dx"`, `"\ud83d\u0041"`, "\"caf\xe9\"", `"\u12"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line := []byte(`{"text":` + s + `}`)
		var want struct{ Text string }
		if json.Unmarshal(line, &want) != nil {
			return
		}
		d, err := ingest.ParseArticle(line)
		if want.Text == "" || strings.TrimSpace(want.Text) == "" {
			return
		}
		if err != nil {
			t.Fatalf("ParseArticle(%q): %v", line, err)
		}
		if d.Text != strings.TrimSpace(want.Text) {
			t.Fatalf("text %q, encoding/json says %q", d.Text, want.Text)
		}
	})
}

func TestDecodeByHeader(t *testing.T) {
	for _, tc := range []struct {
		name, body, ct, want string
	}{
		{"windows-1251", "<p>\xcc\xee\xf1\xea\xe2\xe0</p>", "text/html; charset=windows-1251", "<p>Москва</p>"},
		{"latin-1 quoted", "caf\xe9", `text/html; charset="ISO-8859-1"`, "café"},
		{"valid UTF-8 kept despite header", "café", "text/html; charset=iso-8859-1", "café"},
		{"no charset", "caf\xe9", "text/html", "caf\xe9"},
		{"unknown charset", "caf\xe9", "text/html; charset=x-nonsense", "caf\xe9"},
		{"no header", "caf\xe9", "", "caf\xe9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(ingest.DecodeByHeader([]byte(tc.body), tc.ct)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
