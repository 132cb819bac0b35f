package pipeline_test

import (
	"context"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
)

// expectedSeeds is the editor's reading of the seeds (expected.json).
type expectedSeeds struct {
	Articles map[string]struct {
		Title          *string `json:"title"`
		Source         *string `json:"source"`
		SourceLevel    string  `json:"source_level"`
		Published      string  `json:"published"`
		PublishedLevel string  `json:"published_level"`
		Language       string  `json:"language"`
	} `json:"articles"`
	Stories struct {
		Must []struct {
			EventDate string   `json:"event_date"`
			Articles  []string `json:"articles"`
		} `json:"must"`
	} `json:"stories"`
	Storylines struct {
		Should []struct {
			Stories []string `json:"stories"`
		} `json:"should"`
	} `json:"storylines"`
	Entities struct {
		Must   []expEntity `json:"must"`
		Should []expEntity `json:"should"`
	} `json:"entities"`
	Quotes struct {
		Must []struct {
			Speaker string `json:"speaker"`
			Article string `json:"article"`
			Starts  string `json:"starts"`
		} `json:"must"`
		Should []struct {
			Note string `json:"note"`
		} `json:"should"`
	} `json:"quotes"`
	Timeline struct {
		Should []struct {
			Date string   `json:"date"`
			From []string `json:"from"`
		} `json:"should"`
	} `json:"timeline"`
	CrossSource struct {
		Should []string `json:"should"`
	} `json:"cross_source"`
}

type expEntity struct {
	Canonical string   `json:"canonical"`
	Type      string   `json:"type"`
	Variants  []string `json:"variants"`
}

// TestSeeds runs the whole pipeline on the seed folder and checks every
// "must" item of expected.json; it logs how many "should" items hold.
func TestSeeds(t *testing.T) {
	dir := datasets.Seeds(t)
	var exp expectedSeeds
	datasets.SeedsExpected(t, &exp)
	var problems []string
	res, err := pipeline.ProcessPaths(context.Background(), []string{dir}, pipeline.Options{
		Report: func(p pipeline.Problem) { problems = append(problems, p.Error()) },
	})
	if err != nil {
		t.Fatal(err)
	}
	// expected.json is in the folder: reported and skipped, never an article.
	if len(res.Articles) != len(exp.Articles) {
		t.Errorf("%d articles, want %d", len(res.Articles), len(exp.Articles))
	}
	if !containsAny(problems, "expected.json") {
		t.Errorf("expected.json was not reported as skipped; problems: %q", problems)
	}
	byID := map[string]*model.Article{}
	var texts []string
	for _, a := range res.Articles {
		byID[a.ID] = a
		texts = append(texts, a.Text)
	}
	should, shouldOK := 0, 0
	check := func(level string, ok bool, format string, args ...any) {
		if level == "should" {
			should++
			if ok {
				shouldOK++
			} else {
				t.Logf("should: "+format, args...)
			}
			return
		}
		if !ok {
			t.Errorf("must: "+format, args...)
		}
	}

	for id, want := range exp.Articles {
		a := byID[id]
		if a == nil {
			t.Errorf("article %s missing", id)
			continue
		}
		if want.Title == nil {
			check("must", a.Title == "", "%s: title %q, want none printed", id, a.Title)
		} else {
			check("must", a.Title == *want.Title, "%s: title %q, want %q", id, a.Title, *want.Title)
		}
		src := a.Outlet.Name
		if want.Source == nil {
			check(want.SourceLevel, src == "", "%s: source %q, want none", id, src)
		} else {
			check(want.SourceLevel, src == *want.Source, "%s: source %q, want %q", id, src, *want.Source)
		}
		pub := ""
		if a.Published != nil {
			pub = a.Published.Time.Format("2006-01-02")
		}
		check(want.PublishedLevel, pub == want.Published, "%s: published %q, want %q", id, pub, want.Published)
		check("must", a.Language == want.Language, "%s: language %q, want %q", id, a.Language, want.Language)
		for _, junk := range []string{"All news", "Follow us on", "English Bulletin", "©", "[PPIO]", "Metzel/TASS", "**", "---"} {
			check("must", !strings.Contains(a.Text, junk), "%s: text keeps furniture %q", id, junk)
		}
	}

	storyOf := map[string]*model.Story{}
	for _, s := range res.Stories {
		for _, id := range s.Articles {
			storyOf[id] = s
		}
	}
	for _, want := range exp.Stories.Must {
		s := storyOf[want.Articles[0]]
		if s == nil {
			t.Errorf("must: no story for %s", want.Articles[0])
			continue
		}
		check("must", sameSet(s.Articles, want.Articles), "story %s has articles %v, want %v", s.ID, s.Articles, want.Articles)
		check("must", s.EventDate == want.EventDate, "story %s event date %q, want %q", s.ID, s.EventDate, want.EventDate)
		check("must", s.Headline != "", "story %s has no headline", s.ID)
		check("must", len(s.Summary) > 0, "story %s has no summary", s.ID)
		for _, c := range s.Summary {
			check("must", len(c.Articles) > 0 && subset(c.Articles, s.Articles), "story %s: summary sentence %q cites %v", s.ID, c.Text, c.Articles)
		}
	}
	for _, want := range exp.Storylines.Should {
		lines := map[string]bool{}
		for _, date := range want.Stories {
			for _, s := range res.Stories {
				if s.EventDate == date {
					lines[s.Storyline] = true
				}
			}
		}
		check("should", len(lines) == 1 && !lines[""], "stories %v are in storylines %v, want one", want.Stories, lines)
	}

	var entities []model.Entity
	for _, s := range res.Stories {
		entities = append(entities, s.Entities...)
	}
	checkEntity := func(level string, want expEntity) {
		var found *model.Entity
		for i, e := range entities {
			if strings.EqualFold(e.Name, want.Canonical) || contains(e.Variants, want.Canonical) {
				found = &entities[i]
				if strings.EqualFold(e.Name, want.Canonical) {
					break
				}
			}
		}
		if found == nil {
			check(level, false, "entity %q not found", want.Canonical)
			return
		}
		check(level, string(found.Type) == want.Type, "entity %q has type %q, want %q", want.Canonical, found.Type, want.Type)
		// Variants may be split over the two stories; gather them.
		var variants []string
		for _, e := range entities {
			if strings.EqualFold(e.Name, found.Name) {
				variants = append(variants, e.Variants...)
				variants = append(variants, e.Name)
			}
		}
		for _, v := range want.Variants {
			// A variant that never stands alone in the texts (every
			// "al-Nusra" is part of "Jabhat al-Nusra") is covered by the
			// longer form.
			ok := containsFold(variants, v) || !standsAlone(texts, v, variants)
			check(level, ok, "entity %q lacks variant %q (has %q)", want.Canonical, v, variants)
		}
	}
	for _, e := range exp.Entities.Must {
		checkEntity("must", e)
	}
	for _, e := range exp.Entities.Should {
		checkEntity("should", e)
	}

	for _, want := range exp.Quotes.Must {
		s := storyOf[want.Article]
		ok := false
		if s != nil {
			for _, q := range s.Quotes {
				if q.Speaker == want.Speaker && (q.Article == want.Article || contains(q.Articles, want.Article)) &&
					(strings.HasPrefix(strings.TrimLeft(q.Text, "“\"…. "), want.Starts) || containsPrefix(q.Variants, want.Starts)) {
					ok = true
				}
			}
		}
		check("must", ok, "quote by %s in %s starting %q not found", want.Speaker, want.Article, want.Starts)
	}
	for range exp.Quotes.Should {
		// A statement reported by several outlets in different words is
		// shown once with all its articles.
		ok := false
		for _, s := range res.Stories {
			for _, q := range s.Quotes {
				if len(q.Articles) > 1 {
					ok = true
				}
			}
		}
		check("should", ok, "no quote groups one statement across outlets")
	}

	for _, want := range exp.Timeline.Should {
		ok := false
		for _, s := range res.Stories {
			for _, e := range s.Timeline {
				if e.Date == want.Date && subset(want.From, e.Articles) {
					ok = true
				}
			}
		}
		check("should", ok, "timeline entry %s from %v missing", want.Date, want.From)
	}
	quoted := regexp.MustCompile(`'([^']+)'`)
	for _, want := range exp.CrossSource.Should {
		ok := false
		phrases := quoted.FindAllStringSubmatch(want, -1)
		for _, s := range res.Stories {
			for _, c := range s.Claims {
				if c.Kind == "shared" {
					continue
				}
				text := strings.ToLower(c.Text + " " + c.Detail)
				for _, p := range phrases {
					if strings.Contains(text, strings.ToLower(p[1])) {
						ok = true
					}
				}
				if len(phrases) == 0 && strings.Contains(strings.ToLower(want), "intelligence") && strings.Contains(text, "intelligence") {
					ok = true
				}
			}
		}
		check("should", ok, "cross-source item not shown: %s", want)
	}
	t.Logf("should items holding: %d of %d", shouldOK, should)
}

func sameSet(a, b []string) bool {
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	return strings.Join(x, ",") == strings.Join(y, ",")
}

func subset(a, of []string) bool {
	for _, s := range a {
		if !contains(of, s) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func containsPrefix(list []string, p string) bool {
	for _, x := range list {
		if strings.HasPrefix(strings.TrimLeft(x, "“\"…. "), p) {
			return true
		}
	}
	return false
}

func containsAny(list []string, s string) bool {
	for _, x := range list {
		if strings.Contains(x, s) {
			return true
		}
	}
	return false
}

// standsAlone reports whether v occurs in texts outside every occurrence of
// the longer forms.
func standsAlone(texts []string, v string, longer []string) bool {
	for _, t := range texts {
		low := strings.ToLower(t)
		covered := make([]bool, len(low))
		for _, l := range longer {
			l = strings.ToLower(l)
			if len(l) <= len(v) {
				continue
			}
			for i := strings.Index(low, l); i >= 0; {
				for k := i; k < i+len(l); k++ {
					covered[k] = true
				}
				j := strings.Index(low[i+1:], l)
				if j < 0 {
					break
				}
				i += 1 + j
			}
		}
		lv := strings.ToLower(v)
		for i := strings.Index(low, lv); i >= 0; {
			if !covered[i] {
				return true
			}
			j := strings.Index(low[i+1:], lv)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return false
}
