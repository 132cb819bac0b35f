package store_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/store"
)

func TestParseQuery(t *testing.T) {
	cases := []struct {
		in   string
		want string // Query.String(); "" for ErrBadQuery
	}{
		{"storm", "storm"},
		{"  storm   flood ", "storm flood"},
		{`"prime minister"`, `"prime minister"`},
		{`"prime  minister`, `"prime minister"`},
		{"elect*", "elect*"},
		{`"prime min"*`, `"prime min"*`},
		{"storm OR flood", "storm OR flood"},
		{"a b OR c", "a b OR c"},
		{"OR storm OR", "storm"},
		{"storm or flood", "storm or flood"},
		{"a*b", `"a b"`},
		{`U.S.`, `U.S.`},
		{"title:storm", "title:storm"},
		{"-storm", "-storm"},
		{"***", ""},
		{"", ""},
		{`""`, ""},
		{"OR", ""},
		{"(( ))", ""},
		{"\xff\xfe", ""},
		{"storm\x00flood", "storm flood"},
		{strings.Repeat("x ", store.MaxQueryTerms+1), ""},
		{strings.Repeat("x", store.MaxQueryBytes+1), ""},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			q, err := store.ParseQuery(c.in)
			if c.want == "" {
				if !errors.Is(err, store.ErrBadQuery) {
					t.Errorf("got %q, %v; want ErrBadQuery", q.String(), err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := q.String(); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// FuzzParseQuery checks that every string parses or fails with ErrBadQuery,
// that terms hold no quote and something searchable, and that String
// round-trips.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"storm", `"a b"* OR c`, `"`, "x*y", "OR OR", "\xff", `a" b "c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := store.ParseQuery(s)
		if err != nil {
			if !errors.Is(err, store.ErrBadQuery) {
				t.Fatalf("ParseQuery(%q): %v", s, err)
			}
			return
		}
		for _, g := range q.Groups {
			if len(g) == 0 {
				t.Fatalf("empty group in %q", s)
			}
			for _, term := range g {
				if strings.ContainsAny(term.Text, "\"*") || !utf8.ValidString(term.Text) || strings.TrimSpace(term.Text) != term.Text {
					t.Fatalf("ParseQuery(%q): bad term %q", s, term.Text)
				}
			}
		}
		again, err := store.ParseQuery(q.String())
		if err != nil || again.String() != q.String() {
			t.Fatalf("round trip of %q: %q -> %q, %v", s, q.String(), again.String(), err)
		}
	})
}
