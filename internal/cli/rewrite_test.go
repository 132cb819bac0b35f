package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/storyline-news/storyline/internal/cli"
	"github.com/storyline-news/storyline/internal/datasets"
)

const testKey = "sk-test-never-printed"

// echoLLM answers a rewrite prompt by citing each numbered sentence back;
// it records the Authorization headers it saw.
func echoLLM(t *testing.T, status int) (url string, auth func() []string) {
	t.Helper()
	var mu sync.Mutex
	var seen []string
	re := regexp.MustCompile(`(?m)^\[(\d+)\] (.+)$`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		if status != http.StatusOK {
			http.Error(w, `{"error":{"message":"down for maintenance"}}`, status)
			return
		}
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		var b strings.Builder
		for _, m := range re.FindAllStringSubmatch(req.Messages[len(req.Messages)-1].Content, -1) {
			fmt.Fprintf(&b, "%s [%s]. ", strings.TrimRight(m[2], ". "), m[1])
		}
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{"message": map[string]any{"content": b.String()}}}})
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/v1", func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func runEnv(t *testing.T, env map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &cli.Env{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""), Getenv: func(k string) string { return env[k] }}
	code := cli.Run(context.Background(), e, args)
	return out.String(), errb.String(), code
}

type rewriteContract struct {
	Stories []struct {
		ID      string            `json:"id"`
		Summary []json.RawMessage `json:"summary"`
		Rewrite *struct {
			Sentences []struct {
				Text     string   `json:"text"`
				Articles []string `json:"articles"`
			} `json:"sentences"`
			Model    string `json:"model"`
			Endpoint string `json:"endpoint"`
		} `json:"rewrite"`
	} `json:"stories"`
}

func TestRunRewrite(t *testing.T) {
	seeds := datasets.Seeds(t)
	url, auth := echoLLM(t, http.StatusOK)
	env := map[string]string{"STORYLINE_REWRITE_KEY": testKey}

	plainOut, errs, code := runEnv(t, env, "run", "--data", t.TempDir(), "--format", "json", seeds)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	out, errs, code := runEnv(t, env, "run", "--data", t.TempDir(), "--format", "json",
		"--rewrite-endpoint", url, "--rewrite-model", "echo", seeds)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, fmt.Sprintf("%d of %d stories have a machine-written rewrite", len(plainStories(t, plainOut)), len(plainStories(t, plainOut)))) {
		t.Errorf("no count of rewrites: %s", errs)
	}
	if strings.Contains(errs, testKey) || strings.Contains(out, testKey) {
		t.Error("the key is printed")
	}
	var plain, got rewriteContract
	if err := json.Unmarshal([]byte(plainOut), &plain); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Stories) == 0 || len(got.Stories) != len(plain.Stories) {
		t.Fatalf("%d stories with the rewrite, %d without", len(got.Stories), len(plain.Stories))
	}
	for i, s := range got.Stories {
		if p := plain.Stories[i]; fmt.Sprint(p.Summary) != fmt.Sprint(s.Summary) || p.Rewrite != nil {
			t.Errorf("story %s: summary changed by the rewrite, or a rewrite without the flags", s.ID)
		}
		if s.Rewrite == nil || len(s.Rewrite.Sentences) != len(s.Summary) || s.Rewrite.Model != "echo" || s.Rewrite.Endpoint == "" {
			t.Errorf("story %s: rewrite = %+v", s.ID, s.Rewrite)
		}
	}
	for _, a := range auth() {
		if a != "Bearer "+testKey {
			t.Errorf("Authorization = %q", a)
		}
	}
}

func TestRunRewriteEndpointDown(t *testing.T) {
	seeds := datasets.Seeds(t)
	url, _ := echoLLM(t, http.StatusBadGateway)
	out, errs, code := runEnv(t, nil, "run", "--quiet", "--data", t.TempDir(), "--format", "json",
		"--rewrite-endpoint", url, "--rewrite-model", "echo", "--rewrite-timeout", "5s", seeds)
	if code != 0 {
		t.Fatalf("a failing endpoint failed the run: exit %d: %s", code, errs)
	}
	if n := strings.Count(errs, "not rewritten"); n != 1 || !strings.Contains(errs, "HTTP status 502") {
		t.Errorf("want one warning naming the failure, got:\n%s", errs)
	}
	var got rewriteContract
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, s := range got.Stories {
		if s.Rewrite != nil || len(s.Summary) == 0 {
			t.Errorf("story %s: rewrite %+v, %d summary sentences", s.ID, s.Rewrite, len(s.Summary))
		}
	}
}

func plainStories(t *testing.T, out string) []json.RawMessage {
	t.Helper()
	var doc struct{ Stories []json.RawMessage }
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Stories
}

func TestRewriteFlagsGoTogether(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--rewrite-endpoint", "http://127.0.0.1:1/v1", "x"},
		{"run", "--rewrite-model", "m", "x"},
		{"serve", "--rewrite-model", "m"},
		{"run", "--rewrite-endpoint", "127.0.0.1:1", "--rewrite-model", "m", "x"},
	} {
		if _, errs, code := runEnv(t, nil, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2: %s", args, code, errs)
		}
	}
}
