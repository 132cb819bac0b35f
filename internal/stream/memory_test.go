package stream_test

import (
	"testing"

	"github.com/storyline-news/storyline/internal/stream"
	"github.com/storyline-news/storyline/internal/stream/streamtest"
)

func TestMemoryConformance(t *testing.T) {
	streamtest.Run(t, func(t *testing.T, cfg stream.Config) func() stream.Stream {
		m := stream.NewMemory(cfg)
		first := true
		return func() stream.Stream {
			if first {
				first = false
				return m
			}
			return m.Connect()
		}
	})
}
