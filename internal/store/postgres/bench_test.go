package postgres_test

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// benchWords are the real words of the benchmark vocabulary, the ones
// searched for.
var benchWords = strings.Fields(`storm flood coast minister parliament budget vote election
president court ruling protest police city river rain wind damage power outage
hospital doctors strike union wages talks agreement ceasefire border troops
market shares bank inflation rates energy prices oil gas climate summit leaders
company profits shareholders report investigation fraud charges trial verdict`)

// benchArticles makes n articles of the given length whose words follow a
// Zipf law over a 20,000-word vocabulary, with benchWords at ranks 100 to
// about 160 (frequent, but not in every article), like news text.
func benchArticles(n, words int, seed int64) []*model.Article {
	r := rand.New(rand.NewSource(seed))
	const vocab = 20000
	zipf := rand.NewZipf(r, 1.1, 1, vocab-1)
	word := func(rank uint64) string {
		if rank >= 100 && rank < 100+uint64(len(benchWords)) {
			return benchWords[rank-100]
		}
		return fmt.Sprintf("w%d", rank)
	}
	as := make([]*model.Article, n)
	for i := range as {
		var b strings.Builder
		for w := 0; w < words; w++ {
			if w > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(word(zipf.Uint64()))
		}
		title := benchWords[r.Intn(len(benchWords))] + " " + benchWords[r.Intn(len(benchWords))]
		as[i] = storetest.Article(fmt.Sprintf("bench-%d-%06d", seed, i), i%365, title, b.String())
	}
	return as
}

// BenchmarkPutArticles measures storing new 600-word articles in batches
// of 100 (one transaction per batch); b.N counts articles.
func BenchmarkPutArticles(b *testing.B) {
	s := open(b, freshDB(b))
	defer s.Close()
	as := benchArticles(b.N, 600, 1)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < len(as); i += 100 {
		if _, err := s.PutArticles(ctx, as[i:min(i+100, len(as))]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutArticlesUnchanged measures re-putting stored articles, the
// cost a re-run pays for input it already holds.
func BenchmarkPutArticlesUnchanged(b *testing.B) {
	s := open(b, freshDB(b))
	defer s.Close()
	as := benchArticles(1000, 600, 1)
	ctx := context.Background()
	if _, err := s.PutArticles(ctx, as); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i += 100 {
		j := i % len(as)
		if _, err := s.PutArticles(ctx, as[j:min(j+100, len(as))]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch measures two-word searches (top 20 with snippets) over
// 5,000 stored 600-word articles.
func BenchmarkSearch(b *testing.B) {
	s := open(b, freshDB(b))
	defer s.Close()
	ctx := context.Background()
	as := benchArticles(5000, 600, 2)
	for i := 0; i < len(as); i += 500 {
		if _, err := s.PutArticles(ctx, as[i:i+500]); err != nil {
			b.Fatal(err)
		}
	}
	queries := []string{"verdict trial", "ceasefire border", `"oil gas"`, "inflat*", "strike OR protest"}
	for _, q := range queries {
		b.Run(q, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := s.Search(ctx, q, 20); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPutArticlesRegrouped measures re-putting stored articles whose
// title and text are unchanged but whose stored form differs (a re-run
// stores them again with their new story), the common case of a re-run:
// their search vectors need no recomputing. b.N counts articles.
func BenchmarkPutArticlesRegrouped(b *testing.B) {
	s := open(b, freshDB(b))
	defer s.Close()
	as := benchArticles(1000, 600, 1)
	ctx := context.Background()
	if _, err := s.PutArticles(ctx, as); err != nil {
		b.Fatal(err)
	}
	// Two versions that differ from each other and from the stored one
	// only in Story: every put changes every row's data.
	versions := [2][]*model.Article{}
	for v := range versions {
		versions[v] = make([]*model.Article, len(as))
		for i, a := range as {
			c := *a
			c.Story = fmt.Sprintf("story-%d-%d", v, i/10)
			versions[v][i] = &c
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i += 100 {
		j := i % len(as)
		v := versions[(i/len(as))%2]
		if _, err := s.PutArticles(ctx, v[j:min(j+100, len(as))]); err != nil {
			b.Fatal(err)
		}
	}
}

// benchGrouping makes n stories of about 150 words of summary each, in
// storylines of 5, with their importance shifted by shift (a re-run's
// regrouping reorders stories without rewriting them).
func benchGrouping(n int, shift float64) ([]*model.Story, []*model.Storyline) {
	texts := benchArticles(n, 150, 3)
	stories := make([]*model.Story, n)
	var lines []*model.Storyline
	for i := range stories {
		a := texts[i]
		id := fmt.Sprintf("story-%06d", i)
		stories[i] = &model.Story{
			ID: id, Headline: a.Title, Start: a.Published.Time, End: a.Published.Time.AddDate(0, 0, 1),
			Articles:   []string{a.ID},
			Summary:    []model.Cited{{Text: a.Text, Articles: []string{a.ID}}},
			Importance: float64(i%97)/97 + shift,
		}
		if i%5 == 0 {
			lines = append(lines, &model.Storyline{ID: fmt.Sprintf("line-%06d", i/5)})
		}
		l := lines[len(lines)-1]
		l.Stories = append(l.Stories, id)
	}
	return stories, lines
}

// BenchmarkReplaceGroupingSame measures replacing a grouping of 2,000
// stories by one with the same stories, headlines and summaries: identical,
// or with every importance changed (as a re-run that adds a few articles
// elsewhere reorders stories); b.N counts groupings.
func BenchmarkReplaceGroupingSame(b *testing.B) {
	for _, name := range []string{"identical", "reordered"} {
		b.Run(name, func(b *testing.B) {
			s := open(b, freshDB(b))
			defer s.Close()
			ctx := context.Background()
			var groupings [2][2]any
			for v := range groupings {
				shift := float64(v)
				if name == "identical" {
					shift = 0
				}
				st, ls := benchGrouping(2000, shift)
				groupings[v] = [2]any{st, ls}
			}
			put := func(v int) {
				g := groupings[v]
				if err := s.ReplaceGrouping(ctx, g[0].([]*model.Story), g[1].([]*model.Storyline)); err != nil {
					b.Fatal(err)
				}
			}
			put(0)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				put((i + 1) % 2)
			}
		})
	}
}

// BenchmarkReplaceGroupingNew measures replacing a grouping of 2,000
// stories by one of 2,000 other stories (every story deleted, every new
// one indexed); b.N counts groupings.
func BenchmarkReplaceGroupingNew(b *testing.B) {
	s := open(b, freshDB(b))
	defer s.Close()
	ctx := context.Background()
	var groupings [2][]*model.Story
	for v := range groupings {
		st, _ := benchGrouping(2000, 0)
		for _, x := range st {
			x.ID = fmt.Sprintf("v%d-%s", v, x.ID)
		}
		groupings[v] = st
	}
	if err := s.ReplaceGrouping(ctx, groupings[0], nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.ReplaceGrouping(ctx, groupings[(i+1)%2], nil); err != nil {
			b.Fatal(err)
		}
	}
}
