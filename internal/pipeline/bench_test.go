package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store/sqlite"
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

// BenchmarkRunAddOnePercent measures a daily run on a grown store: the
// store holds the DUC/TDT and ECB+ dev articles but every hundredth (1,200
// articles, grouped and told by a first run); each iteration runs on a
// copy of that store with the 1% left out (12 articles) as the day's new
// file. Only the second run is timed; cpu-s/op is its CPU time, steadier
// than the wall clock on a shared machine.
func BenchmarkRunAddOnePercent(b *testing.B) {
	benchSecondRun(b, false)
}

// BenchmarkRunGrownFile is BenchmarkRunAddOnePercent with the 1% appended
// to the file the first run read, as a feed saved to one growing JSON
// Lines file is: the second run reads the whole file again.
func BenchmarkRunGrownFile(b *testing.B) {
	benchSecondRun(b, true)
}

func benchSecondRun(b *testing.B, grow bool) {
	ctx := context.Background()
	dir := b.TempDir()
	var base, fresh []string
	n := 0
	for _, name := range []string{"duc-tdt-dev.jsonl", "ecbplus-dev.jsonl"} {
		data, err := os.ReadFile(datasets.Require(b, "clustering", "storyline-jsonl", name))
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if n%100 == 99 {
				fresh = append(fresh, l)
			} else {
				base = append(base, l)
			}
			n++
		}
	}
	basePath, newPath := filepath.Join(dir, "base", "feed.jsonl"), filepath.Join(dir, "new", "day.jsonl")
	for p, lines := range map[string][]string{basePath: base, newPath: fresh} {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	opts := pipeline.Options{Now: time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)}
	seeded := filepath.Join(dir, "store")
	st, err := sqlite.Open(ctx, seeded)
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := pipeline.Run(ctx, st, []string{basePath}, opts); err != nil {
		b.Fatal(err)
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	input := filepath.Dir(newPath)
	if grow {
		all := append(append([]string(nil), base...), fresh...)
		if err := os.WriteFile(basePath, []byte(strings.Join(all, "\n")+"\n"), 0o644); err != nil {
			b.Fatal(err)
		}
		input = filepath.Dir(basePath)
	}
	var cpu float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		data := filepath.Join(dir, fmt.Sprintf("run%d", i))
		if err := os.CopyFS(data, os.DirFS(seeded)); err != nil {
			b.Fatal(err)
		}
		st, err := sqlite.Open(ctx, data)
		if err != nil {
			b.Fatal(err)
		}
		cpu0 := cpuSeconds()
		b.StartTimer()
		res, rs, err := pipeline.Run(ctx, st, []string{input}, opts)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		cpu += cpuSeconds() - cpu0
		reportRun(b, rs)
		if len(res.Articles) != len(base)+len(fresh) {
			b.Fatalf("%d articles after the second run, want %d", len(res.Articles), len(base)+len(fresh))
		}
		st.Close()
		os.RemoveAll(data)
		b.StartTimer()
	}
	b.ReportMetric(cpu/float64(b.N), "cpu-s/op")
}

// reportRun reports what the timed run reused.
func reportRun(b *testing.B, rs pipeline.RunStats) {
	b.ReportMetric(float64(rs.StoriesTold), "told/op")
	b.ReportMetric(float64(rs.StoriesReused), "reused/op")
	b.ReportMetric(float64(rs.AnalysesReused), "analyses-reused/op")
}
