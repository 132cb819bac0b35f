package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/model"
)

func TestParseDateline(t *testing.T) {
	tests := []struct {
		in            string
		ok            bool
		place, outlet string
		month         time.Month
		day, year     int
	}{
		{"MOSCOW, July 14. /TASS/. Russian President Vladimir Putin will hold talks", true, "MOSCOW", "TASS", time.July, 14, 0},
		{"Moscow, Jul 15 (Prensa Latina) Russian President Vladimir Putin and", true, "Moscow", "Prensa Latina", time.July, 15, 0},
		{"Moscow, SANA – Kremlin said that the talks between", true, "Moscow", "SANA", 0, 0, 0},
		{"WASHINGTON (Reuters) - The U.S. Senate voted on Tuesday", true, "WASHINGTON", "Reuters", 0, 0, 0},
		{"BEIJING, Jan. 5, 2017 (Xinhua) -- China's exports rose", true, "BEIJING", "Xinhua", time.January, 5, 2017},
		{"NEW YORK — Stocks fell sharply on Monday", true, "NEW YORK", "", 0, 0, 0},
		{"However, July 14 was a quiet day in the capital.", false, "", "", 0, 0, 0},
		{"The talks lasted more than three hours.", false, "", "", 0, 0, 0},
		{"On Thursday, Kerry met Lavrov.", false, "", "", 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.in[:min(30, len(tt.in))], func(t *testing.T) {
			d, ok := extract.ParseDateline(tt.in)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tt.ok, d)
			}
			if !ok {
				return
			}
			if d.Place != tt.place || d.Outlet != tt.outlet || d.Month != tt.month || d.Day != tt.day || d.Year != tt.year {
				t.Errorf("got %+v, want place=%q outlet=%q %v %d %d", d, tt.place, tt.outlet, tt.month, tt.day, tt.year)
			}
		})
	}
}

func TestParsePublished(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2016-07-15", "2016-07-15", true},
		{"2016-07-15T10:30:00Z", "2016-07-15", true},
		{"Fri, 15 Jul 2016 10:30:00 +0000", "2016-07-15", true},
		{"March 25, 2016, 5:55 am", "2016-03-25", true},
		{"15/07/2016", "2016-07-15", true},
		{"07/15/2016", "2016-07-15", true},
		{"", "", false},
		{"yesterday", "", false},
		{"2016-02-30", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, _, ok := extract.ParsePublished(tt.in)
			if ok != tt.ok || ok && got.Format("2006-01-02") != tt.want {
				t.Errorf("ParsePublished(%q) = %v, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestTextFurnitureAndHeader(t *testing.T) {
	page := "Share\n\n## Storm hits coast\nBy Jane Doe\nUpdated: 2020-03-04 10:00\n\n" +
		"Photo: Reuters\n\nThe storm reached the coast on Tuesday night and cut power to thousands of homes, officials said.\n\n" +
		"A harbour scene at dawn John Smith/AFP\nA harbour scene at dawn\n\n" +
		"Crews worked through the night to restore the lines, and most homes had power again by morning.\n\nRead more\n"
	a, err := extract.Extract(model.RawDoc{ID: "x", Origin: "x.md", Format: "markdown", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Storm hits coast" {
		t.Errorf("title = %q", a.Title)
	}
	if a.Byline != "Jane Doe" {
		t.Errorf("byline = %q", a.Byline)
	}
	if a.Published == nil || a.Published.Time.Format("2006-01-02") != "2020-03-04" {
		t.Errorf("published = %+v", a.Published)
	}
	for _, junk := range []string{"Share", "Photo:", "Read more", "harbour scene", "##"} {
		if strings.Contains(a.Text, junk) {
			t.Errorf("text keeps furniture %q:\n%s", junk, a.Text)
		}
	}
	if len(a.Paragraphs) != 2 {
		t.Errorf("paragraphs = %q", a.Paragraphs)
	}
}

func TestTextBadInput(t *testing.T) {
	for _, body := range []string{"", "\n\n  \n", "Share\nRead more\n", "---\n***\n"} {
		if _, err := extract.Extract(model.RawDoc{Origin: "bad.txt", Format: "text", Body: []byte(body)}); err == nil {
			t.Errorf("Extract(%q): want an error", body)
		} else if !strings.Contains(err.Error(), "bad.txt") {
			t.Errorf("error %q does not name the input", err)
		}
	}
	// Invalid UTF-8 is repaired, not fatal.
	a, err := extract.Extract(model.RawDoc{Origin: "latin1.txt", Format: "text", Body: []byte("Caf\xe9 owners protest\n\nThe owners of the caf\xe9 said on Monday that the new rules would force them to close early.")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(a.Text, "owners of the caf") {
		t.Errorf("text = %q", a.Text)
	}
}

// TestSeeds checks the seed articles' metadata against the editor's
// reading in expected.json: titles, outlets, dates and language, and that
// the furniture the editor names is gone.
func TestSeeds(t *testing.T) {
	dir := datasets.Seeds(t)
	var expected struct {
		Articles map[string]struct {
			Title          *string `json:"title"`
			Source         *string `json:"source"`
			SourceLevel    string  `json:"source_level"`
			Published      string  `json:"published"`
			PublishedLevel string  `json:"published_level"`
			Language       string  `json:"language"`
		} `json:"articles"`
	}
	datasets.SeedsExpected(t, &expected)
	var arts []*model.Article
	for id := range expected.Articles {
		body, err := os.ReadFile(filepath.Join(dir, id+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		a, err := extract.Extract(model.RawDoc{ID: id, Origin: id, Format: "text", Body: body})
		if err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	ref := extract.ReferenceTime(arts, time.Now())
	for _, a := range arts {
		extract.InferDate(a, ref)
	}
	// The SANA article has no date of its own; it is dated by its story,
	// which is the July meeting (the articles about it are the others
	// published in July).
	for _, a := range arts {
		if a.Published == nil {
			var story []*model.Article
			for _, b := range arts {
				if b.Published != nil && b.Published.Time.Month() == time.July {
					story = append(story, b)
				}
			}
			extract.InferDateFromStory(a, story)
		}
	}
	for _, a := range arts {
		want := expected.Articles[a.ID]
		t.Run(a.ID, func(t *testing.T) {
			if want.Title == nil {
				if a.Title != "" {
					t.Errorf("title = %q, want none", a.Title)
				}
			} else if a.Title != *want.Title {
				t.Errorf("title = %q, want %q", a.Title, *want.Title)
			}
			gotSource := a.Outlet.Name
			if want.Source == nil && gotSource != "" || want.Source != nil && gotSource != *want.Source {
				t.Errorf("source = %q, want %v (%s)", gotSource, deref(want.Source), level(want.SourceLevel))
			}
			got := ""
			if a.Published != nil {
				got = a.Published.Time.Format("2006-01-02")
			}
			if got != want.Published {
				t.Errorf("published = %q, want %q (%s)", got, want.Published, level(want.PublishedLevel))
			}
			if a.Language != want.Language {
				t.Errorf("language = %q, want %q", a.Language, want.Language)
			}
			for _, junk := range []string{"All news", "Follow us on", "English Bulletin", "©", "[PPIO]", "Metzel/TASS", "**", "---"} {
				if strings.Contains(a.Text, junk) {
					t.Errorf("text keeps furniture %q", junk)
				}
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

func level(l string) string {
	if l == "" {
		return "must"
	}
	return l
}

func FuzzText(f *testing.F) {
	f.Add([]byte("MOSCOW, July 14. /TASS/. Putin met Kerry.\n\nAll news"))
	f.Add([]byte("**Title**\n15/07/2016\n\nMoscow, Jul 15 (Prensa Latina) Text here that is long enough to be a body line."))
	f.Add([]byte("\xff\xfe\x00garbage"))
	f.Fuzz(func(t *testing.T, body []byte) {
		a, err := extract.Extract(model.RawDoc{Origin: "fuzz", Format: "text", Body: body})
		if err != nil {
			return
		}
		if strings.TrimSpace(a.Text) == "" {
			t.Fatal("article without text and without error")
		}
		extract.InferDate(a, time.Date(2016, 7, 15, 0, 0, 0, 0, time.UTC))
	})
}

func FuzzParseDateline(f *testing.F) {
	f.Add("MOSCOW, July 14. /TASS/. Russian President")
	f.Add("Moscow, SANA – Kremlin said")
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := extract.ParseDateline(s)
		if ok && (d.End > len(s) || d.End < 0) {
			t.Fatalf("End %d out of range", d.End)
		}
	})
}

func FuzzParsePublished(f *testing.F) {
	for _, s := range []string{"2016-07-15", "Fri, 15 Jul 2016 10:30:00 +0000", "March 25, 2016, 5:55 am", "15/07/2016", "99/99/9999", "Friday, 15 July"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, prec, ok := extract.ParsePublished(s)
		if ok && (prec == "" || got.IsZero()) {
			t.Fatalf("ParsePublished(%q) = %v, %q, true", s, got, prec)
		}
	})
}
