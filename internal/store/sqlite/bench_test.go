package sqlite_test

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
	s := open(b, b.TempDir())
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
	s := open(b, b.TempDir())
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

// BenchmarkPutArticlesAnalyzed measures re-putting stored articles whose
// analysis changed but not their title or text, as a run's second write
// does after grouping (an inferred date, entity links); b.N counts
// articles.
func BenchmarkPutArticlesAnalyzed(b *testing.B) {
	s := open(b, b.TempDir())
	defer s.Close()
	as := benchArticles(b.N, 600, 1)
	ctx := context.Background()
	if _, err := s.PutArticles(ctx, as); err != nil {
		b.Fatal(err)
	}
	for _, a := range as {
		a.Flags = append(a.Flags, "analyzed")
	}
	b.ResetTimer()
	for i := 0; i < len(as); i += 100 {
		if _, err := s.PutArticles(ctx, as[i:min(i+100, len(as))]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearch measures two-word searches (top 20 with snippets) over
// 5,000 stored 600-word articles.
func BenchmarkSearch(b *testing.B) {
	s := open(b, b.TempDir())
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
