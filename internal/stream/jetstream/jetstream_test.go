package jetstream_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/nats-io/nats.go"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/stream"
	"github.com/storyline-news/storyline/internal/stream/jetstream"
	"github.com/storyline-news/storyline/internal/stream/jetstream/natstest"
	"github.com/storyline-news/storyline/internal/stream/streamtest"
)

var streams atomic.Int64

// TestConformance runs the suite against a real nats-server started in
// the test process; each test gets its own JetStream streams.
func TestConformance(t *testing.T) {
	url := natstest.Start(t)
	streamtest.Run(t, func(t *testing.T, cfg stream.Config) func() stream.Stream {
		n := streams.Add(1)
		jc := jetstream.Config{Config: cfg, Stream: fmt.Sprintf("T%d", n), Subject: fmt.Sprintf("t%d.docs", n),
			DeadSubject: fmt.Sprintf("t%d.dead", n)}
		return func() stream.Stream {
			s, err := jetstream.Connect(context.Background(), url, jc)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
	})
}

// TestServerPayloadLimit checks that a document that compresses to more
// than the server accepts is refused by name before it is sent.
func TestServerPayloadLimit(t *testing.T) {
	url := natstest.StartWithMaxPayload(t, 1<<20+8<<10)
	s, err := jetstream.Connect(context.Background(), url, jetstream.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	body := make([]byte, 3<<19) // 1.5 MB that does not compress: under 8 MB, over the server's 1 MB
	var x uint32 = 1
	for i := range body {
		x = x*1664525 + 1013904223
		body[i] = byte(x >> 24)
	}
	_, err = s.Publish(context.Background(), model.RawDoc{Origin: "huge.warc:1", Body: body})
	if !errors.Is(err, stream.ErrTooLarge) || !strings.Contains(err.Error(), "huge.warc:1") || !strings.Contains(err.Error(), "max_payload") {
		t.Errorf("Publish over the server limit: %v, want ErrTooLarge naming the origin and max_payload", err)
	}
}

// TestSharedConnection checks New on a caller's connection: Close leaves
// the connection to its owner.
func TestSharedConnection(t *testing.T) {
	url := natstest.Start(t)
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	s, err := jetstream.New(context.Background(), nc, jetstream.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Publish(context.Background(), model.RawDoc{Origin: "a.txt", Body: []byte("a")}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if nc.IsClosed() {
		t.Error("Close closed a connection the stream did not open")
	}
	if _, err := s.Publish(context.Background(), model.RawDoc{Origin: "b.txt"}); !errors.Is(err, stream.ErrClosed) {
		t.Errorf("Publish after Close: %v, want ErrClosed", err)
	}
}
