package rewrite_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/rewrite"
)

// summary is a story's extractive summary as tell makes it.
var summary = []model.Cited{
	{Text: "Russian President Vladimir Putin met U.S. Secretary of State John Kerry in Moscow on Thursday.", Articles: []string{"tass", "sana", "ap"}},
	{Text: "The talks lasted more than three hours and focused on Syria.", Articles: []string{"ap"}},
	{Text: "Kerry proposed a joint centre to coordinate air strikes against Jabhat al-Nusra.", Articles: []string{"sana", "reuters"}},
}

// fake is a Chat Completions endpoint whose answers a test scripts.
type fake struct {
	t       *testing.T
	mu      sync.Mutex
	calls   int
	bodies  []map[string]any
	auth    []string
	answer  func(call int, w http.ResponseWriter, r *http.Request)
	flight  int32
	maxSeen int32
}

func (f *fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := atomic.AddInt32(&f.flight, 1)
	defer atomic.AddInt32(&f.flight, -1)
	for {
		m := atomic.LoadInt32(&f.maxSeen)
		if n <= m || atomic.CompareAndSwapInt32(&f.maxSeen, m, n) {
			break
		}
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		http.Error(w, `{"error":{"message":"no such route"}}`, http.StatusNotFound)
		return
	}
	var body map[string]any
	b, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(b, &body); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.calls++
	call := f.calls
	f.bodies = append(f.bodies, body)
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	f.mu.Unlock()
	f.answer(call, w, r)
}

func (f *fake) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// completion writes a chat completion whose message is content.
func completion(w http.ResponseWriter, content string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "model": "fake",
		"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": content}}},
	})
}

func serve(t *testing.T, answer func(call int, w http.ResponseWriter, r *http.Request)) (*fake, string) {
	t.Helper()
	f := &fake{t: t, answer: answer}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL + "/v1"
}

func client(t *testing.T, cfg rewrite.Config) *rewrite.Client {
	t.Helper()
	if cfg.Model == "" {
		cfg.Model = "fake-model"
	}
	if cfg.Backoff == 0 {
		cfg.Backoff = time.Millisecond
	}
	c, err := rewrite.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const good = "Vladimir Putin met John Kerry in Moscow on Thursday [1]. " +
	"Their talks, which lasted more than three hours, focused on Syria [2]. " +
	"Kerry proposed a joint centre to coordinate strikes against Jabhat al-Nusra [3]."

func TestRewriteSuccess(t *testing.T) {
	f, url := serve(t, func(_ int, w http.ResponseWriter, _ *http.Request) { completion(w, good) })
	c := client(t, rewrite.Config{Endpoint: url + "/", APIKey: "sk-secret-123"})
	r, err := c.Rewrite(context.Background(), summary, "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sentences) != 3 || r.Warning != "" {
		t.Fatalf("rewrite = %+v", r)
	}
	if r.Model != "fake-model" || !strings.HasPrefix(r.Endpoint, "127.0.0.1:") || r.Input != c.Key(summary, "en") {
		t.Errorf("provenance = %q %q %q", r.Model, r.Endpoint, r.Input)
	}
	if got := f.auth[0]; got != "Bearer sk-secret-123" {
		t.Errorf("Authorization = %q", got)
	}
	body := f.bodies[0]
	if body["model"] != "fake-model" || body["temperature"] != 0.0 {
		t.Errorf("request = %v", body)
	}
	msgs := body["messages"].([]any)
	user := msgs[len(msgs)-1].(map[string]any)["content"].(string)
	for i, s := range summary {
		if want := fmt.Sprintf("[%d] %s", i+1, s.Text); !strings.Contains(user, want) {
			t.Errorf("prompt lacks %q:\n%s", want, user)
		}
	}
}

func TestRewriteCitationMapping(t *testing.T) {
	answer := "Putin met Kerry in Moscow, where the talks lasted more than three hours [1, 2]. " +
		"Kerry proposed a joint centre against Jabhat al-Nusra [3]."
	_, url := serve(t, func(_ int, w http.ResponseWriter, _ *http.Request) { completion(w, answer) })
	r, err := client(t, rewrite.Config{Endpoint: url}).Rewrite(context.Background(), summary, "en")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"tass", "sana", "ap"}, {"sana", "reuters"}}
	if len(r.Sentences) != len(want) {
		t.Fatalf("sentences = %+v", r.Sentences)
	}
	for i, w := range want {
		if got := strings.Join(r.Sentences[i].Articles, ","); got != strings.Join(w, ",") {
			t.Errorf("sentence %d cites %s, want %s", i+1, got, strings.Join(w, ","))
		}
		if strings.Contains(r.Sentences[i].Text, "[") {
			t.Errorf("sentence %d keeps its marks: %q", i+1, r.Sentences[i].Text)
		}
	}
}

func TestRewriteGuard(t *testing.T) {
	cases := []struct {
		name, answer string
		kept         int
		warn         string
	}{
		{"invented name dropped",
			good + " Barack Obama welcomed the talks [1].", 3, `names "Barack"`},
		{"invented number dropped",
			good + " Putin and Kerry met for 15 hours [1].", 3, `number "15"`},
		{"out of range dropped",
			good + " Putin met Kerry in Moscow [4].", 3, "cites [4]"},
		{"no citation dropped",
			good + " Putin met Kerry in Moscow.", 3, "cites no source"},
		{"mostly invented: discarded",
			"Barack Obama met Angela Merkel in Berlin on Friday [1]. They spoke for 15 hours about Ukraine [2]. Putin met Kerry [1].", 0, "discarded"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, url := serve(t, func(_ int, w http.ResponseWriter, _ *http.Request) { completion(w, tc.answer) })
			r, err := client(t, rewrite.Config{Endpoint: url}).Rewrite(context.Background(), summary, "en")
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Sentences) != tc.kept {
				t.Errorf("kept %d sentences, want %d: %+v", len(r.Sentences), tc.kept, r.Sentences)
			}
			if !strings.Contains(r.Warning, tc.warn) {
				t.Errorf("warning %q lacks %q", r.Warning, tc.warn)
			}
			for _, s := range r.Sentences {
				if strings.Contains(s.Text, "Obama") || strings.Contains(s.Text, "15") {
					t.Errorf("kept an unfaithful sentence: %q", s.Text)
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	const key = "sk-do-not-print"
	cases := []struct {
		name     string
		answer   func(call int, w http.ResponseWriter, r *http.Request)
		cfg      rewrite.Config
		is       error
		calls    int
		contains []string
	}{
		{"malformed JSON", func(_ int, w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `{"choices": [`) },
			rewrite.Config{}, rewrite.ErrMalformed, 1, []string{"/v1/chat/completions", "not a JSON chat completion"}},
		{"no choices", func(_ int, w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `{"choices": []}`) },
			rewrite.Config{}, rewrite.ErrMalformed, 1, []string{"no choices"}},
		{"500 forever", func(_ int, w http.ResponseWriter, _ *http.Request) {
			http.Error(w, `{"error":{"message":"overloaded, key `+key+`"}}`, 500)
		}, rewrite.Config{MaxRetries: 2}, rewrite.ErrStatus, 3, []string{"HTTP status 500", "overloaded", "gave up after 3 attempts"}},
		{"401 not retried", func(_ int, w http.ResponseWriter, _ *http.Request) {
			http.Error(w, `{"error":{"message":"Incorrect API key provided: `+key+`"}}`, 401)
		}, rewrite.Config{}, rewrite.ErrStatus, 1, []string{"HTTP status 401", rewrite.KeyEnv}},
		{"retry-after too long", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", "3600")
			http.Error(w, `{"error":"slow down"}`, 429)
		}, rewrite.Config{MaxWait: time.Second}, rewrite.ErrStatus, 1, []string{"HTTP status 429", "slow down", "retry after 1h0m0s"}},
		{"retry-after as a date", func(_ int, w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Retry-After", time.Now().Add(2*time.Hour).UTC().Format(http.TimeFormat))
			http.Error(w, `{"error":"busy"}`, 503)
		}, rewrite.Config{MaxWait: time.Second}, rewrite.ErrStatus, 1, []string{"HTTP status 503", "busy", "retry after 1h59m"}},
		{"huge response", func(_ int, w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, `{"choices":[{"message":{"content":"`+strings.Repeat("a", 5000)+`"}}]}`)
		}, rewrite.Config{MaxResponseBytes: 4096}, rewrite.ErrTooLarge, 1, []string{"over 4096 bytes"}},
		{"time-out", func(_ int, w http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			rewrite.Config{Timeout: 30 * time.Millisecond, MaxRetries: 5}, rewrite.ErrTimeout, 2, []string{"no answer in time", "gave up after 2 attempts"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, url := serve(t, tc.answer)
			cfg := tc.cfg
			cfg.Endpoint, cfg.APIKey = url, key
			_, err := client(t, cfg).Rewrite(context.Background(), summary, "en")
			if !errors.Is(err, tc.is) {
				t.Fatalf("err = %v, want %v", err, tc.is)
			}
			if f.count() != tc.calls {
				t.Errorf("%d requests, want %d", f.count(), tc.calls)
			}
			msg := err.Error()
			if strings.Contains(msg, key) {
				t.Errorf("error prints the key: %s", msg)
			}
			for _, want := range tc.contains {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestRetryThenSuccess(t *testing.T) {
	for _, status := range []int{429, 503} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			f, url := serve(t, func(call int, w http.ResponseWriter, _ *http.Request) {
				if call == 1 {
					w.Header().Set("Retry-After", "0")
					http.Error(w, `{"error":{"message":"rate limited"}}`, status)
					return
				}
				completion(w, good)
			})
			r, err := client(t, rewrite.Config{Endpoint: url}).Rewrite(context.Background(), summary, "en")
			if err != nil {
				t.Fatal(err)
			}
			if f.count() != 2 || len(r.Sentences) != 3 {
				t.Errorf("%d requests, %d sentences; want 2 and 3", f.count(), len(r.Sentences))
			}
		})
	}
}

func TestCancellation(t *testing.T) {
	started := make(chan struct{}, 1)
	_, url := serve(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-r.Context().Done()
	})
	c := client(t, rewrite.Config{Endpoint: url, Timeout: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	_, err := c.Rewrite(ctx, summary, "en")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestNoKeyNoHeader(t *testing.T) {
	f, url := serve(t, func(_ int, w http.ResponseWriter, _ *http.Request) { completion(w, good) })
	if _, err := client(t, rewrite.Config{Endpoint: url}).Rewrite(context.Background(), summary, "en"); err != nil {
		t.Fatal(err)
	}
	if f.auth[0] != "" {
		t.Errorf("Authorization %q sent without a key", f.auth[0])
	}
}

func TestContentParts(t *testing.T) {
	_, url := serve(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, `{"choices":[{"message":{"role":"assistant","content":[{"type":"text","text":"Putin met Kerry in Moscow [1]."}]}}]}`)
	})
	r, err := client(t, rewrite.Config{Endpoint: url}).Rewrite(context.Background(), summary, "en")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sentences) != 1 || r.Sentences[0].Text != "Putin met Kerry in Moscow." {
		t.Errorf("sentences = %+v", r.Sentences)
	}
}

func TestMaxConcurrent(t *testing.T) {
	f, url := serve(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		time.Sleep(5 * time.Millisecond) // let requests overlap if the client allowed it
		completion(w, good)
	})
	c := client(t, rewrite.Config{Endpoint: url, MaxConcurrent: 1})
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Rewrite(context.Background(), summary, "en"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if m := atomic.LoadInt32(&f.maxSeen); m != 1 {
		t.Errorf("%d requests in flight at once, want 1", m)
	}
}

func TestNewValidates(t *testing.T) {
	for _, cfg := range []rewrite.Config{
		{Endpoint: "http://127.0.0.1:1/v1"},
		{Model: "m"},
		{Model: "m", Endpoint: "ftp://example.com"},
		{Model: "m", Endpoint: "localhost:8080"},
	} {
		if _, err := rewrite.New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
	c, err := rewrite.New(rewrite.Config{Model: "m", Endpoint: "https://user:pw@api.example.com/v1/chat/completions?key=x", APIKey: "sk-1"})
	if err != nil {
		t.Fatal(err)
	}
	if s := c.String(); strings.Contains(s, "pw") || strings.Contains(s, "key=x") || strings.Contains(s, "/chat/completions/chat") {
		t.Errorf("String() = %q", s)
	}
	if s := (rewrite.Config{APIKey: "sk-1"}).String(); strings.Contains(s, "sk-1") {
		t.Errorf("Config.String() prints the key: %q", s)
	}
}

func TestKey(t *testing.T) {
	k := rewrite.Key(summary, "en", "m1")
	if k != rewrite.Key(summary, "en", "m1") {
		t.Error("Key is not deterministic")
	}
	changed := append([]model.Cited(nil), summary...)
	changed[1].Text += " Really."
	for name, other := range map[string]string{
		"model":    rewrite.Key(summary, "en", "m2"),
		"language": rewrite.Key(summary, "fr", "m1"),
		"sentence": rewrite.Key(changed, "en", "m1"),
	} {
		if other == k {
			t.Errorf("Key ignores the %s", name)
		}
	}
}

// FuzzCompletion feeds arbitrary response bodies to the client: it must
// return text or an error that says the answer was malformed or too large,
// never panic.
func FuzzCompletion(f *testing.F) {
	for _, s := range []string{
		`{"choices":[{"message":{"content":"Putin met Kerry [1]."}}]}`,
		`{"choices":[{"message":{"content":[{"type":"text","text":"a"},{"type":"image_url"}]}}]}`,
		`{"choices":[{"message":{"content":null,"refusal":"no"}}]}`,
		`{"choices":[]}`, `{"error":{"message":"x"}}`, `[]`, `null`, ``, `{"choices":[{"message":{"content":""}}]}`,
	} {
		f.Add(s)
	}
	var body atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, body.Load().(string))
	}))
	f.Cleanup(srv.Close)
	c, err := rewrite.New(rewrite.Config{Endpoint: srv.URL, Model: "m", MaxResponseBytes: 4096, MaxRetries: -1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		body.Store(in)
		text, err := c.Complete(context.Background(), []rewrite.Message{{Role: "user", Content: "x"}})
		if err != nil {
			if !errors.Is(err, rewrite.ErrMalformed) && !errors.Is(err, rewrite.ErrTooLarge) {
				t.Fatalf("body %q: unexpected error %v", in, err)
			}
			return
		}
		if strings.TrimSpace(text) == "" {
			t.Fatalf("body %q: empty text without an error", in)
		}
	})
}
