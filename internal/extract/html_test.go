package extract_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/model"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "html", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHTML(t *testing.T) {
	tests := []struct {
		file, url   string
		title       string
		outlet      string
		byline      string
		lang        string
		date        string // YYYY-MM-DD, "" for none
		precision   model.Precision
		paragraphs  int // -1: don't check
		contains    []string
		notContains []string
		flags       []string
		noFlags     []string
	}{
		{
			file: "news.html", url: "https://www.harbourgazette.example/news/ferry-service",
			title: "Council expands harbour ferry service", outlet: "The Harbour Gazette", byline: "Jonas Berg",
			lang: "en", date: "2024-03-12", precision: model.PrecisionMinute, paragraphs: 5,
			contains:    []string{"The city council voted on Tuesday", "before the new timetable starts."},
			notContains: []string{"Home", "Read more", "newsletter", "Related stories", "Bridge repairs", "Copyright", "By Jonas Berg", "Council expands harbour ferry service"},
			noFlags:     []string{"no_text", "paywall", "no_date", "truncated"},
		},
		{
			file: "cp1251.html", url: "https://gorod.example/novosti/parom",
			title: "Совет расширил паромное сообщение", outlet: "Городские новости",
			lang: "ru", date: "2024-03-12", precision: model.PrecisionDay, paragraphs: 4,
			contains:    []string{"Городской совет во вторник проголосовал", "сорок миллионов евро."},
			notContains: []string{"Главная", "Спорт", "\uFFFD", "12.03.2024"},
			noFlags:     []string{"no_text"},
		},
		{
			file: "cp1251-declared-utf8.html", url: "https://gorod.example/novosti/parom",
			title: "Совет расширил паромное сообщение", outlet: "Городские новости",
			lang: "ru", paragraphs: 4,
			contains:    []string{"Городской совет во вторник проголосовал", "сорок миллионов евро."},
			notContains: []string{"\uFFFD"},
		},
		{
			file: "cp1251-undeclared.html", url: "https://gorod.example/novosti/parom",
			title: "Совет расширил паромное сообщение", outlet: "Городские новости",
			lang: "ru", paragraphs: 4,
			contains:    []string{"Городской совет во вторник проголосовал", "сорок миллионов евро."},
			notContains: []string{"\uFFFD"},
		},
		{
			file: "wrong-charset.html", url: "https://gazette-du-port.example/actu/ferry",
			title: "Le conseil étend le service de ferry", outlet: "La Gazette du Port",
			lang: "fr", paragraphs: 4,
			contains:    []string{"Le conseil municipal a voté mardi", "évalué à plus de quarante millions d'euros."},
			notContains: []string{"Ã©", "\uFFFD", "Accueil"},
			noFlags:     []string{"no_text"},
		},
		{
			file: "paywall.html", url: "https://business-daily.example/ferry-profit",
			title: "Ferry operator posts record profit", outlet: "Business Daily", byline: "Ana Ruiz",
			lang: "en", date: "2024-02-01", paragraphs: -1,
			contains: []string{"The city council voted"},
			flags:    []string{"paywall"},
		},
		{
			file: "jsonld-only.html", url: "https://www.harbourgazette.example/news/ferry-service",
			title: "Council expands harbour ferry service", outlet: "The Harbour Gazette",
			lang: "en", date: "2024-03-12", precision: model.PrecisionDay, paragraphs: -1,
			contains: []string{"The city council voted on Tuesday", "before the new timetable starts."},
			noFlags:  []string{"no_text"},
		},
		{
			file: "nav-only.html", url: "https://example.org/",
			title: "Index", outlet: "example.org", lang: "en", paragraphs: 0,
			flags: []string{"no_text", "no_date"},
		},
		{
			file: "truncated.html", url: "https://www.harbourgazette.example/news/ferry-service",
			title: "Council expands harbour ferry service", outlet: "The Harbour Gazette", lang: "en", paragraphs: -1,
			contains: []string{"The city council voted on Tuesday"},
			noFlags:  []string{"no_text"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			raw := model.RawDoc{Origin: tc.file, URL: tc.url, Format: "html", Body: readFixture(t, tc.file)}
			a, err := extract.HTML(raw)
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tc.title {
				t.Errorf("title = %q, want %q", a.Title, tc.title)
			}
			if a.Outlet.Name != tc.outlet {
				t.Errorf("outlet = %q, want %q", a.Outlet.Name, tc.outlet)
			}
			if tc.byline != "" && a.Byline != tc.byline {
				t.Errorf("byline = %q, want %q", a.Byline, tc.byline)
			}
			if a.Language != tc.lang {
				t.Errorf("language = %q, want %q", a.Language, tc.lang)
			}
			switch {
			case tc.date == "":
			case a.Published == nil:
				t.Errorf("published = nil, want %s", tc.date)
			default:
				if got := a.Published.Time.Format("2006-01-02"); got != tc.date {
					t.Errorf("published = %s, want %s", got, tc.date)
				}
				if tc.precision != "" && a.Published.Precision != tc.precision {
					t.Errorf("precision = %s, want %s", a.Published.Precision, tc.precision)
				}
				if a.Published.Source != model.DateMetadata {
					t.Errorf("date source = %s, want metadata", a.Published.Source)
				}
			}
			if tc.paragraphs >= 0 && len(a.Paragraphs) != tc.paragraphs {
				t.Errorf("got %d paragraphs, want %d: %q", len(a.Paragraphs), tc.paragraphs, a.Paragraphs)
			}
			if a.Text != strings.Join(a.Paragraphs, "\n\n") {
				t.Errorf("Text is not the paragraphs joined by blank lines")
			}
			for _, s := range tc.contains {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			for _, s := range tc.notContains {
				if strings.Contains(a.Text, s) {
					t.Errorf("text has furniture %q", s)
				}
			}
			for _, f := range tc.flags {
				if !a.HasFlag(f) {
					t.Errorf("flags %v lack %q", a.Flags, f)
				}
			}
			for _, f := range tc.noFlags {
				if a.HasFlag(f) {
					t.Errorf("flags %v have %q", a.Flags, f)
				}
			}
		})
	}
}

func TestHTMLBadInput(t *testing.T) {
	news := readFixture(t, "news.html")
	tests := []struct {
		name    string
		body    []byte
		wantErr error // nil: must succeed, unless anyErr
		flag    string
		anyErr  bool
	}{
		{"empty", nil, extract.ErrNotHTML, "", false},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), extract.ErrNotHTML, "", false},
		{"plain text", []byte("just some words, no markup at all"), extract.ErrNotHTML, "", false},
		{"cut mid-tag", news[:len(news)/2], nil, "", false},
		{"unclosed everything", []byte("<html><body><div><p>Unclosed <b>bold <i>italic <table><tr><td>cell"), nil, "", false},
		{"stray bytes", append([]byte("<html><body><p>"), bytes.Repeat([]byte{0xff, 0xfe, 0x80}, 100)...), nil, "no_text", false},
		// The HTML parser refuses more than 512 open elements.
		{"deep nesting", []byte(strings.Repeat("<div>", 20000) + "text" + strings.Repeat("</div>", 20000)), nil, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := extract.HTML(model.RawDoc{Origin: "fixture:" + tc.name, Body: tc.body})
			if tc.wantErr != nil || (tc.anyErr && err != nil) {
				if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), "fixture:"+tc.name) {
					t.Errorf("error %q does not name the input", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Text == "" && !a.HasFlag("no_text") {
				t.Errorf("empty text without the no_text flag")
			}
			if tc.flag != "" && !a.HasFlag(tc.flag) {
				t.Errorf("flags %v lack %q", a.Flags, tc.flag)
			}
		})
	}
}

// TestHTMLPrunedMarkup checks what the pruning before the text extractor
// must keep: words split over inline elements stay apart, the article's
// own footer and the paywall marker on a control are still seen, while
// menus, form controls and page footers stay out of the text.
func TestHTMLPrunedMarkup(t *testing.T) {
	para := "<p>The harbour council met again on Tuesday evening and discussed the ferry timetable at length, as it does every single week of the year.</p>\n"
	page := func(article, outside string) []byte {
		return []byte("<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <title>Ferry timetable</title>\n" +
			"    <link rel=\"stylesheet\" href=\"/s.css\">\n  </head>\n  <body>\n" +
			"    <nav>\n      <ul>\n        <li><a href=\"/\">Navhome</a></li>\n        <li><a href=\"/s\">Navsport</a></li>\n      </ul>\n    </nav>\n" +
			"    <article>\n      " + strings.Repeat(para, 4) + article + "\n    </article>\n" + outside +
			"    <footer>\n      <p>Pagefooter company address line</p>\n    </footer>\n  </body>\n</html>\n")
	}
	tests := []struct {
		name                 string
		article, outside     string
		contains, notContain []string
		flag                 string
	}{
		{
			name:       "inline words",
			article:    "<p>Ferries <b>leave</b> <i>hourly</i>\n<a href=\"/x\">from</a> <span>pier</span>\n<em>four</em> in the morning, the council said on Tuesday.</p>",
			contains:   []string{"Ferries leave hourly from pier four in the morning"},
			notContain: []string{"Navhome", "Navsport", "Pagefooter"},
		},
		{
			name:       "form controls",
			article:    "<form><select><option>Optionalpha</option><option>Optionbeta</option></select><button>Buttontext</button><input value=\"Inputvalue\"></form>",
			notContain: []string{"Optionalpha", "Optionbeta", "Buttontext", "Inputvalue"},
		},
		{
			name:    "paywall control",
			outside: "<div><button class=\"paywall-subscribe\">Subscribe</button></div>",
			flag:    "paywall",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := extract.HTML(model.RawDoc{Origin: "fixture:" + tc.name, URL: "https://gazette.example/ferry", Body: page(tc.article, tc.outside)})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, "discussed the ferry timetable") {
				t.Errorf("article text missing: %q", a.Text)
			}
			for _, s := range tc.contains {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q: %q", s, a.Text)
				}
			}
			for _, s := range tc.notContain {
				if strings.Contains(a.Text, s) {
					t.Errorf("text has %q: %q", s, a.Text)
				}
			}
			if tc.flag != "" && !a.HasFlag(tc.flag) {
				t.Errorf("flags %v lack %q", a.Flags, tc.flag)
			}
		})
	}
}

// TestHTMLHuge checks that a page far over the size cap is cut, flagged
// and still extracted, rather than parsed whole.
func TestHTMLHuge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 50 MB page")
	}
	para := []byte("<p>The council met again today and discussed the ferry timetable at great length, as it does every week.</p>\n")
	var b bytes.Buffer
	b.WriteString("<html><head><title>Minutes</title></head><body><article>")
	for b.Len() < 50<<20 {
		b.Write(para)
	}
	a, err := extract.HTML(model.RawDoc{Origin: "huge", Body: b.Bytes()})
	if err != nil {
		t.Fatal(err)
	}
	if !a.HasFlag("truncated") {
		t.Errorf("flags %v lack truncated", a.Flags)
	}
	if len(a.Text) > extract.MaxHTMLBytes {
		t.Errorf("text of %d bytes exceeds the input cap", len(a.Text))
	}
}

func TestPublishedDateHTML(t *testing.T) {
	tests := []struct {
		file, url, want string
	}{
		{"news.html", "", "2024-03-12"},
		{"paywall.html", "", "2024-02-01"},
		{"cp1251.html", "", "2024-03-12"},
		{"nav-only.html", "https://example.org/2019/05/07/story", "2019-05-07"},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			p, err := extract.PublishedDateHTML(readFixture(t, tc.file), tc.url)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Time.Format("2006-01-02"); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	if _, err := extract.PublishedDateHTML(readFixture(t, "nav-only.html"), ""); err == nil {
		t.Errorf("nav-only page without URL: want an error, got a date")
	}
}

func FuzzHTML(f *testing.F) {
	for _, name := range []string{"news.html", "cp1251.html", "wrong-charset.html", "paywall.html", "jsonld-only.html", "truncated.html"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("<"))
	f.Add([]byte("<html><meta charset=utf-16><p>x"))
	f.Add([]byte("\xfe\xff\x00<\x00p\x00>"))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","author":[[[]]],"articleBody":7}]}</script>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := extract.HTML(model.RawDoc{Origin: "fuzz", Body: body})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz") {
				t.Errorf("error %q does not name the input", err)
			}
			return
		}
		if a.Text == "" && !a.HasFlag("no_text") {
			t.Errorf("empty text without the no_text flag")
		}
		if a.Text != strings.Join(a.Paragraphs, "\n\n") {
			t.Errorf("Text is not the paragraphs joined")
		}
	})
}
