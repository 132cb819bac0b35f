package clustering

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/datasets"
)

// TestBenchMatchesSequential: the benchmark's pipeline (analysis workers,
// Prepare on its own goroutine ahead of AddPrepared) assigns every
// article as Add one by one does: same digest.
func TestBenchMatchesSequential(t *testing.T) {
	p := datasets.Require(t, "clustering", "storyline-jsonl", "ecbplus-dev.jsonl")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	arts, err := ReadJSONL(f, p)
	if err != nil {
		t.Fatal(err)
	}
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
