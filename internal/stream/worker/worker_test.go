package worker_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/stream"
	"github.com/storyline-news/storyline/internal/stream/jetstream"
	"github.com/storyline-news/storyline/internal/stream/jetstream/natstest"
	"github.com/storyline-news/storyline/internal/stream/worker"
)

// now pins the reference time of both runs compared below.
var now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// killing wraps a stream so that the consumer is cancelled while it holds
// its n-th message, before the worker has prepared it: a worker killed
// mid-way.
type killing struct {
	stream.Stream
	n      int32
	cancel context.CancelFunc
	seen   atomic.Int32
	killed atomic.Bool
}

func (k *killing) Consume(ctx context.Context, group string, opts stream.ConsumeOptions, h stream.Handler) error {
	return k.Stream.Consume(ctx, group, opts, func(ctx context.Context, m stream.Message) error {
		if k.seen.Add(1) == k.n {
			k.killed.Store(true)
			k.cancel()
			<-ctx.Done()
		}
		return h(ctx, m)
	})
}

// memberships is the stories as sorted lists of their article ids.
func memberships(stories []*model.Story) []string {
	var out []string
	for _, s := range stories {
		ids := slices.Clone(s.Articles)
		slices.Sort(ids)
		out = append(out, strings.Join(ids, " "))
	}
	slices.Sort(out)
	return out
}

// TestDistributedSeeds publishes the seeds to a real nats-server, runs
// two workers into one store, kills one mid-way, regroups, and expects
// the stories `run` makes of the same files: nothing lost, nothing stored
// twice.
func TestDistributedSeeds(t *testing.T) {
	seeds := datasets.Seeds(t)
	// A lost message would keep worker B waiting: bound the whole test.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	url := natstest.Start(t)
	connect := func() *jetstream.Stream {
		s, err := jetstream.Connect(ctx, url, jetstream.Config{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}

	pub := connect()
	ps, err := worker.Publish(ctx, pub, []string{seeds}, nil, func(p pipeline.Problem) { t.Logf("publish: %v", p) })
	if err != nil {
		t.Fatal(err)
	}
	if ps.Published != 5 || ps.Duplicates != 0 {
		t.Fatalf("published %+v, want the 5 seed articles", ps)
	}
	again, err := worker.Publish(ctx, pub, []string{seeds}, nil, nil)
	if err != nil || again.Duplicates != 5 || again.Published != 0 {
		t.Fatalf("publishing the seeds again: %+v, %v; want 5 duplicates", again, err)
	}

	st := openStore(t)
	opts := worker.Options{Workers: 1, BatchSize: 2, Linger: 20 * time.Millisecond,
		Report: func(p pipeline.Problem) { t.Errorf("worker problem: %v", p) }}
	ctxA, cancelA := context.WithCancel(ctx)
	defer cancelA()
	a := &killing{Stream: connect(), n: 2, cancel: cancelA}
	var wg sync.WaitGroup
	var statsA, statsB worker.Stats
	var errA, errB error
	wg.Add(2)
	go func() { defer wg.Done(); statsA, errA = worker.Run(ctxA, a, st, opts) }()
	go func() {
		defer wg.Done()
		optsB := opts
		optsB.UntilIdle = true
		statsB, errB = worker.Run(ctx, connect(), st, optsB)
	}()
	wg.Wait()
	if errA != nil || errB != nil {
		t.Fatalf("workers: %v, %v", errA, errB)
	}
	if !a.killed.Load() {
		t.Fatalf("worker A handled %d messages and was never killed", a.seen.Load())
	}
	t.Logf("worker A (killed) stored %d, worker B %d", statsA.Articles, statsB.Articles)
	if got := statsA.Put.Inserted + statsB.Put.Inserted; got != 5 {
		t.Errorf("articles inserted %d times in all, want 5 (A %+v, B %+v)", got, statsA.Put, statsB.Put)
	}
	if n, err := pub.Pending(ctx, worker.DefaultGroup); err != nil || n != 0 {
		t.Errorf("Pending = %d, %v; want 0", n, err)
	}
	if dl, err := pub.DeadLetters(ctx); err != nil || len(dl) != 0 {
		t.Errorf("dead letters %+v, %v; want none", dl, err)
	}
	stats, err := st.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 5 {
		t.Errorf("store holds %d articles, want 5", stats.Articles)
	}

	got, _, err := pipeline.Run(ctx, st, nil, pipeline.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := pipeline.Run(ctx, openStore(t), []string{seeds}, pipeline.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := memberships(got.Stories), memberships(want.Stories); !slices.Equal(g, w) {
		t.Errorf("distributed stories %q, want run's %q", g, w)
	}
	if len(got.Storylines) != len(want.Storylines) {
		t.Errorf("%d storylines, want run's %d", len(got.Storylines), len(want.Storylines))
	}
	if len(want.Stories) < 2 {
		t.Errorf("run made %d stories of the seeds; the comparison needs the two the README names", len(want.Stories))
	}
}

// failingStore refuses the first PutArticles call, as a database that
// restarts would.
type failingStore struct {
	store.Store
	calls atomic.Int32
}

func (f *failingStore) PutArticles(ctx context.Context, as []*model.Article) (store.PutStats, error) {
	if f.calls.Add(1) <= 2 { // the batch, then the article alone
		return store.PutStats{}, errors.New("database restarting")
	}
	return f.Store.PutArticles(ctx, as)
}

// TestAckAfterStore checks that a message is acknowledged only once its
// article is stored: a store failure has it delivered again, and a
// document that is not an article becomes a dead letter at once.
func TestAckAfterStore(t *testing.T) {
	ctx := context.Background()
	s := stream.NewMemory(stream.Config{Backoff: func(int) time.Duration { return 10 * time.Millisecond }})
	good := model.RawDoc{ID: "talks", Origin: "talks.txt", Format: "text",
		Body: []byte("Putin and Kerry meet in Moscow\n\nMOSCOW, July 14. Russian President Vladimir Putin met US Secretary of State John Kerry in the Kremlin on Thursday.\n")}
	bad := model.RawDoc{ID: "empty", Origin: "empty.html", Format: "html", Body: []byte("<html></html>")}
	for _, d := range []model.RawDoc{good, bad} {
		if _, err := s.Publish(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	st := &failingStore{Store: openStore(t)}
	var problems []string
	var mu sync.Mutex
	stats, err := worker.Run(ctx, s, st, worker.Options{UntilIdle: true, BatchSize: 4, Linger: 5 * time.Millisecond,
		Report: func(p pipeline.Problem) { mu.Lock(); problems = append(problems, p.Input); mu.Unlock() }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Article(ctx, "talks"); err != nil {
		t.Errorf("article after a store failure and a retry: %v", err)
	}
	if stats.Articles != 1 || stats.Put.Inserted != 1 {
		t.Errorf("stats %+v, want 1 article inserted", stats)
	}
	dl, err := s.DeadLetters(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(dl) != 1 || dl[0].Origin != "empty.html" || dl[0].Attempts != 1 {
		t.Errorf("dead letters %+v, want empty.html after 1 attempt", dl)
	}
	if !slices.Contains(problems, "empty.html") {
		t.Errorf("problems %q, want empty.html reported", problems)
	}
}
