// Package natstest starts a real NATS server with JetStream inside the
// test process (random loopback port, store in the test's temporary
// folder), so the stream tests need nothing installed and always run. It
// is imported by tests only, which keeps the server out of the binary.
package natstest

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// MaxPayload is the server's message limit: room for an 8 MB document
// and its headers, as a production server for Storyline is configured.
const MaxPayload = 8<<20 + 64<<10

// Start runs a server until the test ends and returns its client URL.
func Start(tb testing.TB) string {
	tb.Helper()
	return StartWithMaxPayload(tb, MaxPayload)
}

// StartWithMaxPayload is Start with another message limit, for tests of
// what a server configured differently refuses.
func StartWithMaxPayload(tb testing.TB, maxPayload int32) string {
	tb.Helper()
	opts := &server.Options{
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   tb.TempDir(),
		MaxPayload: maxPayload,
		NoLog:      true,
		NoSigs:     true,
	}
	s, err := server.NewServer(opts)
	if err != nil {
		tb.Fatalf("natstest: starting nats-server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		s.Shutdown()
		tb.Fatal("natstest: nats-server not ready after 10 s")
	}
	tb.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return s.ClientURL()
}
