package duc_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/duc"
)

func TestParseSGML(t *testing.T) {
	tests := []struct {
		name, in, id, text string
		date               string
	}{
		{"duc2004", "<DOC>\n<DOCNO> APW19981016.0240 </DOCNO>\n<TEXT>\nCambodian leader Hun Sen\non Friday ``rejected'' talks.\n</TEXT>\n</DOC>\n",
			"APW19981016.0240", `Cambodian leader Hun Sen on Friday "rejected" talks.`, "1998-10-16"},
		{"paragraphs", "<DOC><DOCNO>NYT19981018.0098</DOCNO><DATE_TIME> 10/17/1998 05:50:00 </DATE_TIME><TEXT>\n\t   One line\nwrapped.\n\t   Second &amp; last.</TEXT></DOC>",
			"NYT19981018.0098", "One line wrapped.\n\nSecond & last.", "1998-10-17"},
		{"unterminated", "<DOC><DOCNO>X1</DOCNO><TEXT>cut short", "X1", "cut short", "0001-01-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			docs, err := duc.ParseSGML(tc.name, []byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if len(docs) != 1 || docs[0].ID != tc.id || docs[0].Text != tc.text || docs[0].Date.Format("2006-01-02") != tc.date {
				t.Errorf("got %+v", docs)
			}
		})
	}
	if _, err := duc.ParseSGML("empty", []byte("no markup")); !errors.Is(err, duc.ErrNoDocument) {
		t.Errorf("want ErrNoDocument, got %v", err)
	}
}

func FuzzParseSGML(f *testing.F) {
	f.Add([]byte("<DOC><DOCNO>A</DOCNO><TEXT>x <P>y</P></TEXT></DOC>"))
	f.Add([]byte("<DOC><DOC><TEXT></DOC>"))
	f.Add([]byte("<doc><docno>1</docno><text>&amp;&#x41;``''</text>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		docs, err := duc.ParseSGML("fuzz", b)
		if err == nil && len(docs) == 0 {
			t.Fatal("no error and no document")
		}
		for _, d := range docs {
			if strings.Contains(d.Text, "<TEXT>") {
				t.Fatalf("tag left in text: %q", d.Text)
			}
		}
	})
}

func TestSummaryLines(t *testing.T) {
	see := `<html><body><a size="8" name="1">[1]</a> <a href="#1" id=1>First sentence.</a>
<a name="2">[2]</a> <a href="#2" id=2>Second one.</a></body></html>`
	if got := duc.SummaryLines([]byte(see)); len(got) != 2 || got[1] != "Second one." {
		t.Errorf("SEE: got %q", got)
	}
	if got := duc.SummaryLines([]byte("a\n\nb\r\n")); len(got) != 2 || got[1] != "b" {
		t.Errorf("plain: got %q", got)
	}
}

func TestReadDatasets(t *testing.T) {
	for _, tc := range []struct {
		set      string
		clusters int
		models   int
	}{{"duc2004-task2", 25, 4}, {"duc2003-task2", 22, 4}} {
		t.Run(tc.set, func(t *testing.T) {
			dir := datasets.Require(t, "summarization", tc.set)
			cs, err := duc.ReadDUC(dir+"/docs", dir+"/models")
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) < tc.clusters {
				t.Fatalf("got %d clusters, want >= %d", len(cs), tc.clusters)
			}
			for _, c := range cs {
				if len(c.Docs) < 5 || len(c.Models) < tc.models-1 {
					t.Errorf("%s: %d docs, %d models", c.ID, len(c.Docs), len(c.Models))
				}
				for _, d := range c.Docs {
					if len(d.Text) < 100 || d.Date.IsZero() {
						t.Errorf("%s/%s: text %d bytes, date %v", c.ID, d.ID, len(d.Text), d.Date)
					}
				}
			}
		})
	}
	// Every language has 10 topics of 10 texts and at least 2 references (French has 2 to 5); Hebrew's
	// topics M001-M003 name their texts ".Hebrew", the rest ".hebrew".
	for _, lang := range duc.TACLanguages {
		t.Run("tac2011/"+lang, func(t *testing.T) {
			dir := datasets.Require(t, "summarization", "tac2011-multiling")
			cs, err := duc.ReadTAC(dir, lang)
			if err != nil {
				t.Fatal(err)
			}
			if len(cs) != 10 {
				t.Fatalf("got %d topics", len(cs))
			}
			for _, c := range cs {
				if len(c.Docs) != 10 || len(c.Models) < 2 || c.Docs[0].Title == "" {
					t.Errorf("%s: %d docs, %d models, title %q", c.ID, len(c.Docs), len(c.Models), c.Docs[0].Title)
				}
				// Every text reads as UTF-8 (M0069.czech is stored in
				// Windows-1250) and none holds a replacement character.
				for _, d := range c.Docs {
					if !utf8.ValidString(d.Text) || strings.ContainsRune(d.Title+d.Text, utf8.RuneError) {
						t.Errorf("%s: text not decoded", d.ID)
					}
				}
			}
		})
	}
}
