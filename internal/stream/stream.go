// Package stream owns Storyline's work stream: the durable, at-least-once
// queue of raw documents between ingest, which publishes them, and the
// extraction and analysis workers, which consume them in a named group.
// It defines the Stream interface with its contract, the compact message
// encoding every implementation shares, and Memory, the in-process
// implementation; stream/jetstream is the NATS JetStream one, and both
// pass the conformance suite in stream/streamtest.
package stream

import (
	"context"
	"errors"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Sentinel errors. Implementations wrap them with the input and the
// reason; callers test them with errors.Is.
var (
	// ErrTooLarge is returned by Publish for a document whose encoded form
	// is over the stream's message size limit; nothing is published.
	ErrTooLarge = errors.New("document too large for the stream")
	// ErrInvalid is returned for input the stream refuses: an empty or
	// malformed group name, a message that does not decode.
	ErrInvalid = errors.New("invalid input")
	// ErrClosed is returned by calls on a closed stream, and by Consume
	// when the stream is closed under it.
	ErrClosed = errors.New("stream closed")
)

// DefaultMaxMessageBytes is the default limit on a document's encoded
// form (before compression): a page or article over 8 MB is not news, or is
// broken, and would be refused by the store anyway.
const DefaultMaxMessageBytes = 8 << 20

// Message is one delivery of a published document.
type Message struct {
	// ID is the message id Publish gave the document (see MessageID).
	ID  string
	Doc model.RawDoc
	// Attempt is the 1-based delivery count of this message in its group:
	// 2 or more means an earlier delivery failed, timed out or was
	// interrupted.
	Attempt int
}

// Handler processes one message. Returning nil acknowledges it: return
// only once the result is stored. Any error has the message delivered
// again after a backoff, until Config.MaxAttempts deliveries, after which
// it becomes a dead letter with the error as reason; an error marked with
// Permanent makes it a dead letter at once. The context is cancelled when
// the consumer stops; an error returned then releases the message for
// immediate redelivery.
type Handler func(ctx context.Context, m Message) error

// Receipt is what Publish did.
type Receipt struct {
	// ID is the message id (MessageID of the document).
	ID string
	// Duplicate is true when a message with this id was already published
	// within the de-duplication window: nothing new was queued.
	Duplicate bool
}

// DeadLetter records a message given up on.
type DeadLetter struct {
	ID    string
	Group string
	// Origin is the document's origin (path, path:line or URL).
	Origin   string
	Attempts int
	// Reason is the last handler error, or why there was none.
	Reason string
	Doc    model.RawDoc
	At     time.Time
}

// ConsumeOptions tune one Consume call.
type ConsumeOptions struct {
	// Concurrency is how many messages this consumer holds and handles
	// at once (default 1).
	Concurrency int
}

// Stream is a durable work stream of raw documents.
//
// Delivery is at least once: a message is delivered to one consumer of a
// group at a time, and again, to any consumer of the group, when its
// handler fails, when the consumer stops before the handler returned, or
// when a consumer holds it past Config.AckWait without an answer (the
// process died). Handlers must therefore be idempotent; the store's
// PutArticles is. Each group sees every message, from the first one
// published; groups are independent. Messages are delivered roughly in
// publication order; nothing is promised about order across redeliveries.
// All methods are safe for concurrent use.
type Stream interface {
	// Publish queues doc under its MessageID. A document whose id was
	// published within Config.DedupWindow is not queued again (Receipt.
	// Duplicate). A document over the size limit fails with ErrTooLarge
	// and an error naming its origin. Publish returns once the message is
	// durable.
	Publish(ctx context.Context, doc model.RawDoc) (Receipt, error)
	// Consume delivers the group's messages to h, opts.Concurrency at a
	// time, until ctx is cancelled (it returns nil) or the stream is
	// closed (ErrClosed). It waits for the handlers it started before it
	// returns. Several Consume calls, in one process or many, with the
	// same group share its messages.
	Consume(ctx context.Context, group string, opts ConsumeOptions, h Handler) error
	// Pending counts the group's messages not yet acknowledged or given
	// up on: queued, being handled or waiting for redelivery. A group
	// that never consumed has every message pending.
	Pending(ctx context.Context, group string) (int, error)
	// DeadLetters returns every dead letter, oldest first.
	DeadLetters(ctx context.Context) ([]DeadLetter, error)
	// Close releases the stream. Messages held by its consumers and not
	// yet acknowledged are redelivered after AckWait, as when a process
	// dies.
	Close() error
}

// Config holds what every implementation takes. The zero value is usable.
type Config struct {
	// MaxAttempts is how many deliveries a message gets before it becomes
	// a dead letter (default 5). Deliveries that ended without an answer
	// (a consumer stopped or died) count too, so a document that kills
	// its worker cannot loop forever.
	MaxAttempts int
	// Backoff is the delay before redelivery after the attempt-th
	// delivery failed (default DefaultBackoff).
	Backoff func(attempt int) time.Duration
	// AckWait is how long a delivered message may go without an answer
	// before it is delivered again (default 30 s). Consumers extend it
	// while their handler runs, so only a dead consumer lets it expire.
	AckWait time.Duration
	// DedupWindow is how long a message id is remembered for
	// de-duplication (default 2 min).
	DedupWindow time.Duration
	// MaxMessageBytes caps a document's encoded form before compression
	// (default DefaultMaxMessageBytes).
	MaxMessageBytes int
}

// WithDefaults returns c with its zero fields set to the defaults.
func (c Config) WithDefaults() Config {
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 5
	}
	if c.Backoff == nil {
		c.Backoff = DefaultBackoff
	}
	if c.AckWait <= 0 {
		c.AckWait = 30 * time.Second
	}
	if c.DedupWindow <= 0 {
		c.DedupWindow = 2 * time.Minute
	}
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = DefaultMaxMessageBytes
	}
	return c
}

// DefaultBackoff waits 1 s after the first failed delivery and doubles
// the wait after each further one, up to 1 min.
func DefaultBackoff(attempt int) time.Duration {
	d := time.Second
	for i := 1; i < attempt && d < time.Minute; i++ {
		d *= 2
	}
	return min(d, time.Minute)
}

// permanent marks an error that retrying cannot cure.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent marks err as one that redelivery cannot cure (a document
// that is not an article, a broken encoding): a handler returning it has
// the message dead-lettered at once. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err, or an error it wraps, was marked with
// Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}

// ValidGroup checks a group name: 1 to 64 letters, digits, '-' or '_',
// so that it is a valid durable name on every implementation.
func ValidGroup(group string) error {
	if group == "" || len(group) > 64 {
		return errorf(ErrInvalid, "stream: group %q: want 1 to 64 characters", group)
	}
	for _, r := range group {
		ok := r == '-' || r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
		if !ok {
			return errorf(ErrInvalid, "stream: group %q: only letters, digits, '-' and '_' allowed", group)
		}
	}
	return nil
}
