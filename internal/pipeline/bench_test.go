package pipeline_test

import (
	"context"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/pipeline"
)

// BenchmarkProcessDUC runs the 440 articles of duc-tdt-dev.jsonl through
// the whole in-memory pipeline (extraction, analysis, grouping, telling)
// once per iteration on the default workers, and reports articles per
// second.
func BenchmarkProcessDUC(b *testing.B) {
	path := datasets.Require(b, "clustering", "storyline-jsonl", "duc-tdt-dev.jsonl")
	var articles int
	start := time.Now()
	for i := 0; i < b.N; i++ {
		res, err := pipeline.ProcessPaths(context.Background(), []string{path}, pipeline.Options{})
		if err != nil {
			b.Fatal(err)
		}
		articles += len(res.Articles)
	}
	b.ReportMetric(float64(articles)/time.Since(start).Seconds(), "articles/s")
}
