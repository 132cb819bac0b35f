package stream

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Memory is the in-process Stream: one broker in memory, shared by every
// client Connect returns, with the same delivery contract as the
// distributed implementation. It keeps every message for its lifetime
// (a group created late still sees all of them), so it suits one process
// and tests, not an unbounded feed.
type Memory struct {
	b      *broker
	closed atomic.Bool
	once   sync.Once
	done   chan struct{}
}

// NewMemory returns a client of a new, empty in-memory broker.
func NewMemory(cfg Config) *Memory {
	b := &broker{cfg: cfg.WithDefaults(), ids: map[string]time.Time{}, groups: map[string]*group{},
		wake: make(chan struct{}), now: time.Now}
	return &Memory{b: b, done: make(chan struct{})}
}

// Connect returns another client of the same broker, as a second process
// would connect to one server; closing it does not affect the others.
func (m *Memory) Connect() *Memory {
	return &Memory{b: m.b, done: make(chan struct{})}
}

type broker struct {
	cfg    Config
	mu     sync.Mutex
	log    []memMsg
	ids    map[string]time.Time // id -> publication, for de-duplication
	groups map[string]*group
	dead   []DeadLetter
	wake   chan struct{} // closed and replaced on every change
	token  int64
	now    func() time.Time
}

type memMsg struct {
	id   string
	data []byte
}

// group is one consumer group's view of the log: messages before next
// were delivered at least once; those not done are in flight or retry.
type group struct {
	next     int
	attempts map[int]int
	done     map[int]bool // acknowledged or dead
	retry    []retryItem
	inflight map[int64]*flight
}

type retryItem struct {
	seq       int
	notBefore time.Time
}

type flight struct {
	seq      int
	deadline time.Time
	client   *Memory
}

// changed wakes every waiting consumer; b.mu must be held.
func (b *broker) changed() {
	close(b.wake)
	b.wake = make(chan struct{})
}

func (m *Memory) isClosed() bool { return m.closed.Load() }

// Publish implements Stream.
func (m *Memory) Publish(ctx context.Context, doc model.RawDoc) (Receipt, error) {
	if err := ctx.Err(); err != nil {
		return Receipt{}, err
	}
	if m.isClosed() {
		return Receipt{}, fmt.Errorf("stream: publishing %s: %w", doc.Origin, ErrClosed)
	}
	b := m.b
	data, err := Encode(doc, b.cfg.MaxMessageBytes)
	if err != nil {
		return Receipt{}, err
	}
	id := MessageID(doc)
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	if t, ok := b.ids[id]; ok && now.Sub(t) < b.cfg.DedupWindow {
		return Receipt{ID: id, Duplicate: true}, nil
	}
	if len(b.log)%1024 == 1023 {
		for k, t := range b.ids {
			if now.Sub(t) >= b.cfg.DedupWindow {
				delete(b.ids, k)
			}
		}
	}
	b.ids[id] = now
	b.log = append(b.log, memMsg{id: id, data: data})
	b.changed()
	return Receipt{ID: id}, nil
}

// Consume implements Stream.
func (m *Memory) Consume(ctx context.Context, group string, opts ConsumeOptions, h Handler) error {
	if err := ValidGroup(group); err != nil {
		return err
	}
	if m.isClosed() {
		return fmt.Errorf("stream: consuming %s: %w", group, ErrClosed)
	}
	n := max(opts.Concurrency, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-m.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				d, ok := m.b.next(ctx, group, m)
				if !ok {
					return
				}
				m.handle(ctx, group, d, h)
			}
		}()
	}
	wg.Wait()
	if m.isClosed() {
		return fmt.Errorf("stream: consuming %s: %w", group, ErrClosed)
	}
	return nil
}

// delivery is a message handed to one consumer.
type delivery struct {
	token   int64
	seq     int
	attempt int
	msg     memMsg
}

// next waits for the group's next deliverable message: a retry that is
// due (or one whose consumer went silent past AckWait), else the next
// message of the log. It returns false once ctx is done.
func (b *broker) next(ctx context.Context, name string, client *Memory) (delivery, bool) {
	for {
		if ctx.Err() != nil {
			return delivery{}, false
		}
		b.mu.Lock()
		g := b.groups[name]
		if g == nil {
			g = &group{attempts: map[int]int{}, done: map[int]bool{}, inflight: map[int64]*flight{}}
			b.groups[name] = g
		}
		now := b.now()
		wait := time.Duration(-1)
		soonest := func(t time.Time) {
			if d := t.Sub(now); wait < 0 || d < wait {
				wait = d
			}
		}
		// A live client's handler may run as long as it needs (the
		// distributed consumer keeps extending its deadline); a closed
		// client's messages come back once AckWait has passed.
		for tok, f := range g.inflight {
			switch {
			case !f.client.isClosed():
			case !now.Before(f.deadline):
				delete(g.inflight, tok)
				g.retry = append(g.retry, retryItem{seq: f.seq, notBefore: now})
			default:
				soonest(f.deadline)
			}
		}
		seq := -1
		best := -1
		for i, r := range g.retry {
			if g.done[r.seq] {
				continue
			}
			if now.Before(r.notBefore) {
				soonest(r.notBefore)
				continue
			}
			if best < 0 || r.notBefore.Before(g.retry[best].notBefore) {
				best = i
			}
		}
		if best >= 0 {
			seq = g.retry[best].seq
		}
		// Drop the chosen retry and those already done.
		kept := g.retry[:0]
		for i, r := range g.retry {
			if i != best && !g.done[r.seq] {
				kept = append(kept, r)
			}
		}
		g.retry = kept
		if seq < 0 && g.next < len(b.log) {
			seq = g.next
			g.next++
		}
		if seq >= 0 {
			g.attempts[seq]++
			att := g.attempts[seq]
			if att > b.cfg.MaxAttempts {
				b.bury(g, name, seq, att-1, fmt.Sprintf("no answer after %d deliveries (consumer stopped or died)", att-1))
				b.mu.Unlock()
				continue
			}
			b.token++
			g.inflight[b.token] = &flight{seq: seq, deadline: now.Add(b.cfg.AckWait), client: client}
			d := delivery{token: b.token, seq: seq, attempt: att, msg: b.log[seq]}
			b.mu.Unlock()
			return d, true
		}
		wake := b.wake
		b.mu.Unlock()
		var t *time.Timer
		var timer <-chan time.Time
		if wait >= 0 {
			t = time.NewTimer(wait + time.Millisecond)
			timer = t.C
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-timer:
		}
		if t != nil {
			t.Stop()
		}
		if ctx.Err() != nil {
			return delivery{}, false
		}
	}
}

// bury makes message seq of group g a dead letter; b.mu must be held.
func (b *broker) bury(g *group, name string, seq, attempts int, reason string) {
	g.done[seq] = true
	m := b.log[seq]
	dl := DeadLetter{ID: m.id, Group: name, Attempts: attempts, Reason: reason, At: b.now()}
	if doc, err := Decode(m.data, b.cfg.MaxMessageBytes); err == nil {
		dl.Doc, dl.Origin = doc, doc.Origin
	}
	b.dead = append(b.dead, dl)
	b.changed()
}

// handle runs h on one delivery and settles it: ack, retry with backoff,
// release or bury. A client closed meanwhile settles nothing, like a dead
// process: the message comes back after AckWait.
func (m *Memory) handle(ctx context.Context, name string, d delivery, h Handler) {
	b := m.b
	var herr error
	doc, err := Decode(d.msg.data, b.cfg.MaxMessageBytes)
	if err != nil {
		herr = Permanent(err)
	} else {
		herr = safeHandle(ctx, h, Message{ID: d.msg.id, Doc: doc, Attempt: d.attempt})
	}
	if m.isClosed() {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	g := b.groups[name]
	_, held := g.inflight[d.token]
	delete(g.inflight, d.token)
	switch {
	case herr == nil:
		g.done[d.seq] = true
	case !held || g.done[d.seq]:
		// Already given to another consumer after a timeout, or done.
	case ctx.Err() != nil:
		g.retry = append(g.retry, retryItem{seq: d.seq, notBefore: b.now()})
	case IsPermanent(herr) || d.attempt >= b.cfg.MaxAttempts:
		b.bury(g, name, d.seq, d.attempt, herr.Error())
	default:
		g.retry = append(g.retry, retryItem{seq: d.seq, notBefore: b.now().Add(b.cfg.Backoff(d.attempt))})
	}
	b.changed()
}

// safeHandle turns a handler panic into an error, as a worker process
// would otherwise die on it.
func safeHandle(ctx context.Context, h Handler, m Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("stream: %s: handler panic: %v", m.Doc.Origin, r)
		}
	}()
	return h(ctx, m)
}

// Pending implements Stream.
func (m *Memory) Pending(ctx context.Context, group string) (int, error) {
	if err := ValidGroup(group); err != nil {
		return 0, err
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	b := m.b
	b.mu.Lock()
	defer b.mu.Unlock()
	g := b.groups[group]
	if g == nil {
		return len(b.log), nil
	}
	return len(b.log) - len(g.done), nil
}

// DeadLetters implements Stream.
func (m *Memory) DeadLetters(ctx context.Context) ([]DeadLetter, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := m.b
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]DeadLetter(nil), b.dead...), nil
}

// Close implements Stream: this client's consumers stop and whatever they
// hold unanswered is redelivered after AckWait.
// Closing twice is harmless.
func (m *Memory) Close() error {
	m.once.Do(func() {
		m.closed.Store(true)
		close(m.done)
		m.b.mu.Lock()
		m.b.changed() // its messages' deadlines now count
		m.b.mu.Unlock()
	})
	return nil
}
