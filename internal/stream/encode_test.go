package stream_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/stream"
)

func TestEncodeRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		doc  model.RawDoc
	}{
		{"empty", model.RawDoc{}},
		{"text", model.RawDoc{ID: "a", Origin: "a.txt", Format: "text", Body: []byte("MOSCOW, July 14. /TASS/. Talks."), Fetched: time.Date(2016, 7, 15, 1, 2, 3, 4, time.FixedZone("MSK", 3*3600))}},
		{"structured", model.RawDoc{Origin: "f.jsonl:3", Format: "article", Title: "T", Text: "Body", Source: "S", Author: "A", Published: "2016-07-15", Language: "en", Label: "e9", URL: "https://x.org/a"}},
		{"html compressed", model.RawDoc{Origin: "p.html", Format: "html", Body: bytes.Repeat([]byte("<p>a &amp; b</p>\n"), 2000)}},
		{"binary body", model.RawDoc{Origin: "bad.txt", Body: []byte{0xff, 0xfe, 0, 'a', 0x80}}},
		{"empty body", model.RawDoc{Origin: "e.txt", Body: []byte{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := stream.Encode(tc.doc, 0)
			if err != nil {
				t.Fatal(err)
			}
			got, err := stream.Decode(b, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Fetched.Equal(tc.doc.Fetched) {
				t.Errorf("Fetched %v, want %v", got.Fetched, tc.doc.Fetched)
			}
			got.Fetched = tc.doc.Fetched
			if !bytes.Equal(got.Body, tc.doc.Body) {
				t.Errorf("Body %q, want %q", got.Body, tc.doc.Body)
			}
			got.Body, tc.doc.Body = nil, nil
			if !reflect.DeepEqual(got, tc.doc) {
				t.Errorf("got %+v, want %+v", got, tc.doc)
			}
		})
	}
}

// TestEncodeCompact checks that a page is not inflated by HTML escaping
// and is compressed.
func TestEncodeCompact(t *testing.T) {
	page := bytes.Repeat([]byte("<div class=\"x\"><p>Ministers & aides met.</p></div>\n"), 1000)
	b, err := stream.Encode(model.RawDoc{Origin: "p.html", Format: "html", Body: page}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) >= len(page)/4 {
		t.Errorf("encoded %d bytes for a %d-byte repetitive page, want under a quarter", len(b), len(page))
	}
}

func TestEncodeTooLarge(t *testing.T) {
	d := model.RawDoc{Origin: "huge.html", Body: bytes.Repeat([]byte("x"), 2000)}
	_, err := stream.Encode(d, 1000)
	if !errors.Is(err, stream.ErrTooLarge) || !strings.Contains(err.Error(), "huge.html") {
		t.Errorf("Encode over the limit: %v, want ErrTooLarge naming huge.html", err)
	}
}

func TestDecodeRefuses(t *testing.T) {
	big, _ := stream.Encode(model.RawDoc{Origin: "b", Body: bytes.Repeat([]byte("y"), 100_000)}, 0)
	tests := map[string][]byte{
		"empty":            nil,
		"not json":         []byte("hello"),
		"json array":       []byte(`[1,2]`),
		"bad field":        []byte(`{"o": 5}`),
		"bad gzip":         {0x1f, 0x8b, 1, 2, 3},
		"decompresses big": big,
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := stream.Decode(b, 50_000); !errors.Is(err, stream.ErrInvalid) {
				t.Errorf("Decode: %v, want ErrInvalid", err)
			}
		})
	}
}

func TestMessageID(t *testing.T) {
	a := model.RawDoc{Origin: "a.txt", Body: []byte("x"), Fetched: time.Unix(1, 0)}
	b := a
	b.Fetched = time.Unix(2, 0)
	c := a
	c.Origin = "b.txt"
	if stream.MessageID(a) != stream.MessageID(b) {
		t.Error("the time a document was read changed its id")
	}
	if stream.MessageID(a) == stream.MessageID(c) {
		t.Error("two origins with one content share an id")
	}
}

func TestValidGroup(t *testing.T) {
	for g, ok := range map[string]bool{"workers": true, "a-b_C9": true, "": false, "a.b": false, "a b": false, "a*": false, strings.Repeat("a", 65): false} {
		if err := stream.ValidGroup(g); (err == nil) != ok {
			t.Errorf("ValidGroup(%q) = %v, want ok=%v", g, err, ok)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, d := range []model.RawDoc{{Origin: "a", Body: []byte("b")}, {Origin: "p.html", Body: bytes.Repeat([]byte("<p>x</p>"), 1000)}} {
		b, _ := stream.Encode(d, 0)
		f.Add(b)
	}
	f.Add([]byte(`{"bb":"AAEC","ft":"2016-07-15T00:00:00Z"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := stream.Decode(b, 1<<20)
		if err != nil {
			return
		}
		// What decodes must survive another round trip unchanged.
		b2, err := stream.Encode(d, 1<<20)
		if err != nil {
			if errors.Is(err, stream.ErrTooLarge) {
				return
			}
			t.Fatal(err)
		}
		d2, err := stream.Decode(b2, 1<<20)
		if err != nil {
			t.Fatalf("re-encoded message does not decode: %v", err)
		}
		if stream.MessageID(d) != stream.MessageID(d2) || !d.Fetched.Equal(d2.Fetched) {
			t.Fatalf("round trip changed the document: %+v -> %+v", d, d2)
		}
	})
}

func TestDefaultBackoff(t *testing.T) {
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}
	for i, w := range want {
		if got := stream.DefaultBackoff(i + 1); got != w {
			t.Errorf("DefaultBackoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := stream.DefaultBackoff(50); got != time.Minute {
		t.Errorf("DefaultBackoff(50) = %v, want the 1 min cap", got)
	}
}
