package tls_test

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/tls"
)

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func TestParseTimeline(t *testing.T) {
	in := "2011-01-26\nA large force moves into the square .\nThree are killed .\n--------------------------------\n2011-01-25\nProtests begin .\n"
	tl, err := tls.ParseTimeline("x", strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(tl) != 2 || !tl[0].Date.Equal(day("2011-01-25")) || len(tl[1].Sentences) != 2 {
		t.Errorf("got %+v", tl)
	}
	if _, err := tls.ParseTimeline("bad", strings.NewReader("not a date\n")); err == nil || !strings.Contains(err.Error(), "bad:1") {
		t.Errorf("want an error naming bad:1, got %v", err)
	}
}

func TestEvaluate(t *testing.T) {
	ref := tls.Timeline{
		{Date: day("2011-01-25"), Sentences: []string{"protests begin in cairo"}},
		{Date: day("2011-02-11"), Sentences: []string{"mubarak steps down"}},
	}
	tests := []struct {
		name        string
		sys         tls.Timeline
		dateF1, ar1 float64
	}{
		{"perfect", ref, 1, 1},
		{"one day off", tls.Timeline{{Date: day("2011-01-26"), Sentences: []string{"protests begin in cairo"}}}, 0, 2 * (0.5 * (2.0 / 7)) / (0.5 + 2.0/7)},
		{"empty", nil, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tls.Evaluate(tc.sys, ref)
			if math.Abs(s.DateF1-tc.dateF1) > 1e-9 || math.Abs(s.AR1F-tc.ar1) > 1e-9 {
				t.Errorf("Date-F1 %.4f AR1-F %.4f, want %.4f %.4f", s.DateF1, s.AR1F, tc.dateF1, tc.ar1)
			}
		})
	}
}

func TestReadCrisis(t *testing.T) {
	dir := datasets.Require(t, "summarization", "ml-crisis-tls")
	ref, err := tls.ReadTimeline(filepath.Join(dir, "es", "reference", "egypt.txt"))
	if err != nil || len(ref) < 10 {
		t.Fatalf("reference: %d dates, %v", len(ref), err)
	}
	arts, err := tls.ReadTopic(filepath.Join(dir, "es", "yemen"))
	if err != nil || len(arts) < 50 {
		t.Fatalf("articles: %d, %v", len(arts), err)
	}
}

func FuzzParseTimeline(f *testing.F) {
	f.Add("2011-01-26\nx\n---\n2011-01-27\ny\n")
	f.Add("---\n\n2011-13-40\n")
	f.Fuzz(func(t *testing.T, s string) {
		tl, err := tls.ParseTimeline("fuzz", strings.NewReader(s))
		if err != nil {
			return
		}
		for i := 1; i < len(tl); i++ {
			if tl[i].Date.Before(tl[i-1].Date) {
				t.Fatal("not in date order")
			}
		}
		sc := tls.Evaluate(tl, tl)
		if len(tl) > 0 && sc.DateF1 != 1 {
			t.Fatalf("self Date-F1 %v", sc.DateF1)
		}
	})
}
