package extraction_test

import (
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/eval/extraction"
)

// benchPages loads the benchmark pages once per benchmark.
func benchPages(b *testing.B) []extraction.Page {
	b.Helper()
	dir := datasets.Require(b, "extraction", "article-extraction-benchmark")
	pages, err := extraction.Load(dir, 0)
	if err != nil {
		b.Fatal(err)
	}
	return pages
}

// benchExtractor runs ex over the pages round-robin, one page per
// iteration, and reports pages/s and MB/s of wall time and pages per
// CPU-second (parse plus extraction). Run with -cpu 1 for a per-core
// figure: GOMAXPROCS=1 keeps the garbage collector on the same core.
// Pages come in a fixed order and differ a lot in cost, so give a whole
// number of passes over the 181 pages (-benchtime 362x): a run that stops
// after the first hundred pages measures those only.
func benchExtractor(b *testing.B, name string) {
	pages := benchPages(b)
	ex := extraction.Extractors[name]
	ex(pages[0].HTML, pages[0].URL) // warm-up: first-use regexp compilation
	var n int64
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		p := pages[i%len(pages)]
		n += int64(len(p.HTML))
		if _, err := ex(p.HTML, p.URL); err != nil {
			b.Logf("%s: %v", p.ID, err)
		}
	}
	cpu := (cpuTime() - cpu0).Seconds()
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/s, "pages/s")
	b.ReportMetric(float64(n)/1e6/s, "MB/s")
	if cpu > 0 {
		// Pages per second of CPU time used by the process (GC included):
		// the per-core figure, meaningful on a loaded machine.
		b.ReportMetric(float64(b.N)/cpu, "pages/cpu-s")
	}
}

// BenchmarkExtractHTML is Storyline's extract.HTML (text, metadata and
// publication date) over the article-extraction benchmark pages.
func BenchmarkExtractHTML(b *testing.B) { benchExtractor(b, "storyline") }

// BenchmarkTrafilatura is plain go-trafilatura with default options on the
// same pages, the baseline to compare with.
func BenchmarkTrafilatura(b *testing.B) { benchExtractor(b, "trafilatura") }
