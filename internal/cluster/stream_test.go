package cluster_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
)

// streamDocs is a small stream with repeated events, copies, an undated
// article, an empty one and a repeated id.
func streamDocs() []cluster.Doc {
	docs := synthetic()
	for i := 0; i < 40; i++ {
		docs = append(docs, cluster.Doc{ID: fmt.Sprintf("x%d", i), Title: fmt.Sprintf("Storm %d hits Varna coast", i%5),
			Text:      fmt.Sprintf("VARNA, Jul 15 (Wire) _ Storm number %d brought winds of %d km/h to the Varna coast, said Mayor Ivo Petkov. Ferries stopped in 2016.", i%5, 80+i),
			Language:  "en",
			Published: day("2016-07-20").Add(time.Duration(i) * time.Hour)})
	}
	docs = append(docs, cluster.Doc{ID: "undated", Title: "Storm 1 hits Varna coast", Text: "Storm number 1 brought winds to the Varna coast."},
		cluster.Doc{ID: "empty"}, docs[3])
	return docs
}

// TestAddAllMatchesAdd: the pipelined entry point assigns exactly as Add
// one by one, whatever the number of workers.
func TestAddAllMatchesAdd(t *testing.T) {
	docs := streamDocs()
	_, want := run(docs)
	for _, workers := range []int{1, 2, 5} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			c := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
			got, err := c.AddAll(context.Background(), docs, workers)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				for i := range want {
					if i < len(got) && !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("doc %d (%s): got %+v, want %+v", i, docs[i].ID, got[i], want[i])
					}
				}
				t.Fatalf("got %d assignments, want %d", len(got), len(want))
			}
		})
	}
}

// TestAnalyzeIndependentOfCache: an analyzer's caches never change what
// it returns, and analyses from one analyzer serve several clusterers.
func TestAnalyzeIndependentOfCache(t *testing.T) {
	docs := streamDocs()
	warm := cluster.NewAnalyzer(cluster.DefaultOptions().Dedup)
	for _, d := range docs {
		warm.Analyze(d)
	}
	for i, d := range docs {
		a, b := warm.Analyze(d), cluster.NewAnalyzer(cluster.DefaultOptions().Dedup).Analyze(d)
		if !sameCounts(a.Body, b.Body) || !sameCounts(a.Ents, b.Ents) || !reflect.DeepEqual(a.Head, b.Head) || !reflect.DeepEqual(a.HeadHash, b.HeadHash) ||
			!reflect.DeepEqual(a.Sig, b.Sig) || !reflect.DeepEqual(a.Places, b.Places) {
			t.Fatalf("doc %d: warm and cold analyses differ:\n%+v\n%+v", i, a.Body, b.Body)
		}
	}
	var as []*cluster.Analyzed
	for _, d := range docs {
		as = append(as, warm.Analyze(d))
	}
	_, want := run(docs)
	for k := 0; k < 2; k++ {
		c := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
		for i, a := range as {
			if got := c.AddAnalyzed(a); !reflect.DeepEqual(got, want[i]) {
				t.Fatalf("replay %d, doc %d: got %+v, want %+v", k, i, got, want[i])
			}
		}
	}
}

func TestAddAllCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
	got, err := c.AddAll(ctx, streamDocs(), 2)
	if err == nil || len(got) == len(streamDocs()) {
		t.Fatalf("cancelled: %d assignments, err %v", len(got), err)
	}
}

func sameCounts(a, b []cluster.TermCount) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Term != b[i].Term || a[i].Count != b[i].Count || a[i].Hash != b[i].Hash {
			return false
		}
	}
	return true
}

// TestPrepareAllStoppedEarly: when the caller stops a PrepareAll stream,
// the articles prepared ahead but not added are kept, so adding the rest
// of the stream afterwards (here with Add) assigns exactly as one
// uninterrupted run.
func TestPrepareAllStoppedEarly(t *testing.T) {
	docs := streamDocs()
	_, want := run(docs)
	for _, stop := range []int{0, 1, 7, 30, len(docs) - 1} {
		t.Run(fmt.Sprint(stop), func(t *testing.T) {
			c := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
			seq := func(yield func(cluster.Doc) bool) {
				for _, d := range docs {
					if !yield(d) {
						return
					}
				}
			}
			var got []cluster.Assignment
			ctx := context.Background()
			for p := range c.PrepareAll(ctx, cluster.AnalyzeAll(ctx, seq, 2, cluster.DefaultOptions().Dedup)) {
				if len(got) == stop {
					break
				}
				got = append(got, c.AddPrepared(p))
			}
			for _, d := range docs[len(got):] {
				got = append(got, c.Add(d))
			}
			if !reflect.DeepEqual(got, want) {
				for i := range want {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("doc %d (%s): got %+v, want %+v", i, docs[i].ID, got[i], want[i])
					}
				}
			}
		})
	}
}

// TestPrepareOtherClusterer: an article prepared by one Clusterer cannot
// be added to another (its term ids are the first one's).
func TestPrepareOtherClusterer(t *testing.T) {
	c1 := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
	c2 := cluster.New(cluster.DefaultModel(), cluster.Options{Now: day("2020-01-01")})
	p := c1.Prepare(c1.Analyzer().Analyze(streamDocs()[0]))
	defer func() {
		if recover() == nil {
			t.Fatal("AddPrepared accepted another Clusterer's article")
		}
	}()
	c2.AddPrepared(p)
}
