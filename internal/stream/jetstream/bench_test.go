package jetstream_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/stream"
	"github.com/storyline-news/storyline/internal/stream/jetstream"
	"github.com/storyline-news/storyline/internal/stream/jetstream/natstest"
)

// page is a 20 KB web page, about the size of a news article's HTML.
var page = bytes.Repeat([]byte("<div class=\"story\"><p>Ministers met in Moscow on Thursday to discuss the ceasefire.</p></div>\n"), 220)

// roundTrip publishes b.N pages and consumes them all in one group with
// concurrency 8: the stream's own cost per document, without extraction.
func roundTrip(b *testing.B, s stream.Stream) {
	ctx := context.Background()
	b.SetBytes(int64(len(page)))
	b.ResetTimer()
	for i := range b.N {
		if _, err := s.Publish(ctx, model.RawDoc{Origin: fmt.Sprintf("p%d.html", i), Format: "html", Body: page}); err != nil {
			b.Fatal(err)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{}, b.N)
	go s.Consume(cctx, "bench", stream.ConsumeOptions{Concurrency: 8}, func(context.Context, stream.Message) error {
		done <- struct{}{}
		return nil
	})
	for range b.N {
		<-done
	}
	b.StopTimer()
}

func BenchmarkJetStreamRoundTrip(b *testing.B) {
	url := natstest.Start(b)
	s, err := jetstream.Connect(context.Background(), url, jetstream.Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	roundTrip(b, s)
}

func BenchmarkMemoryRoundTrip(b *testing.B) {
	roundTrip(b, stream.NewMemory(stream.Config{}))
}
