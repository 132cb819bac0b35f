package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/server"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// TestServeReadOnlyFolder serves a data folder that cannot be written
// (0555 folder, 0444 files), as storyline serve opens it: the API and the
// pages answer from it. Root ignores permissions, so as root the folder is
// opened read-only on request instead (the permission cases themselves
// are tested in store/sqlite, also as an unprivileged user).
func TestServeReadOnlyFolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, w)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var st *sqlite.Store
	if os.Geteuid() == 0 {
		st, err = sqlite.OpenReadOnly(ctx, dir)
	} else {
		if err := os.Chmod(filepath.Join(dir, sqlite.FileName), 0o444); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		var reasons []string
		st, err = sqlite.Open(sqlite.AllowReadOnly(ctx, func(path, reason string) { reasons = append(reasons, reason) }), dir)
		if err == nil && len(reasons) != 1 {
			t.Errorf("reported %q, want one reason", reasons)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if ro, _ := st.ReadOnly(); !ro {
		t.Fatal("store not opened read-only")
	}
	ts := httptest.NewServer(server.New(st, server.Options{}))
	defer ts.Close()
	cases := []struct {
		path string
		want string // in the body
	}{
		{"/healthz", `"articles":4`},
		{"/api/stories", `"id":"s1"`},
		{"/api/stories/s1", `"headline":"Storm hits the coast"`},
		{"/api/articles/a3", `"title":"Rivers burst banks"`},
		{"/api/storylines", `"id":"l1"`},
		{"/api/search?q=storm", `"hits":[{`},
		{"/", "Storm hits the coast"},
		{"/search?q=rivers", "Rivers burst banks"},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			status, _, body := get(t, ts, c.path)
			if status != 200 || !strings.Contains(body, c.want) {
				t.Errorf("GET %s: %d %.300s; want 200 with %s", c.path, status, body, c.want)
			}
			if strings.HasPrefix(c.path, "/api/") && !json.Valid([]byte(body)) {
				t.Errorf("GET %s: not JSON: %.300s", c.path, body)
			}
		})
	}
	// The store under the server refuses writes cleanly.
	if err := st.ReplaceGrouping(ctx, nil, nil); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("ReplaceGrouping: %v, want ErrReadOnly", err)
	}
}
