// Package jetstream implements stream.Stream on NATS JetStream, for the
// distributed mode: documents are messages of one JetStream stream
// (limits retention, file storage, de-duplicated by the Nats-Msg-Id
// header), each group is a durable pull consumer with explicit acks that
// any number of workers share, and dead letters go to a second stream.
// Attempts are JetStream's delivery count, so they survive worker
// restarts.
package jetstream

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/stream"
)

// Headers of dead-letter messages (the original message is the body).
const (
	HeaderGroup    = "Storyline-Group"
	HeaderID       = "Storyline-Id"
	HeaderReason   = "Storyline-Reason"
	HeaderAttempts = "Storyline-Attempts"
	HeaderOrigin   = "Storyline-Origin"
)

// headerRoom is what a message's headers and subject may take beside its
// body in the server's payload limit.
const headerRoom = 4 << 10

// pollWait is how long one pull request waits for a message; it bounds
// how late a consumer notices that its context was cancelled.
const pollWait = 500 * time.Millisecond

// Config configures the JetStream implementation; the zero value is
// usable.
type Config struct {
	stream.Config
	// Stream names the JetStream stream (default "STORYLINE") and Subject
	// its subject (default "storyline.docs").
	Stream, Subject string
	// DeadStream and DeadSubject hold the dead letters (default Stream +
	// "_DEAD" and "storyline.dead").
	DeadStream, DeadSubject string
	// MaxAge is how long messages are kept (default 7 days): every group,
	// even one created later, sees the messages of that period.
	MaxAge time.Duration
	// Replicas of the streams in a cluster (default 1).
	Replicas int
}

func (c Config) withDefaults() Config {
	c.Config = c.Config.WithDefaults()
	if c.Stream == "" {
		c.Stream = "STORYLINE"
	}
	if c.Subject == "" {
		c.Subject = "storyline.docs"
	}
	if c.DeadStream == "" {
		c.DeadStream = c.Stream + "_DEAD"
	}
	if c.DeadSubject == "" {
		c.DeadSubject = "storyline.dead"
	}
	if c.MaxAge <= 0 {
		c.MaxAge = 7 * 24 * time.Hour
	}
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	return c
}

// Stream is a stream.Stream over one NATS connection.
type Stream struct {
	cfg    Config
	nc     *nats.Conn
	owned  bool
	js     jetstream.JetStream
	closed chan struct{}
	once   sync.Once
}

// Connect dials the NATS server at url and opens the stream on it; Close
// closes the connection.
func Connect(ctx context.Context, url string, cfg Config) (*Stream, error) {
	nc, err := nats.Connect(url, nats.Name("storyline"), nats.MaxReconnects(-1))
	if err != nil {
		return nil, fmt.Errorf("stream: connecting to %s: %w", url, err)
	}
	s, err := New(ctx, nc, cfg)
	if err != nil {
		nc.Close()
		return nil, err
	}
	s.owned = true
	return s, nil
}

// New opens the stream on an existing connection, creating or updating
// the JetStream streams it needs. Close leaves the connection open.
func New(ctx context.Context, nc *nats.Conn, cfg Config) (*Stream, error) {
	cfg = cfg.withDefaults()
	if room := int(nc.MaxPayload()) - headerRoom; room < 1<<20 {
		return nil, fmt.Errorf("stream: server %s allows %d-byte messages: want at least 1 MB (max_payload)", nc.ConnectedUrlRedacted(), nc.MaxPayload())
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("stream: jetstream on %s: %w", nc.ConnectedUrlRedacted(), err)
	}
	maxMsg := int32(min(int64(cfg.MaxMessageBytes)+headerRoom, int64(nc.MaxPayload())))
	for _, sc := range []jetstream.StreamConfig{
		{Name: cfg.Stream, Subjects: []string{cfg.Subject}},
		{Name: cfg.DeadStream, Subjects: []string{cfg.DeadSubject}},
	} {
		sc.Retention = jetstream.LimitsPolicy
		sc.Storage = jetstream.FileStorage
		sc.MaxAge = cfg.MaxAge
		sc.Duplicates = min(cfg.DedupWindow, cfg.MaxAge)
		sc.MaxMsgSize = maxMsg
		sc.Replicas = cfg.Replicas
		if err := ensureStream(ctx, js, sc); err != nil {
			return nil, err
		}
	}
	return &Stream{cfg: cfg, nc: nc, js: js, closed: make(chan struct{})}, nil
}

// ensureStream creates the JetStream stream, or updates it when its
// settings differ from sc. An existing stream with the same settings is
// left alone: every worker opens the stream, and a needless update
// racing another worker's consumer creation is a data race inside
// nats-server v2.15.2 (seen under -race).
func ensureStream(ctx context.Context, js jetstream.JetStream, sc jetstream.StreamConfig) error {
	st, err := js.Stream(ctx, sc.Name)
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound):
		_, err = js.CreateStream(ctx, sc)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			// Another worker created it meanwhile, differently.
			_, err = js.UpdateStream(ctx, sc)
		}
	case err == nil:
		cur := st.CachedInfo().Config
		if !slices.Equal(cur.Subjects, sc.Subjects) || cur.Retention != sc.Retention || cur.Storage != sc.Storage ||
			cur.MaxAge != sc.MaxAge || cur.Duplicates != sc.Duplicates || cur.MaxMsgSize != sc.MaxMsgSize || cur.Replicas != sc.Replicas {
			_, err = js.UpdateStream(ctx, sc)
		}
	}
	if err != nil {
		return fmt.Errorf("stream: creating JetStream stream %s: %w", sc.Name, err)
	}
	return nil
}

func (s *Stream) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return s.nc.IsClosed()
	}
}

// Publish implements stream.Stream.
func (s *Stream) Publish(ctx context.Context, doc model.RawDoc) (stream.Receipt, error) {
	if s.isClosed() {
		return stream.Receipt{}, fmt.Errorf("stream: publishing %s: %w", doc.Origin, stream.ErrClosed)
	}
	data, err := stream.Encode(doc, s.cfg.MaxMessageBytes)
	if err != nil {
		return stream.Receipt{}, err
	}
	// The compressed form must also fit the server's payload limit.
	if room := int(s.nc.MaxPayload()) - headerRoom; len(data) > room {
		return stream.Receipt{}, fmt.Errorf("stream: %s: message is %d bytes compressed, over the server's %d-byte max_payload: %w",
			doc.Origin, len(data), s.nc.MaxPayload(), stream.ErrTooLarge)
	}
	id := stream.MessageID(doc)
	ack, err := s.js.Publish(ctx, s.cfg.Subject, data, jetstream.WithMsgID(id), jetstream.WithExpectStream(s.cfg.Stream))
	if err != nil {
		return stream.Receipt{}, fmt.Errorf("stream: publishing %s: %w", doc.Origin, err)
	}
	return stream.Receipt{ID: id, Duplicate: ack.Duplicate}, nil
}

// consumer opens the group's durable consumer, creating it when missing
// and updating it only when its settings differ (as ensureStream, to
// keep workers that start together from updating it under each other).
func (s *Stream) consumer(ctx context.Context, group string) (jetstream.Consumer, error) {
	cfg := jetstream.ConsumerConfig{
		Durable:       group,
		Description:   "storyline workers of group " + group,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       s.cfg.AckWait,
		MaxDeliver:    -1, // attempts are counted here, to dead-letter with a reason
		DeliverPolicy: jetstream.DeliverAllPolicy,
		FilterSubject: s.cfg.Subject,
	}
	c, err := s.js.Consumer(ctx, s.cfg.Stream, group)
	if err == nil {
		cur := c.CachedInfo().Config
		if cur.AckPolicy == cfg.AckPolicy && cur.AckWait == cfg.AckWait && cur.MaxDeliver == cfg.MaxDeliver &&
			cur.DeliverPolicy == cfg.DeliverPolicy && cur.FilterSubject == cfg.FilterSubject {
			return c, nil
		}
	}
	c, err = s.js.CreateOrUpdateConsumer(ctx, s.cfg.Stream, cfg)
	if err != nil {
		return nil, fmt.Errorf("stream: consumer %s on %s: %w", group, s.cfg.Stream, err)
	}
	return c, nil
}

// Consume implements stream.Stream.
func (s *Stream) Consume(ctx context.Context, group string, opts stream.ConsumeOptions, h stream.Handler) error {
	if err := stream.ValidGroup(group); err != nil {
		return err
	}
	if s.isClosed() {
		return fmt.Errorf("stream: consuming %s: %w", group, stream.ErrClosed)
	}
	cons, err := s.consumer(ctx, group)
	if err != nil {
		if ctx.Err() != nil {
			return nil // stopped before it started
		}
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.closed:
			cancel()
		case <-ctx.Done():
		}
	}()
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	for range max(opts.Concurrency, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.loop(ctx, group, cons, h); err != nil {
				mu.Lock()
				if firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				cancel()
			}
		}()
	}
	wg.Wait()
	if s.isClosed() {
		return fmt.Errorf("stream: consuming %s: %w", group, stream.ErrClosed)
	}
	return firstErr
}

// loop pulls one message at a time and handles it, until ctx is done or
// the consumer is gone.
func (s *Stream) loop(ctx context.Context, group string, cons jetstream.Consumer, h stream.Handler) error {
	for ctx.Err() == nil {
		msg, err := cons.Next(jetstream.FetchMaxWait(pollWait))
		switch {
		case err == nil:
		case ctx.Err() != nil || s.isClosed():
			return nil
		case errors.Is(err, nats.ErrTimeout), errors.Is(err, jetstream.ErrNoMessages):
			continue
		case errors.Is(err, jetstream.ErrConsumerDeleted), errors.Is(err, jetstream.ErrConsumerNotFound):
			return fmt.Errorf("stream: consumer %s: %w", group, err)
		default:
			// Reconnecting, a leader election: wait and pull again.
			select {
			case <-ctx.Done():
			case <-time.After(pollWait):
			}
			continue
		}
		if ctx.Err() != nil {
			_ = msg.Nak() // pulled while stopping: give it straight back
			return nil
		}
		s.handle(ctx, group, msg, h)
	}
	return nil
}

// handle runs h on one message, keeps the message's ack deadline ahead
// while h runs, then acks, naks with backoff, or dead-letters it.
func (s *Stream) handle(ctx context.Context, group string, msg jetstream.Msg, h stream.Handler) {
	attempt := 1
	if md, err := msg.Metadata(); err == nil {
		attempt = int(md.NumDelivered)
	}
	id := msg.Headers().Get(jetstream.MsgIDHeader)
	doc, derr := stream.Decode(msg.Data(), s.cfg.MaxMessageBytes)
	if derr != nil {
		s.bury(group, id, msg, model.RawDoc{}, attempt, derr.Error())
		return
	}
	if attempt > s.cfg.MaxAttempts {
		s.bury(group, id, msg, doc, attempt-1, fmt.Sprintf("no answer after %d deliveries (consumer stopped or died)", attempt-1))
		return
	}

	stop := make(chan struct{})
	beat := sync.WaitGroup{}
	beat.Add(1)
	go func() {
		defer beat.Done()
		t := time.NewTicker(max(s.cfg.AckWait/3, 10*time.Millisecond))
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				_ = msg.InProgress()
			}
		}
	}()
	herr := safeHandle(ctx, h, stream.Message{ID: id, Doc: doc, Attempt: attempt})
	close(stop)
	beat.Wait()

	if s.isClosed() {
		return // as a dead process would: the message comes back after AckWait
	}
	switch {
	case herr == nil:
		// Ack even when stopping: the handler stored its result.
		actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		_ = msg.DoubleAck(actx) // a lost ack means one redelivery, which idempotent handlers absorb
		cancel()
	case ctx.Err() != nil:
		_ = msg.Nak()
	case stream.IsPermanent(herr) || attempt >= s.cfg.MaxAttempts:
		s.bury(group, id, msg, doc, attempt, herr.Error())
	default:
		_ = msg.NakWithDelay(s.cfg.Backoff(attempt))
	}
}

// bury publishes msg to the dead-letter stream with the reason, then
// terminates it; if the dead letter cannot be written the message is
// delivered again later rather than lost.
func (s *Stream) bury(group, id string, msg jetstream.Msg, doc model.RawDoc, attempts int, reason string) {
	dl := nats.NewMsg(s.cfg.DeadSubject)
	dl.Data = msg.Data()
	dl.Header.Set(HeaderGroup, group)
	dl.Header.Set(HeaderID, id)
	dl.Header.Set(HeaderReason, truncate(reason, 1000))
	dl.Header.Set(HeaderAttempts, strconv.Itoa(attempts))
	dl.Header.Set(HeaderOrigin, truncate(doc.Origin, 1000))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.js.PublishMsg(ctx, dl, jetstream.WithMsgID(group+"."+id)); err != nil {
		_ = msg.NakWithDelay(s.cfg.Backoff(attempts))
		return
	}
	_ = msg.TermWithReason(truncate(reason, 200))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}

func safeHandle(ctx context.Context, h stream.Handler, m stream.Message) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("stream: %s: handler panic: %v", m.Doc.Origin, r)
		}
	}()
	return h(ctx, m)
}

// Pending implements stream.Stream. It counts from sequences (messages
// after the last one delivered, plus those delivered and not answered)
// rather than the consumer's own pending count, which a consumer reports
// as 0 until it has settled in after creation.
func (s *Stream) Pending(ctx context.Context, group string) (int, error) {
	if err := stream.ValidGroup(group); err != nil {
		return 0, err
	}
	st, err := s.js.Stream(ctx, s.cfg.Stream)
	if err != nil {
		return 0, fmt.Errorf("stream: %s: %w", s.cfg.Stream, err)
	}
	c, err := s.js.Consumer(ctx, s.cfg.Stream, group)
	var delivered uint64
	acking := 0
	switch {
	case errors.Is(err, jetstream.ErrConsumerNotFound):
	case err != nil:
		return 0, fmt.Errorf("stream: consumer %s: %w", group, err)
	default:
		ci, err := c.Info(ctx)
		if err != nil {
			return 0, fmt.Errorf("stream: consumer %s: %w", group, err)
		}
		delivered, acking = ci.Delivered.Stream, ci.NumAckPending
	}
	// The stream state is read after the consumer's, so a message
	// published in between counts as pending rather than being missed.
	info, err := st.Info(ctx)
	if err != nil {
		return 0, fmt.Errorf("stream: %s: %w", s.cfg.Stream, err)
	}
	var undelivered uint64
	if info.State.LastSeq > delivered {
		undelivered = min(info.State.LastSeq-delivered, info.State.Msgs)
	}
	return int(undelivered) + acking, nil
}

// DeadLetters implements stream.Stream; it reads the whole dead-letter
// stream, which is meant to stay small.
func (s *Stream) DeadLetters(ctx context.Context) ([]stream.DeadLetter, error) {
	st, err := s.js.Stream(ctx, s.cfg.DeadStream)
	if err != nil {
		return nil, fmt.Errorf("stream: %s: %w", s.cfg.DeadStream, err)
	}
	info, err := st.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("stream: %s: %w", s.cfg.DeadStream, err)
	}
	var out []stream.DeadLetter
	if info.State.Msgs == 0 {
		return out, nil
	}
	for seq := info.State.FirstSeq; seq <= info.State.LastSeq; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("stream: %s: message %d: %w", s.cfg.DeadStream, seq, err)
		}
		att, _ := strconv.Atoi(m.Header.Get(HeaderAttempts))
		dl := stream.DeadLetter{ID: m.Header.Get(HeaderID), Group: m.Header.Get(HeaderGroup),
			Origin: m.Header.Get(HeaderOrigin), Attempts: att, Reason: m.Header.Get(HeaderReason), At: m.Time}
		if doc, err := stream.Decode(m.Data, s.cfg.MaxMessageBytes); err == nil {
			dl.Doc = doc
		}
		out = append(out, dl)
	}
	return out, nil
}

// Close implements stream.Stream: consumers stop without answering what
// they hold, which comes back after AckWait; a connection Connect made is
// closed.
func (s *Stream) Close() error {
	s.once.Do(func() {
		close(s.closed)
		if s.owned {
			s.nc.Close()
		}
	})
	return nil
}
