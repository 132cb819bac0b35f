package timex_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/nlp"
	"github.com/storyline-news/storyline/internal/timex"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// find returns the expression whose text is want, or nil.
func find(refs []model.TimeRef, want string) *model.TimeRef {
	for i := range refs {
		if refs[i].Text == want {
			return &refs[i]
		}
	}
	return nil
}

func TestTag(t *testing.T) {
	// 2016-07-15 is a Friday.
	fri := day("2016-07-15")
	tests := []struct {
		name, text string
		ref        time.Time
		expr       string // expected span text
		value, typ string
	}{
		{"weekday past", "Putin met Kerry in the Kremlin on Thursday.", fri, "Thursday", "2016-07-14", "DATE"},
		{"weekday equals DCT", "Lavrov met Kerry on Friday.", fri, "Friday", "2016-07-15", "DATE"},
		{"weekday future tense", "Talks will resume on Monday.", fri, "Monday", "2016-07-18", "DATE"},
		{"weekday future equal DCT", "Results will be released on Friday.", fri, "Friday", "2016-07-15", "DATE"},
		{"last weekday", "He spoke last Friday.", fri, "last Friday", "2016-07-08", "DATE"},
		{"next weekday", "They meet next Tuesday.", fri, "next Tuesday", "2016-07-19", "DATE"},
		{"evening of date", "The talks took place late in the evening of July 14 in Moscow.", fri, "the evening of July 14", "2016-07-14TEV", "DATE"},
		{"last night", "Kerry arrived last night.", fri, "last night", "2016-07-14TNI", "TIME"},
		{"month past tense", "Sales fell in August.", day("2016-03-25"), "August", "2015-08", "DATE"},
		{"month past tense next year", "It agreed to buy the unit in January.", day("1989-11-02"), "January", "1990-01", "DATE"},
		{"month future tense", "Sales will rise in August.", fri, "August", "2016-08", "DATE"},
		{"month deadline", "They agreed to aim for a draft by August.", day("2016-03-25"), "August", "2016-08", "DATE"},
		{"full date", "The deal was signed on February 12, 2015.", fri, "February 12, 2015", "2015-02-12", "DATE"},
		{"day month year", "Kerry was in Moscow on 24 March 2016.", fri, "24 March 2016", "2016-03-24", "DATE"},
		{"numeric day first", "Published 15/07/2016 in Havana.", fri, "15/07/2016", "2016-07-15", "DATE"},
		{"iso date", "Updated 2016-07-14.", fri, "2016-07-14", "2016-07-14", "DATE"},
		{"weekday and date", "Friday, 15 July, Kerry met Lavrov.", fri, "Friday, 15 July", "2016-07-15", "DATE"},
		{"month day no year", "The call was held on July 6.", day("2016-07-14"), "July 6", "2016-07-06", "DATE"},
		{"yesterday", "Continue the conversation we began yesterday.", fri, "yesterday", "2016-07-14", "DATE"},
		{"today", "The minister spoke today.", fri, "today", "2016-07-15", "DATE"},
		{"later today", "A press conference later today.", fri, "later today", "2016-07-15", "DATE"},
		{"tomorrow", "The vote is tomorrow.", fri, "tomorrow", "2016-07-16", "DATE"},
		{"earlier this week", "He said so earlier this week.", fri, "earlier this week", "2016-W28", "DATE"},
		{"last week", "Prices rose last week.", fri, "last week", "2016-W27", "DATE"},
		{"two years ago", "The plant closed two years ago.", fri, "two years ago", "2014", "DATE"},
		{"three days ago", "He left three days ago.", fri, "three days ago", "2016-07-12", "DATE"},
		{"next month", "Elections are due next month.", fri, "next month", "2016-08", "DATE"},
		{"last month", "Elections were held last month.", fri, "last month", "2016-06", "DATE"},
		{"this year", "His second visit this year.", fri, "this year", "2016", "DATE"},
		{"last year", "Profit fell last year.", fri, "last year", "2015", "DATE"},
		{"decade", "Prices soared in the 1990s.", fri, "the 1990s", "199", "DATE"},
		{"year", "The war ended in 1995.", fri, "1995", "1995", "DATE"},
		{"month year", "Relations thawed in May 2015.", fri, "May 2015", "2015-05", "DATE"},
		{"quarter", "Net income rose in the third quarter.", day("1989-11-02"), "the third quarter", "1989-Q3", "DATE"},
		{"season", "They met last summer.", fri, "last summer", "2015-SU", "DATE"},
		{"duration hours", "Talks lasted four hours.", fri, "four hours", "PT4H", "DURATION"},
		{"duration months", "His third visit in 10 months.", fri, "10 months", "P10M", "DURATION"},
		{"duration days", "A three-day visit.", fri, "three-day", "P3D", "DURATION"},
		{"duration past", "Prices rose over the past two months.", fri, "the past two months", "P2M", "DURATION"},
		{"fuzzy duration", "The feud has lasted for the past few years.", fri, "the past few years", "PXY", "DURATION"},
		{"recent years", "Kidnappings rose in recent years.", fri, "recent years", "PAST_REF", "DATE"},
		{"year-end", "The deal should close by year-end.", fri, "year-end", "2016-12-31", "DATE"},
		{"month last year", "In June last year the leaders met.", fri, "June last year", "2015-06", "DATE"},
		{"last month name", "Two helicopters crashed last February.", day("1998-03-01"), "last February", "1997-02", "DATE"},
		{"that year", "He fled in June 1998 and returned later that year.", fri, "later that year", "1998", "DATE"},
		{"year-ago quarter", "Profit rose in the third quarter from the year-ago quarter.", day("1989-11-02"), "the year-ago quarter", "1988-Q3", "DATE"},
		{"a year ago earnings", "Net income rose in the third quarter. It earned $4 a year ago.", day("1989-11-02"), "a year ago", "1988-Q3", "DATE"},
		{"set every week", "The council meets every week.", fri, "every week", "P1W", "SET"},
		{"set daily", "Flights leave daily.", fri, "daily", "P1D", "SET"},
		{"now", "The company is now profitable.", fri, "now", "PRESENT_REF", "DATE"},
		{"recently", "He recently resigned.", fri, "recently", "PAST_REF", "DATE"},
		{"future", "Peace in the future.", fri, "the future", "FUTURE_REF", "DATE"},
		{"clock", "The blast hit at 10:35 a.m. near the embassy.", fri, "10:35 a.m.", "2016-07-15T10:35", "TIME"},
		{"holiday", "A truck attack on Bastille Day.", fri, "Bastille Day", "2016-07-14", "DATE"},
		{"clock takes adjacent day", "The meeting, held at 10 a.m. on Tuesday, lasted an hour.", fri, "10 a.m.", "2016-07-12T10:00", "TIME"},
		{"clock before yesterday", "At 9 p.m. yesterday the talks ended.", fri, "9 p.m.", "2016-07-14T21:00", "TIME"},
		{"clock with zone", "It ended at 9 p.m. EDT on Monday.", fri, "9 p.m. EDT", "2016-07-11T21:00", "TIME"},
		{"first half", "Trade fell in the first half of 2016.", fri, "the first half of 2016", "2016-H1", "DATE"},
		{"spelled year", "In nineteen ninety-six the law changed.", fri, "nineteen ninety-six", "1996", "DATE"},
		{"unknown ref weekday", "They met on Thursday.", time.Time{}, "Thursday", "XXXX-XX-XX", "DATE"},
		{"unknown ref month day", "They met on July 14.", time.Time{}, "July 14", "XXXX-07-14", "DATE"},
		{"unknown ref month", "They met in August.", time.Time{}, "August", "XXXX-08", "DATE"},
		{"unknown ref yesterday", "They met yesterday.", time.Time{}, "yesterday", "XXXX-XX-XX", "DATE"},
		{"unknown ref absolute", "On February 12, 2015 they met.", time.Time{}, "February 12, 2015", "2015-02-12", "DATE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refs := timex.Tag(tt.text, tt.ref)
			r := find(refs, tt.expr)
			if r == nil {
				t.Fatalf("Tag(%q) = %+v, want an expression %q", tt.text, refs, tt.expr)
			}
			if r.Value != tt.value || r.Type != tt.typ {
				t.Errorf("Tag(%q): %q = %s %s, want %s %s", tt.text, tt.expr, r.Value, r.Type, tt.value, tt.typ)
			}
			if tt.text[r.Start:r.End] != r.Text {
				t.Errorf("span %v does not hold %q", r.Span, r.Text)
			}
		})
	}
}

func TestTagRejects(t *testing.T) {
	fri := day("2016-07-15")
	tests := []struct{ name, text string }{
		{"modal may", "The talks may resume."},
		{"verb march", "Protesters march to the square."},
		{"amount", "It cost $1995 and 2000 shares."},
		{"age", "A 6-year-old boy was found."},
		{"percent", "Turnout was 1999%."},
		{"rate", "Four flights a week."},
		{"fraction", "Iraq imports about three-quarters of its food."},
		{"bare plural", "The feud has lasted for years."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if refs := timex.Tag(tt.text, fri); len(refs) != 0 {
				t.Errorf("Tag(%q) = %+v, want nothing", tt.text, refs)
			}
		})
	}
}

func TestTagSentenceIndex(t *testing.T) {
	text := "Kerry arrived on Thursday. Talks began on Friday."
	refs := timex.Tag(text, day("2016-07-15"))
	if len(refs) != 2 {
		t.Fatalf("got %+v, want 2 expressions", refs)
	}
	sents := nlp.Sentences(text)
	for i, r := range refs {
		if r.Sentence != i {
			t.Errorf("%q: sentence %d, want %d", r.Text, r.Sentence, i)
		}
		s := sents[r.Sentence]
		if r.Start < s[0] || r.End > s[1] {
			t.Errorf("%q %v outside its sentence %v", r.Text, r.Span, s)
		}
	}
}

// TestSeeds checks the dates a careful editor reads out of the seed
// articles: named expressions, and every "timeline" date of an article
// must be among the values tagged in it.
func TestSeeds(t *testing.T) {
	dir := datasets.Seeds(t)
	var exp struct {
		Articles map[string]struct {
			Published string `json:"published"`
		} `json:"articles"`
		Timeline map[string][]struct {
			Date string   `json:"date"`
			From []string `json:"from"`
		} `json:"timeline"`
	}
	datasets.SeedsExpected(t, &exp)
	tagged := map[string][]model.TimeRef{}
	for id, a := range exp.Articles {
		b, err := os.ReadFile(filepath.Join(dir, id+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		tagged[id] = timex.Tag(string(b), day(a.Published))
	}
	byPrefix := func(p string) (string, []model.TimeRef) {
		for id, refs := range tagged {
			if strings.HasPrefix(id, p) {
				return id, refs
			}
		}
		t.Fatalf("no seed %s", p)
		return "", nil
	}
	named := []struct{ seed, expr, value string }{
		{"001", "the evening of July 14", "2016-07-14TEV"},
		{"001", "Friday, 15 July", "2016-07-15"},
		{"003", "Thursday", "2016-03-24"},
		{"003", "March 15", "2016-03-15"},
		{"003", "24 March 2016", "2016-03-24"},
		{"003", "four hours", "PT4H"},
		{"003", "10 months", "P10M"},
		{"002", "Thursday", "2016-07-14"},
		{"002", "July 6", "2016-07-06"},
		{"002", "Friday", "2016-07-15"},
		{"000", "15/07/2016", "2016-07-15"},
		{"000", "Friday", "2016-07-15"},
		{"004", "yesterday", "2016-07-14"},
		{"004", "later today", "2016-07-15"},
	}
	for _, n := range named {
		t.Run(n.seed+"/"+n.expr, func(t *testing.T) {
			_, refs := byPrefix(n.seed)
			r := find(refs, n.expr)
			if r == nil {
				t.Fatalf("%q not found in %+v", n.expr, refs)
			}
			if r.Value != n.value {
				t.Errorf("%q = %s, want %s", n.expr, r.Value, n.value)
			}
		})
	}
	for level, items := range exp.Timeline {
		for _, it := range items {
			for _, id := range it.From {
				t.Run("timeline/"+level+"/"+it.Date+"/"+id, func(t *testing.T) {
					for _, r := range tagged[id] {
						if strings.HasPrefix(r.Value, it.Date) {
							return
						}
					}
					t.Errorf("%s: no expression dated %s among %+v", id, it.Date, tagged[id])
				})
			}
		}
	}
}

func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"Putin met Kerry on Thursday, July 14, 2016 at 10:35 a.m.",
		"late in the evening of July 14", "15/07/2016", "the 1990s", "two years ago",
		"every week", "nineteen ninety-six", "the third quarter of 1989", "Ünïcödé March 3 — 2016年",
		"May 1990 1990 12/31/99", "\xff\xfeMay 5",
	} {
		f.Add(s, int64(1468540800))
	}
	f.Fuzz(func(t *testing.T, text string, sec int64) {
		var ref time.Time
		if sec%3 != 0 {
			ref = time.Unix(sec%(1<<33), 0).UTC()
		}
		refs := timex.Tag(text, ref)
		end := 0
		for _, r := range refs {
			if r.Start < end || r.End <= r.Start || r.End > len(text) {
				t.Fatalf("bad span %v after %d in %d bytes", r.Span, end, len(text))
			}
			end = r.End
			if !utf8.RuneStart(text[r.Start]) || r.End < len(text) && !utf8.RuneStart(text[r.End]) {
				t.Fatalf("span %v splits a rune", r.Span)
			}
			if text[r.Start:r.End] != r.Text || r.Value == "" || r.Type == "" {
				t.Fatalf("bad ref %+v", r)
			}
		}
	})
}

func BenchmarkTag(b *testing.B) {
	text := strings.Repeat("Russian President Vladimir Putin received US Secretary of State John Kerry on Thursday, July 14, "+
		"for talks that lasted more than three hours; Lavrov and Kerry will meet again on Friday. ", 20)
	ref := day("2016-07-15")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		timex.Tag(text, ref)
	}
}
