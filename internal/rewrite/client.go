// Package rewrite owns Storyline's optional abstractive rewrite: a client
// for any OpenAI-compatible Chat Completions endpoint the user configures
// (standard library only), the prompt that hands a language model a story's
// numbered extractive summary sentences, the parser of its answer, and the
// faithfulness check that keeps only rewritten sentences whose citations
// are valid and whose names and numbers their cited sources give.
//
// The rewrite never replaces the extractive summary; it is shown beside it,
// labelled as machine-written. The API key is read from the environment
// (KeyEnv) by the caller, sent only as a Bearer token, and never printed.
package rewrite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// KeyEnv is the environment variable holding the API key. It is never a
// flag, so the key does not land in shell history or process listings.
const KeyEnv = "STORYLINE_REWRITE_KEY"

// Defaults of Config.
const (
	DefaultTimeout          = 60 * time.Second
	DefaultMaxConcurrent    = 2
	DefaultMaxRetries       = 3
	DefaultMaxResponseBytes = 1 << 20
	DefaultBackoff          = time.Second
	DefaultMaxWait          = 30 * time.Second
	DefaultMinKept          = 0.5
	DefaultWords            = 100
)

// Errors a request can fail with, checked with errors.Is.
var (
	// ErrStatus is an HTTP status the endpoint answered with and that
	// retrying did not cure (or that retrying cannot cure, like 401).
	ErrStatus = errors.New("HTTP status")
	// ErrTooLarge is a response body over Config.MaxResponseBytes.
	ErrTooLarge = errors.New("response too large")
	// ErrMalformed is a response that is not a chat completion.
	ErrMalformed = errors.New("malformed response")
	// ErrTimeout is an attempt the endpoint did not answer in time.
	ErrTimeout = errors.New("no answer in time")
)

// Config configures a Client. Endpoint and Model are required; the rest
// has defaults.
type Config struct {
	// Endpoint is the base URL of the API ("http://127.0.0.1:11434/v1",
	// "https://api.openai.com/v1"); "/chat/completions" is appended unless
	// it already ends so.
	Endpoint string
	// Model is the model name sent with every request.
	Model string
	// APIKey, when set, is sent as "Authorization: Bearer KEY". Read it
	// from KeyEnv; it never appears in errors or String.
	APIKey string
	// Timeout bounds one attempt (DefaultTimeout when zero).
	Timeout time.Duration
	// MaxConcurrent caps the requests in flight at once
	// (DefaultMaxConcurrent when zero).
	MaxConcurrent int
	// MaxRetries is how often a 429, a 5xx, a time-out or a network error
	// is retried (DefaultMaxRetries when zero, none when negative).
	MaxRetries int
	// Backoff is the wait before the first retry, doubled for each next
	// one, with jitter (DefaultBackoff when zero).
	Backoff time.Duration
	// MaxWait caps one wait between attempts; a Retry-After asking for
	// longer ends the retries (DefaultMaxWait when zero).
	MaxWait time.Duration
	// MaxResponseBytes caps the response body (DefaultMaxResponseBytes
	// when zero).
	MaxResponseBytes int64
	// Words is the length asked for (DefaultWords when zero).
	Words int
	// MinKept is the share of the rewrite's words that must pass the
	// faithfulness check for the rewrite to be kept (DefaultMinKept when
	// zero).
	MinKept float64
	// HTTPClient sends the requests (a fresh client when nil).
	HTTPClient *http.Client
}

// String prints the configuration with the key masked.
func (c Config) String() string {
	key := "none"
	if c.APIKey != "" {
		key = "set (from " + KeyEnv + ")"
	}
	return fmt.Sprintf("endpoint=%s model=%s key=%s timeout=%s max-concurrent=%d", redactURL(c.Endpoint), c.Model, key, c.Timeout, c.MaxConcurrent)
}

func (c Config) withDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = DefaultMaxConcurrent
	}
	if c.MaxRetries == 0 {
		c.MaxRetries = DefaultMaxRetries
	} else if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.Backoff <= 0 {
		c.Backoff = DefaultBackoff
	}
	if c.MaxWait <= 0 {
		c.MaxWait = DefaultMaxWait
	}
	if c.MaxResponseBytes <= 0 {
		c.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if c.Words <= 0 {
		c.Words = DefaultWords
	}
	if c.MinKept <= 0 {
		c.MinKept = DefaultMinKept
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	return c
}

// Client talks to one Chat Completions endpoint. It is safe for
// concurrent use; at most Config.MaxConcurrent requests run at once.
type Client struct {
	cfg  Config
	url  string // the chat/completions URL
	name string // the URL without credentials or query, for errors
	host string
	sem  chan struct{}
}

// New checks cfg and returns a client. It sends nothing.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	if strings.TrimSpace(cfg.Model) == "" {
		return nil, errors.New("rewrite: no model name given")
	}
	if strings.TrimSpace(cfg.Endpoint) == "" {
		return nil, errors.New("rewrite: no endpoint given")
	}
	u, err := url.Parse(strings.TrimSpace(cfg.Endpoint))
	if err != nil {
		return nil, fmt.Errorf("rewrite: endpoint %s: %v", redactURL(cfg.Endpoint), errors.Unwrap(err))
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("rewrite: endpoint %s: want an http:// or https:// URL with a host", redactURL(cfg.Endpoint))
	}
	u.Path = strings.TrimRight(u.Path, "/")
	if !strings.HasSuffix(u.Path, "/chat/completions") {
		u.Path += "/chat/completions"
	}
	u.RawPath = ""
	c := &Client{cfg: cfg, url: u.String(), name: redactURL(u.String()), host: u.Host, sem: make(chan struct{}, cfg.MaxConcurrent)}
	return c, nil
}

// Model is the model name the client asks for.
func (c *Client) Model() string { return c.cfg.Model }

// Host is the endpoint's host (and port), safe to show and store.
func (c *Client) Host() string { return c.host }

// String names the endpoint and model, never the key.
func (c *Client) String() string { return c.cfg.Model + " at " + c.name }

// Message is one chat message.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Temperature float64   `json:"temperature"`
	Stream      bool      `json:"stream"`
}

// Complete sends messages to the endpoint (temperature 0) and returns the
// first choice's text. A 429, a 5xx, a time-out or a network error is
// retried up to Config.MaxRetries times with exponential backoff, honouring
// Retry-After (a second time-out ends the retries); a cancelled ctx stops
// at once. Errors name the endpoint and
// the reason, never the key.
func (c *Client) Complete(ctx context.Context, messages []Message) (string, error) {
	body, err := json.Marshal(chatRequest{Model: c.cfg.Model, Messages: messages, Temperature: 0})
	if err != nil {
		return "", fmt.Errorf("rewrite: %s: encoding the request: %w", c.name, err)
	}
	var last error
	timeouts := 0
	for attempt := 0; ; attempt++ {
		text, retryAfter, err := c.attempt(ctx, body)
		if err == nil {
			return text, nil
		}
		if ctx.Err() != nil {
			return "", fmt.Errorf("rewrite: %s: %w", c.name, ctx.Err())
		}
		var re *retryable
		if !errors.As(err, &re) {
			return "", err
		}
		last = re.err
		if errors.Is(last, ErrTimeout) {
			timeouts++
		}
		// A hung endpoint costs at most two time-outs, not one per retry.
		if attempt >= c.cfg.MaxRetries || timeouts >= 2 {
			return "", fmt.Errorf("%w (gave up after %d attempts)", last, attempt+1)
		}
		wait := c.cfg.Backoff << attempt
		if wait <= 0 || wait > c.cfg.MaxWait {
			wait = c.cfg.MaxWait
		}
		wait = time.Duration(float64(wait) * (0.8 + 0.4*rand.Float64()))
		if retryAfter > c.cfg.MaxWait {
			return "", fmt.Errorf("%w (asks to retry after %s, longer than the %s allowed)", last, retryAfter, c.cfg.MaxWait)
		}
		if retryAfter > wait {
			wait = retryAfter
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", fmt.Errorf("rewrite: %s: %w", c.name, ctx.Err())
		case <-t.C:
		}
	}
}

// retryable marks an attempt's error worth another attempt.
type retryable struct{ err error }

func (r *retryable) Error() string { return r.err.Error() }
func (r *retryable) Unwrap() error { return r.err }

// attempt sends one request. It returns the answer, or an error (wrapped
// in *retryable when another attempt may succeed) and the Retry-After the
// endpoint asked for.
func (c *Client) attempt(ctx context.Context, body []byte) (string, time.Duration, error) {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return "", 0, ctx.Err()
	}
	defer func() { <-c.sem }()
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return "", 0, fmt.Errorf("rewrite: %s: %v", c.name, c.redact(err.Error()))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "storyline-rewrite")
	if c.cfg.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.APIKey)
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return "", 0, ctx.Err()
		}
		if actx.Err() != nil {
			return "", 0, &retryable{fmt.Errorf("rewrite: POST %s: %w within %s", c.name, ErrTimeout, c.cfg.Timeout)}
		}
		return "", 0, &retryable{fmt.Errorf("rewrite: POST %s: %s", c.name, c.redact(netReason(err)))}
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.cfg.MaxResponseBytes+1))
	if err != nil {
		if ctx.Err() != nil {
			return "", 0, ctx.Err()
		}
		if actx.Err() != nil {
			return "", 0, &retryable{fmt.Errorf("rewrite: POST %s: %w within %s (reading the answer)", c.name, ErrTimeout, c.cfg.Timeout)}
		}
		return "", 0, &retryable{fmt.Errorf("rewrite: POST %s: reading the answer: %s", c.name, c.redact(netReason(err)))}
	}
	if int64(len(data)) > c.cfg.MaxResponseBytes {
		return "", 0, fmt.Errorf("rewrite: POST %s: %w: over %d bytes", c.name, ErrTooLarge, c.cfg.MaxResponseBytes)
	}
	if resp.StatusCode != http.StatusOK {
		err := fmt.Errorf("rewrite: POST %s: %w %d%s", c.name, ErrStatus, resp.StatusCode, c.reason(resp.StatusCode, data))
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout {
			return "", retryAfter(resp.Header.Get("Retry-After"), time.Now()), &retryable{err}
		}
		return "", 0, err
	}
	text, err := parseCompletion(data)
	if err != nil {
		return "", 0, fmt.Errorf("rewrite: POST %s: %w: %s", c.name, ErrMalformed, c.redact(err.Error()))
	}
	return text, 0, nil
}

// reason is a short, single-line explanation of an error status: the
// endpoint's own message when it gives one, with advice for the usual
// cases.
func (c *Client) reason(status int, body []byte) string {
	msg := ""
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && len(e.Error) > 0 {
		var obj struct {
			Message string `json:"message"`
		}
		var s string
		if json.Unmarshal(e.Error, &obj) == nil && obj.Message != "" {
			msg = obj.Message
		} else if json.Unmarshal(e.Error, &s) == nil {
			msg = s
		}
	} else if !json.Valid(body) {
		msg = string(body)
	}
	msg = strings.Join(strings.Fields(c.redact(msg)), " ")
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:200]) + "…"
	}
	switch status {
	case http.StatusUnauthorized, http.StatusForbidden:
		if c.cfg.APIKey == "" {
			msg = strings.TrimSpace(msg + " (no key was sent: set " + KeyEnv + ")")
		} else {
			msg = strings.TrimSpace(msg + " (check the key in " + KeyEnv + ")")
		}
	case http.StatusNotFound:
		msg = strings.TrimSpace(msg + " (check the endpoint URL and the model name)")
	}
	if msg == "" {
		return ""
	}
	return ": " + msg
}

// redact removes the key from text an endpoint or the network stack
// produced.
func (c *Client) redact(s string) string {
	if c.cfg.APIKey != "" {
		s = strings.ReplaceAll(s, c.cfg.APIKey, "[key]")
	}
	return s
}

// netReason is the cause of a transport error without the URL, which the
// caller names already.
func netReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Op + ": " + op.Err.Error()
	}
	return err.Error()
}

// redactURL drops credentials, query and fragment from a URL for
// messages; what does not parse is shown as its scheme and host at most.
func redactURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "(unparseable URL)"
	}
	u.User = nil
	u.RawQuery = ""
	u.Fragment = ""
	return u.String()
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(min(s, 1<<20)) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// parseCompletion returns the text of the first choice of a chat
// completion. Content may be a string or a list of text parts.
func parseCompletion(data []byte) (string, error) {
	var r struct {
		Choices []struct {
			Message struct {
				Content json.RawMessage `json:"content"`
				Refusal string          `json:"refusal"`
			} `json:"message"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return "", fmt.Errorf("not a JSON chat completion: %v", err)
	}
	if len(r.Choices) == 0 {
		return "", errors.New("no choices in the answer")
	}
	m := r.Choices[0].Message
	if m.Refusal != "" {
		return "", fmt.Errorf("the model refused: %s", m.Refusal)
	}
	var s string
	if err := json.Unmarshal(m.Content, &s); err == nil {
		if strings.TrimSpace(s) == "" {
			return "", errors.New("empty message content")
		}
		return s, nil
	}
	var parts []struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	if err := json.Unmarshal(m.Content, &parts); err != nil {
		return "", errors.New("message content is neither text nor a list of text parts")
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Type == "text" || p.Type == "" {
			b.WriteString(p.Text)
		}
	}
	if strings.TrimSpace(b.String()) == "" {
		return "", errors.New("empty message content")
	}
	return b.String(), nil
}
