package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/ingest/fetch"
)

func newServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func TestGet(t *testing.T) {
	var ua atomic.Value
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua.Store(r.UserAgent())
		switch r.URL.Path {
		case "/page":
			w.Header().Set("Content-Type", "text/html; charset=windows-1251")
			fmt.Fprint(w, "<html><p>hello</p></html>")
		case "/big":
			fmt.Fprint(w, strings.Repeat("x", 5000))
		case "/stream":
			// No Content-Length: the limit must hold while reading.
			for i := 0; i < 50; i++ {
				fmt.Fprint(w, strings.Repeat("y", 100))
				w.(http.Flusher).Flush()
			}
		case "/missing":
			http.NotFound(w, r)
		default:
			// /r/N redirects N more times, then to /page.
			var n int
			if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &n); err != nil {
				http.Error(w, "bad path", 400)
				return
			}
			if n == 0 {
				http.Redirect(w, r, "/page", http.StatusFound)
				return
			}
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusMovedPermanently)
		}
	})
	base := fetch.Options{AllowPrivate: true, MaxBytes: 1000}
	for _, tc := range []struct {
		name    string
		path    string
		wantErr error
		wantCT  string
	}{
		{"page", "/page", nil, "text/html; charset=windows-1251"},
		{"four redirects", "/r/3", nil, "text/html; charset=windows-1251"},
		{"five redirects", "/r/4", nil, "text/html; charset=windows-1251"},
		{"six redirects", "/r/5", fetch.ErrTooManyRedirects, ""},
		{"over the size limit", "/big", fetch.ErrTooLarge, ""},
		{"over the size limit, streamed", "/stream", fetch.ErrTooLarge, ""},
		{"not found", "/missing", fetch.ErrStatus, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := s.URL + tc.path
			resp, err := fetch.Get(context.Background(), u, base)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), u) {
					t.Fatalf("err = %v, want %v naming %s", err, tc.wantErr, u)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if resp.ContentType != tc.wantCT || string(resp.Body) != "<html><p>hello</p></html>" || resp.Status != 200 {
				t.Errorf("got %d %q %q", resp.Status, resp.ContentType, resp.Body)
			}
			if resp.URL != s.URL+"/page" {
				t.Errorf("final URL %q", resp.URL)
			}
			if got, _ := ua.Load().(string); !strings.HasPrefix(got, "Storyline/") {
				t.Errorf("User-Agent %q", got)
			}
		})
	}
}

func TestBadURL(t *testing.T) {
	for _, u := range []string{"ftp://example.com/x", "file:///etc/passwd", "example.com/x"} {
		t.Run(u, func(t *testing.T) {
			_, err := fetch.Get(context.Background(), u, fetch.Options{})
			if !errors.Is(err, fetch.ErrScheme) {
				t.Errorf("err = %v, want ErrScheme", err)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	release := make(chan struct{})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	u := s.URL + "/hang"
	_, err := fetch.Get(context.Background(), u, fetch.Options{AllowPrivate: true, Timeout: 50 * time.Millisecond})
	if !errors.Is(err, fetch.ErrTimeout) || !strings.Contains(err.Error(), u) {
		t.Fatalf("err = %v, want ErrTimeout naming %s", err, u)
	}
}

func TestRefusesNonPublic(t *testing.T) {
	var hits atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "secret")
	})
	_, port, _ := net.SplitHostPort(s.Listener.Addr().String())
	for _, u := range []string{
		s.URL,
		"http://localhost:" + port + "/", // a name resolving to loopback
		"http://[::1]:" + port + "/",
		"http://0.0.0.0:" + port + "/",
	} {
		t.Run(u, func(t *testing.T) {
			_, err := fetch.Get(context.Background(), u, fetch.Options{})
			if !errors.Is(err, fetch.ErrPrivateAddress) {
				t.Errorf("err = %v, want ErrPrivateAddress", err)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server reached %d times", n)
	}
}

// TestRefusesRedirectToBlocked proves the check runs at every dial: a
// server that may be reached redirects to one that may not.
func TestRefusesRedirectToBlocked(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("no 127.0.0.2 on this machine: %v", err)
	}
	var innerHits atomic.Int32
	inner := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		innerHits.Add(1)
		fmt.Fprint(w, "internal")
	}))
	inner.Listener.Close()
	inner.Listener = ln
	inner.Start()
	defer inner.Close()
	outer := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, inner.URL+"/admin", http.StatusFound)
	})
	onlyOuter := func(a netip.Addr) bool { return a == netip.MustParseAddr("127.0.0.1") }
	_, err = fetch.Get(context.Background(), outer.URL, fetch.Options{Allow: onlyOuter})
	if !errors.Is(err, fetch.ErrPrivateAddress) {
		t.Fatalf("err = %v, want ErrPrivateAddress", err)
	}
	if innerHits.Load() != 0 {
		t.Error("redirect target was reached")
	}
	// The same policy lets the first server through.
	if _, err := fetch.Get(context.Background(), inner.URL, fetch.Options{Allow: func(netip.Addr) bool { return true }}); err != nil {
		t.Errorf("allowed address refused: %v", err)
	}
}

func TestIsPublic(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"8.8.8.8", true},
		{"93.184.216.34", true},
		{"2606:4700::1111", true},
		{"64:ff9b::808:808", true}, // NAT64 of 8.8.8.8
		{"127.0.0.1", false},
		{"127.9.9.9", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"100.64.0.1", false},
		{"0.0.0.0", false},
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"::", false},
		{"::1", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"fe80::1", false},
		{"fd00::1", false},
		{"ff02::1", false},
		{"64:ff9b::a00:1", false}, // NAT64 of 10.0.0.1
	} {
		t.Run(tc.addr, func(t *testing.T) {
			if got := fetch.IsPublic(netip.MustParseAddr(tc.addr)); got != tc.want {
				t.Errorf("IsPublic(%s) = %v, want %v", tc.addr, got, tc.want)
			}
		})
	}
}
