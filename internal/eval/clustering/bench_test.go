package clustering_test

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/eval/clustering"
)

// The hot paths of `storyline bench cluster`, on the same generated
// stream. Time whole streams with a fixed count, for example
//
//	go test -run '^$' -bench . -benchtime 20000x ./internal/eval/clustering
//
// (ns/op is per article; BenchmarkAssign warms the clusterer with 20,000
// articles first, so the stories and the vocabulary are those of a
// running stream).

func generator(b *testing.B) *clustering.Generator {
	b.Helper()
	arts := append(readSet(b, "duc-tdt-dev.jsonl"), readSet(b, "ecbplus-dev.jsonl")...)
	g, err := clustering.NewGenerator(arts, 1)
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// BenchmarkAnalyze is the parallel half: tokens, stems, MinHash.
func BenchmarkAnalyze(b *testing.B) {
	g := generator(b)
	docs := make([]cluster.Doc, 2000)
	for i := range docs {
		docs[i] = g.Next()
	}
	an := cluster.NewAnalyzer(cluster.DefaultOptions().Dedup)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		an.Analyze(docs[i%len(docs)])
	}
}

// BenchmarkAssign is the sequential half: AddAnalyzed (Prepare, then
// AddPrepared) on a warm stream.
func BenchmarkAssign(b *testing.B) {
	const warm = 20000
	g := generator(b)
	an := cluster.NewAnalyzer(cluster.DefaultOptions().Dedup)
	c := cluster.New(cluster.DefaultModel(), cluster.DefaultOptions())
	for i := 0; i < warm; i++ {
		c.AddAnalyzed(an.Analyze(g.Next()))
	}
	as := make([]*cluster.Analyzed, b.N)
	for i := range as {
		as[i] = an.Analyze(g.Next())
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.AddAnalyzed(as[i])
	}
}

// BenchmarkStream is the whole pipeline (cluster.AnalyzeAll on
// GOMAXPROCS workers, then Prepare and AddPrepared on a goroutine each,
// as cluster.AddAll runs them), generation included.
func BenchmarkStream(b *testing.B) {
	g := generator(b)
	c := cluster.New(cluster.DefaultModel(), cluster.DefaultOptions())
	docs := func(yield func(cluster.Doc) bool) {
		for i := 0; i < b.N; i++ {
			if !yield(g.Next()) {
				return
			}
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	ctx := context.Background()
	for p := range c.PrepareAll(ctx, cluster.AnalyzeAll(ctx, docs, 0, cluster.DefaultOptions().Dedup)) {
		c.AddPrepared(p)
	}
}
