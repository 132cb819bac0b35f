package clustering

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/datasets"
)

// TestBenchMatchesSequential: the benchmark's pipeline (analysis workers,
// Prepare on its own goroutine ahead of AddPrepared) assigns every
// article as Add one by one does: same digest.
func TestBenchMatchesSequential(t *testing.T) {
	arts := devArticles(t)
	const n = 1000
	o := cluster.DefaultOptions()
	g, err := NewGenerator(arts, 7)
	if err != nil {
		t.Fatal(err)
	}
	c := cluster.New(cluster.DefaultModel(), o)
	want := uint64(14695981039346656037)
	for i := 0; i < n; i++ {
		d := g.Next()
		want = digestAssignment(want, d.ID, c.Add(d))
	}
	for _, workers := range []int{1, 3} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			g, _ := NewGenerator(arts, 7)
			var got []BenchPoint
			err := Bench(context.Background(), g, n, workers, cluster.DefaultModel(), o, []int{500, n}, func(p BenchPoint) { got = append(got, p) })
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[1].Articles != n || got[1].Digest != fmt.Sprintf("%016x", want) {
				t.Fatalf("points %+v, want the last at %d articles with digest %016x", got, n, want)
			}
		})
	}
}

func devArticles(tb testing.TB) []Article {
	tb.Helper()
	var arts []Article
	for _, name := range []string{"duc-tdt-dev.jsonl", "ecbplus-dev.jsonl"} {
		p := datasets.Require(tb, "clustering", "storyline-jsonl", name)
		f, err := os.Open(p)
		if err != nil {
			tb.Fatal(err)
		}
		a, err := ReadJSONL(f, p)
		f.Close()
		if err != nil {
			tb.Fatal(err)
		}
		arts = append(arts, a...)
	}
	return arts
}

// BenchmarkAssignPrepared is the assignment stage alone (AddPrepared on
// a warm stream, the articles prepared beforehand): the single goroutine
// that bounds the rate of a stream on enough cores. thread-cpu-ns/op is
// the CPU time of the benchmark's thread per article (Linux; garbage
// collection on other threads not counted), steadier than ns/op when
// other work shares the machine.
func BenchmarkAssignPrepared(b *testing.B) {
	const warm = 20000
	g, err := NewGenerator(devArticles(b), 1)
	if err != nil {
		b.Fatal(err)
	}
	an := cluster.NewAnalyzer(cluster.DefaultOptions().Dedup)
	c := cluster.New(cluster.DefaultModel(), cluster.DefaultOptions())
	for i := 0; i < warm; i++ {
		c.AddAnalyzed(an.Analyze(g.Next()))
	}
	ps := make([]*cluster.Prepared, b.N)
	for i := range ps {
		ps[i] = c.Prepare(an.Analyze(g.Next()))
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := threadCPU()
	for i := 0; i < b.N; i++ {
		c.AddPrepared(ps[i])
	}
	b.ReportMetric((threadCPU()-cpu0)*float64(time.Second)/float64(b.N), "thread-cpu-ns/op")
}
