package dates_test

import (
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/dates"
)

func benchFinder(b *testing.B, name string) {
	dir := datasets.Require(b, "extraction", "htmldate-eval")
	ps, err := dates.Load(dir, 200)
	if err != nil {
		b.Fatal(err)
	}
	find := dates.Finders[name]
	find(ps[0].HTML, ps[0].URL) // warm-up: first-use regexp compilation
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := ps[i%len(ps)]
		find(p.HTML, p.URL)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}

// BenchmarkPublishedDateHTML is extract.PublishedDateHTML (parse plus
// date search) over 200 pages of htmldate's evaluation set.
func BenchmarkPublishedDateHTML(b *testing.B) { benchFinder(b, "storyline") }

// BenchmarkHtmldate is plain go-htmldate (extensive search) on the same
// pages.
func BenchmarkHtmldate(b *testing.B) { benchFinder(b, "htmldate") }
