// Package streamtest is the conformance suite every stream.Stream
// implementation must pass: delivery, at-least-once redelivery after a
// handler error, a stopped consumer or a crashed one, de-duplication,
// work shared within a group, dead letters, cancellation and the size
// limit. An implementation's test calls Run with a Factory.
package streamtest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/stream"
)

// Factory starts a fresh, empty backend configured with cfg for one test
// and returns a function that connects a new client to it, as a separate
// process would. The suite closes the clients it connects.
type Factory func(t *testing.T, cfg stream.Config) (connect func() stream.Stream)

// waitLimit bounds every wait of the suite; reaching it is a failure,
// not a measurement.
const waitLimit = 30 * time.Second

// fast is the configuration of tests that need no redelivery timing.
func fast() stream.Config {
	return stream.Config{MaxAttempts: 3, Backoff: func(int) time.Duration { return 20 * time.Millisecond }}
}

// Run runs the suite.
func Run(t *testing.T, f Factory) {
	tests := []struct {
		name string
		run  func(*testing.T, Factory)
	}{
		{"Delivery", testDelivery},
		{"LargeDocument", testLargeDocument},
		{"Dedup", testDedup},
		{"RedeliverAfterError", testRedeliverAfterError},
		{"RedeliverAfterStop", testRedeliverAfterStop},
		{"RedeliverAfterCrash", testRedeliverAfterCrash},
		{"SharedGroup", testSharedGroup},
		{"IndependentGroups", testIndependentGroups},
		{"DeadLetter", testDeadLetter},
		{"Cancellation", testCancellation},
		{"TooLarge", testTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, f) })
	}
}

func open(t *testing.T, connect func() stream.Stream) stream.Stream {
	t.Helper()
	s := connect()
	t.Cleanup(func() { s.Close() })
	return s
}

// doc makes the i-th test document; every field is set so round trips are
// checked in full.
func doc(i int) model.RawDoc {
	return model.RawDoc{
		ID: fmt.Sprintf("doc-%03d", i), Origin: fmt.Sprintf("feeds/wire-%03d.html", i),
		URL: fmt.Sprintf("https://example.org/news/%d", i), Format: "html",
		Body:  []byte(fmt.Sprintf("<html><body><h1>Talks %d</h1><p>Ministers met on Thursday. «Cité» – ok</p></body></html>", i)),
		Title: fmt.Sprintf("Talks %d", i), Text: "Ministers met.", Source: "Wire", Author: "A. Writer",
		Published: "2016-07-15", Language: "en", Label: "e1",
		Fetched: time.Date(2016, 7, 15, 10, 30, 0, 0, time.UTC),
	}
}

func sameDoc(a, b model.RawDoc) bool {
	return a.ID == b.ID && a.Origin == b.Origin && a.URL == b.URL && a.Format == b.Format &&
		bytes.Equal(a.Body, b.Body) && a.Title == b.Title && a.Text == b.Text && a.Source == b.Source &&
		a.Author == b.Author && a.Published == b.Published && a.Language == b.Language &&
		a.Label == b.Label && a.Fetched.Equal(b.Fetched)
}

func publish(t *testing.T, s stream.Stream, docs ...model.RawDoc) []string {
	t.Helper()
	var ids []string
	for _, d := range docs {
		r, err := s.Publish(context.Background(), d)
		if err != nil {
			t.Fatalf("Publish(%s): %v", d.Origin, err)
		}
		if r.Duplicate {
			t.Fatalf("Publish(%s): reported duplicate on first publication", d.Origin)
		}
		ids = append(ids, r.ID)
	}
	return ids
}

// consume runs Consume in the background; the returned stop cancels it
// and returns what Consume returned.
func consume(t *testing.T, s stream.Stream, group string, n int, h stream.Handler) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Consume(ctx, group, stream.ConsumeOptions{Concurrency: n}, h) }()
	var once sync.Once
	var result error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case result = <-done:
			case <-time.After(waitLimit):
				result = errors.New("Consume did not return after its context was cancelled")
			}
		})
		return result
	}
	t.Cleanup(func() { stop() })
	return stop
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func pending(t *testing.T, s stream.Stream, group string) int {
	t.Helper()
	n, err := s.Pending(context.Background(), group)
	if err != nil {
		t.Fatalf("Pending(%s): %v", group, err)
	}
	return n
}

// recorder collects what handlers saw.
type recorder struct {
	mu   sync.Mutex
	msgs []stream.Message
	n    map[string]int // deliveries by message id
}

func newRecorder() *recorder { return &recorder{n: map[string]int{}} }

func (r *recorder) add(m stream.Message) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	r.n[m.ID]++
	return r.n[m.ID]
}

func (r *recorder) distinct() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.n)
}

func (r *recorder) count(id string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n[id]
}

func testDelivery(t *testing.T, f Factory) {
	s := open(t, f(t, fast()))
	var docs []model.RawDoc
	for i := range 20 {
		docs = append(docs, doc(i))
	}
	ids := publish(t, s, docs...)
	if got := pending(t, s, "workers"); got != 20 {
		t.Fatalf("Pending before consuming = %d, want 20", got)
	}
	rec := newRecorder()
	stop := consume(t, s, "workers", 4, func(_ context.Context, m stream.Message) error {
		rec.add(m)
		return nil
	})
	waitFor(t, "20 messages acknowledged", func() bool { return pending(t, s, "workers") == 0 })
	if err := stop(); err != nil {
		t.Fatalf("Consume after cancel: %v, want nil", err)
	}
	byID := map[string]model.RawDoc{}
	for i, id := range ids {
		byID[id] = docs[i]
	}
	if len(rec.msgs) != 20 {
		t.Errorf("handled %d messages, want 20", len(rec.msgs))
	}
	for _, m := range rec.msgs {
		want, ok := byID[m.ID]
		switch {
		case !ok:
			t.Errorf("message id %q was never published", m.ID)
		case !sameDoc(m.Doc, want):
			t.Errorf("message %s: got %+v, want %+v", m.ID, m.Doc, want)
		case m.Attempt != 1:
			t.Errorf("message %s: Attempt %d, want 1", m.ID, m.Attempt)
		}
	}
	if dl, err := s.DeadLetters(context.Background()); err != nil || len(dl) != 0 {
		t.Errorf("DeadLetters = %d, %v; want none", len(dl), err)
	}
}

// testLargeDocument sends a binary body of a few megabytes under the
// default limit: it must round trip byte for byte.
func testLargeDocument(t *testing.T, f Factory) {
	s := open(t, f(t, stream.Config{}))
	d := doc(1)
	rng := rand.New(rand.NewPCG(1, 2))
	d.Body = make([]byte, 2<<20) // over the 1 MB a NATS server allows by default
	for i := 0; i < len(d.Body); i += 8 {
		binary.LittleEndian.PutUint64(d.Body[i:], rng.Uint64())
	}
	publish(t, s, d)
	got := make(chan stream.Message, 1)
	stop := consume(t, s, "big", 1, func(_ context.Context, m stream.Message) error {
		got <- m
		return nil
	})
	var m stream.Message
	select {
	case m = <-got:
	case <-time.After(waitLimit):
		t.Fatal("large document not delivered")
	}
	stop()
	if !sameDoc(m.Doc, d) {
		t.Errorf("large document changed in transit (body %d bytes, want %d)", len(m.Doc.Body), len(d.Body))
	}
}

func testDedup(t *testing.T, f Factory) {
	s := open(t, f(t, fast()))
	ctx := context.Background()
	d := doc(7)
	first := publish(t, s, d)[0]
	again := d
	again.Fetched = d.Fetched.Add(time.Hour) // read again later: the same message
	r, err := s.Publish(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Duplicate || r.ID != first {
		t.Errorf("republishing: %+v, want duplicate of %s", r, first)
	}
	changed := d
	changed.Body = append([]byte(nil), d.Body...)
	changed.Body[len(changed.Body)-1] = '!'
	r, err = s.Publish(ctx, changed)
	if err != nil {
		t.Fatal(err)
	}
	if r.Duplicate || r.ID == first {
		t.Errorf("changed content: %+v, want a new message", r)
	}
	if got := pending(t, s, "g"); got != 2 {
		t.Errorf("Pending = %d, want 2 (one duplicate dropped)", got)
	}
}

func testRedeliverAfterError(t *testing.T, f Factory) {
	s := open(t, f(t, fast()))
	ids := publish(t, s, doc(1), doc(2))
	rec := newRecorder()
	stop := consume(t, s, "g", 2, func(_ context.Context, m stream.Message) error {
		if n := rec.add(m); n != m.Attempt {
			return stream.Permanent(fmt.Errorf("delivery %d reported as attempt %d", n, m.Attempt))
		}
		if m.ID == ids[0] && m.Attempt == 1 {
			return errors.New("store unavailable")
		}
		return nil
	})
	waitFor(t, "both acknowledged", func() bool { return pending(t, s, "g") == 0 })
	stop()
	if got := rec.count(ids[0]); got != 2 {
		t.Errorf("failed message delivered %d times, want 2", got)
	}
	if got := rec.count(ids[1]); got != 1 {
		t.Errorf("good message delivered %d times, want 1", got)
	}
	if dl, _ := s.DeadLetters(context.Background()); len(dl) != 0 {
		t.Errorf("dead letters %+v, want none", dl)
	}
}

// testRedeliverAfterStop stops a consumer while its handler holds a
// message: the handler sees the cancellation and gives up, and another
// consumer of the group gets the message.
func testRedeliverAfterStop(t *testing.T, f Factory) {
	connect := f(t, fast())
	a, b := open(t, connect), open(t, connect)
	id := publish(t, a, doc(3))[0]
	held := make(chan struct{})
	stopA := consume(t, a, "g", 1, func(ctx context.Context, m stream.Message) error {
		close(held)
		<-ctx.Done()
		return ctx.Err()
	})
	<-held
	if err := stopA(); err != nil {
		t.Fatalf("stopped consumer returned %v, want nil", err)
	}
	got := make(chan stream.Message, 4)
	stopB := consume(t, b, "g", 1, func(_ context.Context, m stream.Message) error {
		got <- m
		return nil
	})
	select {
	case m := <-got:
		if m.ID != id || m.Attempt != 2 {
			t.Errorf("redelivered %s attempt %d, want %s attempt 2", m.ID, m.Attempt, id)
		}
	case <-time.After(waitLimit):
		t.Fatal("message held by a stopped consumer was not redelivered")
	}
	waitFor(t, "acknowledged", func() bool { return pending(t, b, "g") == 0 })
	stopB()
}

// testRedeliverAfterCrash closes a client whose handler still holds a
// message, as when its process dies: the handler's late success must not
// count, and the message goes to another client after AckWait.
func testRedeliverAfterCrash(t *testing.T, f Factory) {
	cfg := fast()
	cfg.AckWait = time.Second
	connect := f(t, cfg)
	a, b := connect(), open(t, connect)
	id := publish(t, b, doc(4))[0]
	held, release := make(chan struct{}), make(chan struct{})
	doneA := make(chan error, 1)
	go func() {
		doneA <- a.Consume(context.Background(), "g", stream.ConsumeOptions{Concurrency: 1}, func(context.Context, stream.Message) error {
			close(held)
			<-release
			return nil // too late: the client is gone
		})
	}()
	<-held
	a.Close()
	got := make(chan stream.Message, 4)
	stopB := consume(t, b, "g", 1, func(_ context.Context, m stream.Message) error {
		got <- m
		return nil
	})
	select {
	case m := <-got:
		if m.ID != id || m.Attempt != 2 {
			t.Errorf("redelivered %s attempt %d, want %s attempt 2", m.ID, m.Attempt, id)
		}
	case <-time.After(waitLimit):
		t.Fatal("message held by a crashed client was not redelivered")
	}
	close(release)
	select {
	case err := <-doneA:
		if !errors.Is(err, stream.ErrClosed) {
			t.Errorf("Consume on a closed client returned %v, want ErrClosed", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Consume of the closed client did not return")
	}
	waitFor(t, "acknowledged", func() bool { return pending(t, b, "g") == 0 })
	stopB()
}

// testSharedGroup has two clients consume one group: each message is
// handled once, by one of them, and both take part.
func testSharedGroup(t *testing.T, f Factory) {
	connect := f(t, fast())
	a, b := open(t, connect), open(t, connect)
	var docs []model.RawDoc
	for i := range 40 {
		docs = append(docs, doc(i))
	}
	ids := publish(t, a, docs...)
	rec := newRecorder()
	// Each consumer holds its first message until the other has one too,
	// so the work is provably shared.
	var started sync.WaitGroup
	started.Add(2)
	both := make(chan struct{})
	go func() { started.Wait(); close(both) }()
	handler := func(who string, count *int) stream.Handler {
		var first sync.Once
		return func(_ context.Context, m stream.Message) error {
			first.Do(func() {
				started.Done()
				select {
				case <-both:
				case <-time.After(waitLimit):
				}
			})
			rec.add(m)
			rec.mu.Lock()
			*count++
			rec.mu.Unlock()
			return nil
		}
	}
	var na, nb int
	stopA := consume(t, a, "g", 1, handler("a", &na))
	stopB := consume(t, b, "g", 1, handler("b", &nb))
	waitFor(t, "40 messages handled", func() bool { return rec.distinct() == 40 && pending(t, a, "g") == 0 })
	stopA()
	stopB()
	for _, id := range ids {
		if n := rec.count(id); n != 1 {
			t.Errorf("message %s handled %d times, want once", id, n)
		}
	}
	select {
	case <-both:
	default:
		t.Error("the two consumers did not both receive work")
	}
	if na+nb != 40 || na == 0 || nb == 0 {
		t.Errorf("split %d + %d, want 40 in all and both > 0", na, nb)
	}
}

func testIndependentGroups(t *testing.T, f Factory) {
	s := open(t, f(t, fast()))
	publish(t, s, doc(1), doc(2), doc(3))
	for _, g := range []string{"extract", "archive"} {
		rec := newRecorder()
		stop := consume(t, s, g, 1, func(_ context.Context, m stream.Message) error {
			rec.add(m)
			return nil
		})
		waitFor(t, "group "+g+" done", func() bool { return pending(t, s, g) == 0 })
		stop()
		if rec.distinct() != 3 {
			t.Errorf("group %s saw %d messages, want all 3", g, rec.distinct())
		}
	}
}

func testDeadLetter(t *testing.T, f Factory) {
	s := open(t, f(t, fast()))
	d1, d2, d3 := doc(1), doc(2), doc(3)
	ids := publish(t, s, d1, d2, d3)
	rec := newRecorder()
	stop := consume(t, s, "g", 2, func(_ context.Context, m stream.Message) error {
		rec.add(m)
		switch m.ID {
		case ids[0]:
			return fmt.Errorf("extract: %s: boom", m.Doc.Origin)
		case ids[1]:
			return stream.Permanent(fmt.Errorf("extract: %s: not an article", m.Doc.Origin))
		}
		return nil
	})
	waitFor(t, "all settled", func() bool { return pending(t, s, "g") == 0 })
	stop()
	if got := rec.count(ids[0]); got != 3 {
		t.Errorf("failing message delivered %d times, want MaxAttempts 3", got)
	}
	if got := rec.count(ids[1]); got != 1 {
		t.Errorf("permanently failing message delivered %d times, want 1", got)
	}
	dl, err := s.DeadLetters(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(dl) != 2 {
		t.Fatalf("dead letters %+v, want 2", dl)
	}
	want := map[string]struct {
		doc      model.RawDoc
		attempts int
		reason   string
	}{
		ids[0]: {d1, 3, "boom"},
		ids[1]: {d2, 1, "not an article"},
	}
	for _, l := range dl {
		w, ok := want[l.ID]
		if !ok {
			t.Errorf("dead letter for %s, which should have succeeded", l.ID)
			continue
		}
		if l.Group != "g" || l.Origin != w.doc.Origin || l.Attempts != w.attempts ||
			!strings.Contains(l.Reason, w.reason) || !strings.Contains(l.Reason, w.doc.Origin) || !sameDoc(l.Doc, w.doc) {
			t.Errorf("dead letter %+v, want group g, origin %s, %d attempts, reason with %q", l, w.doc.Origin, w.attempts, w.reason)
		}
	}
}

func testCancellation(t *testing.T, f Factory) {
	connect := f(t, fast())
	s := open(t, connect)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Publish(ctx, doc(1)); err == nil {
		t.Error("Publish with a cancelled context succeeded")
	}
	if err := s.Consume(context.Background(), "no.dots", stream.ConsumeOptions{}, nil); !errors.Is(err, stream.ErrInvalid) {
		t.Errorf("Consume with group %q: %v, want ErrInvalid", "no.dots", err)
	}

	// An idle consumer returns nil once cancelled and handles nothing
	// published after.
	var calls int
	var mu sync.Mutex
	stop := consume(t, s, "g", 3, func(context.Context, stream.Message) error {
		mu.Lock()
		calls++
		mu.Unlock()
		return nil
	})
	if err := stop(); err != nil {
		t.Errorf("Consume returned %v after cancel, want nil", err)
	}
	publish(t, s, doc(2))
	if got := pending(t, s, "g"); got != 1 {
		t.Errorf("Pending after the consumer stopped = %d, want 1", got)
	}
	mu.Lock()
	if calls != 0 {
		t.Errorf("handler called %d times after stop", calls)
	}
	mu.Unlock()

	closed := connect()
	closed.Close()
	if err := closed.Consume(context.Background(), "g", stream.ConsumeOptions{}, func(context.Context, stream.Message) error { return nil }); !errors.Is(err, stream.ErrClosed) {
		t.Errorf("Consume on a closed stream: %v, want ErrClosed", err)
	}
	if _, err := closed.Publish(context.Background(), doc(3)); !errors.Is(err, stream.ErrClosed) {
		t.Errorf("Publish on a closed stream: %v, want ErrClosed", err)
	}
}

func testTooLarge(t *testing.T, f Factory) {
	cfg := fast()
	cfg.MaxMessageBytes = 64 << 10
	s := open(t, f(t, cfg))
	d := doc(9)
	d.Body = bytes.Repeat([]byte("<p>A very long page.</p>"), 4<<10) // 96 KB
	_, err := s.Publish(context.Background(), d)
	if !errors.Is(err, stream.ErrTooLarge) || !strings.Contains(err.Error(), d.Origin) {
		t.Errorf("Publish of a 96 KB document with a 64 KB limit: %v, want ErrTooLarge naming %s", err, d.Origin)
	}
	small := doc(10)
	small.Body = bytes.Repeat([]byte("<p>Fits.</p>"), 4<<10) // 48 KB: fits
	publish(t, s, small)
	if got := pending(t, s, "g"); got != 1 {
		t.Errorf("Pending = %d, want 1 (only the document that fits)", got)
	}
}
