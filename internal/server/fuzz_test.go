package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzSearchAPI checks that no query makes the search endpoints fail with
// a server error: the API answers 200 or 400 with a JSON body, the page
// 200 or 400.
func FuzzSearchAPI(f *testing.F) {
	for _, s := range []string{"storm", `"`, `NEAR(a b)`, "a OR", "title:x", "*", "\x00", "\xff", `<script>`} {
		f.Add(s)
	}
	ts, _ := fixture(f)
	f.Fuzz(func(t *testing.T, q string) {
		for _, path := range []string{"/api/search?q=", "/search?q="} {
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, path+url.QueryEscape(q), nil)
			ts.Config.Handler.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
				t.Fatalf("%s%q: status %d: %s", path, q, rec.Code, rec.Body)
			}
			if path == "/api/search?q=" && !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%q: invalid JSON body %s", q, rec.Body)
			}
		}
	})
}
