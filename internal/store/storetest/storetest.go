// Package storetest is the conformance suite every store.Store
// implementation must pass: idempotent puts, ordering, not-found and invalid
// input errors, ingested-input records, marks, grouping replacement, search, the
// atomicity of a failed call and concurrent readers. An implementation's
// test calls Run with a function that opens a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/store"
)

// Run runs the suite. open must return a new empty store for each call;
// Run closes it when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		f    func(t *testing.T, s store.Store)
	}{
		{"PutIdempotent", testPutIdempotent},
		{"RoundTrip", testRoundTrip},
		{"NotFound", testNotFound},
		{"InvalidInput", testInvalid},
		{"TooLarge", testTooLarge},
		{"InvalidUTF8", testInvalidUTF8},
		{"ArticleOrder", testArticleOrder},
		{"Ingested", testIngested},
		{"Marks", testMarks},
		{"MarksInvalid", testMarksInvalid},
		{"Grouping", testGrouping},
		{"StoryOrder", testStoryOrder},
		{"GroupingFollowsUpdates", testGroupingFollowsUpdates},
		{"Search", testSearch},
		{"SearchAnyQuery", testSearchAnyQuery},
		{"SearchFollowsUpdates", testSearchFollowsUpdates},
		{"Atomic", testAtomic},
		{"CanceledContext", testCanceled},
		{"ConcurrentReaders", testConcurrent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tc.f(t, s)
		})
	}
}

var day0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// Article returns a test article published day days after 2024-03-01
// (undated when day < 0) with the words of text.
func Article(id string, day int, title, text string) *model.Article {
	a := &model.Article{
		ID:         id,
		URL:        "https://example.com/" + id,
		Outlet:     model.Outlet{Name: "Example", Domain: "example.com"},
		Title:      title,
		Language:   "en",
		Paragraphs: []string{text},
		Text:       text,
	}
	if day >= 0 {
		a.Published = &model.Published{Time: day0.AddDate(0, 0, day), Precision: model.PrecisionMinute, Source: model.DateMetadata}
	}
	return a
}

func mustPut(t *testing.T, s store.Store, as ...*model.Article) store.PutStats {
	t.Helper()
	st, err := s.PutArticles(context.Background(), as)
	if err != nil {
		t.Fatalf("PutArticles: %v", err)
	}
	return st
}

func ids[T any](xs []T, id func(T) string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return strings.Join(out, ",")
}

func articleIDs(as []*model.Article) string {
	return ids(as, func(a *model.Article) string { return a.ID })
}
func storyIDs(ss []*model.Story) string { return ids(ss, func(s *model.Story) string { return s.ID }) }

func testPutIdempotent(t *testing.T, s store.Store) {
	as := []*model.Article{
		Article("a", 0, "Storm hits coast", "A storm hit the coast."),
		Article("b", 1, "Floods follow", "Floods followed the storm."),
		Article("c", 2, "Clean-up begins", "The clean-up began."),
	}
	steps := []struct {
		name string
		put  []*model.Article
		want store.PutStats
	}{
		{"first", as, store.PutStats{Inserted: 3}},
		{"again", as, store.PutStats{Unchanged: 3}},
		{"one changed", []*model.Article{as[0], Article("b", 1, "Floods follow", "Floods followed the storm, officials said."), as[2]}, store.PutStats{Updated: 1, Unchanged: 2}},
		{"changed again is unchanged", []*model.Article{Article("b", 1, "Floods follow", "Floods followed the storm, officials said.")}, store.PutStats{Unchanged: 1}},
		{"new and old", []*model.Article{Article("d", 3, "Aid arrives", "Aid arrived."), as[2]}, store.PutStats{Inserted: 1, Unchanged: 1}},
		{"empty", nil, store.PutStats{}},
	}
	for _, st := range steps {
		if got := mustPut(t, s, st.put...); got != st.want {
			t.Errorf("%s: stats %+v, want %+v", st.name, got, st.want)
		}
	}
	stats, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if stats.Articles != 4 {
		t.Errorf("Stats.Articles = %d, want 4", stats.Articles)
	}
	b, err := s.Article(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.Text, "officials said") {
		t.Errorf("updated article not stored: text %q", b.Text)
	}
}

func testRoundTrip(t *testing.T, s store.Store) {
	a := Article("rt", 5, "Title — with “quotes”", "Первый абзац.\n\nSecond paragraph, 日本語.")
	a.Paragraphs = []string{"Первый абзац.", "Second paragraph, 日本語."}
	a.Byline = "A. Writer"
	a.Flags = []string{"no_date"}
	a.Sentences = []model.Sentence{{Span: model.Span{Start: 0, End: 25}, Text: "Первый абзац.", Paragraph: 0}}
	a.Mentions = []model.Mention{{Span: model.Span{Start: 0, End: 6}, Text: "Первый", Type: model.Person, Entity: "p1"}}
	a.Quotes = []model.Quote{{Speaker: "he", Text: "x", Direct: true, Span: model.Span{Start: 1, End: 2}}}
	a.TimeRefs = []model.TimeRef{{Text: "Monday", Value: "2024-03-04", Type: "DATE"}}
	a.DuplicateOf = "orig"
	mustPut(t, s, a)
	got, err := s.Article(context.Background(), "rt")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"title", got.Title, a.Title},
		{"text", got.Text, a.Text},
		{"paragraphs", fmt.Sprint(got.Paragraphs), fmt.Sprint(a.Paragraphs)},
		{"published", got.Published != nil && got.Published.Time.Equal(a.Published.Time) && got.Published.Source == a.Published.Source, true},
		{"outlet", got.Outlet, a.Outlet},
		{"byline", got.Byline, a.Byline},
		{"flags", fmt.Sprint(got.Flags), fmt.Sprint(a.Flags)},
		{"sentences", fmt.Sprint(got.Sentences), fmt.Sprint(a.Sentences)},
		{"mentions", fmt.Sprint(got.Mentions), fmt.Sprint(a.Mentions)},
		{"quotes", fmt.Sprint(got.Quotes), fmt.Sprint(a.Quotes)},
		{"timerefs", fmt.Sprint(got.TimeRefs), fmt.Sprint(a.TimeRefs)},
		{"duplicate_of", got.DuplicateOf, a.DuplicateOf},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	// What the store returns is what it stored: putting it back changes
	// nothing (the pipeline re-puts articles it read back).
	if st := mustPut(t, s, got); st.Unchanged != 1 {
		t.Errorf("re-putting a read article: %+v, want unchanged", st)
	}
	// The caller's copy is the caller's: changing it changes nothing stored.
	got.Title = "changed"
	again, _ := s.Article(context.Background(), "rt")
	if again.Title != a.Title {
		t.Errorf("returned article aliases stored state")
	}
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustPut(t, s, Article("a", 0, "t", "x"))
	if _, err := s.Article(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(missing): %v, want ErrNotFound", err)
	}
	if _, err := s.Story(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Story(missing): %v, want ErrNotFound", err)
	}
	if _, err := s.Article(ctx, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(\"\"): %v, want ErrNotFound", err)
	}
	as, err := s.Articles(ctx, store.ArticleFilter{Story: "missing"})
	if err != nil || as == nil || len(as) != 0 {
		t.Errorf("Articles(story missing) = %v, %v; want empty non-nil slice", as, err)
	}
	ss, err := s.Stories(ctx, store.StoryFilter{})
	if err != nil || ss == nil || len(ss) != 0 {
		t.Errorf("Stories() on no grouping = %v, %v; want empty non-nil slice", ss, err)
	}
	sl, err := s.Storylines(ctx)
	if err != nil || sl == nil || len(sl) != 0 {
		t.Errorf("Storylines() on no grouping = %v, %v; want empty non-nil slice", sl, err)
	}
}

func testInvalid(t *testing.T, s store.Store) {
	ctx := context.Background()
	cases := []struct {
		name string
		call func() error
	}{
		{"empty article id", func() error { _, err := s.PutArticles(ctx, []*model.Article{Article("", 0, "t", "x")}); return err }},
		{"nil article", func() error { _, err := s.PutArticles(ctx, []*model.Article{nil}); return err }},
		{"long article id", func() error {
			_, err := s.PutArticles(ctx, []*model.Article{Article(strings.Repeat("x", store.MaxIDBytes+1), 0, "t", "x")})
			return err
		}},
		{"empty story id", func() error { return s.ReplaceGrouping(ctx, []*model.Story{{Headline: "h"}}, nil) }},
		{"duplicate story id", func() error {
			return s.ReplaceGrouping(ctx, []*model.Story{{ID: "s"}, {ID: "s"}}, nil)
		}},
		{"duplicate storyline id", func() error {
			return s.ReplaceGrouping(ctx, nil, []*model.Storyline{{ID: "l"}, {ID: "l"}})
		}},
		{"negative limit", func() error { _, err := s.Articles(ctx, store.ArticleFilter{Limit: -1}); return err }},
		{"negative offset", func() error { _, err := s.Stories(ctx, store.StoryFilter{Offset: -1}); return err }},
		{"unknown order", func() error { _, err := s.Stories(ctx, store.StoryFilter{Order: "random"}); return err }},
		{"empty origin", func() error { return s.MarkIngested(ctx, store.Input{Size: 1}) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("got %v, want ErrInvalid", err)
			}
		})
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st != (store.Stats{}) {
		t.Errorf("refused input left state behind: %+v", st)
	}
}

func testTooLarge(t *testing.T, s store.Store) {
	ctx := context.Background()
	big := strings.Repeat("word ", store.MaxArticleBytes/5+1)
	cases := []struct {
		name string
		a    *model.Article
	}{
		{"text", Article("big-text", 0, "t", big)},
		{"title", func() *model.Article { a := Article("big-title", 0, big, "x"); return a }()},
		{"paragraphs", func() *model.Article {
			a := Article("big-paragraphs", 0, "t", "x")
			a.Paragraphs = []string{big[:len(big)/2], big[len(big)/2:], "x"}
			return a
		}()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.PutArticles(ctx, []*model.Article{c.a})
			if !errors.Is(err, store.ErrTooLarge) {
				t.Fatalf("got %v, want ErrTooLarge", err)
			}
			if !strings.Contains(err.Error(), c.a.ID) {
				t.Errorf("error %q does not name the article %q", err, c.a.ID)
			}
			if _, err := s.Article(ctx, c.a.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("oversized article stored: %v", err)
			}
		})
	}
}

func testInvalidUTF8(t *testing.T, s store.Store) {
	ctx := context.Background()
	a := Article("bad-utf8", 0, "Bad \xff title", "Text with \xc3\x28 broken \xed\xa0\x80 bytes and zebra.")
	mustPut(t, s, a)
	got, err := s.Article(ctx, "bad-utf8")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{got.Title, got.Text, got.Paragraphs[0]} {
		if !utf8.ValidString(f) {
			t.Errorf("stored text is not valid UTF-8: %q", f)
		}
	}
	if !strings.Contains(got.Text, "broken") || !strings.Contains(got.Text, "\uFFFD") {
		t.Errorf("text %q: want the valid parts kept and U+FFFD in place of invalid bytes", got.Text)
	}
	hits, err := s.Search(ctx, "zebra", 10)
	if err != nil || len(hits) != 1 || !utf8.ValidString(hits[0].Snippet) || !utf8.ValidString(hits[0].Title) {
		t.Errorf("Search(zebra) = %+v, %v; want one hit with valid UTF-8", hits, err)
	}
	if st := mustPut(t, s, a); st.Unchanged != 1 {
		t.Errorf("re-putting an article with invalid UTF-8: %+v, want unchanged", st)
	}
}

func testArticleOrder(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustPut(t, s,
		Article("e", -1, "undated", "x"),
		Article("c", 2, "t", "x"),
		Article("b", 0, "t", "x"),
		Article("a", 2, "t", "x"),
		Article("d", 1, "t", "x"),
	)
	fr := Article("f", 1, "t", "x")
	fr.Language = "fr"
	mustPut(t, s, fr)
	cases := []struct {
		name string
		f    store.ArticleFilter
		want string
	}{
		{"all", store.ArticleFilter{}, "b,d,f,a,c,e"},
		{"limit", store.ArticleFilter{Limit: 2}, "b,d"},
		{"offset", store.ArticleFilter{Offset: 4}, "c,e"},
		{"page", store.ArticleFilter{Limit: 2, Offset: 2}, "f,a"},
		{"since", store.ArticleFilter{Since: day0.AddDate(0, 0, 1)}, "d,f,a,c"},
		{"until", store.ArticleFilter{Until: day0.AddDate(0, 0, 1)}, "b"},
		{"window", store.ArticleFilter{Since: day0.AddDate(0, 0, 1), Until: day0.AddDate(0, 0, 2)}, "d,f"},
		{"language", store.ArticleFilter{Language: "fr"}, "f"},
		{"past the end", store.ArticleFilter{Offset: 10}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			as, err := s.Articles(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if got := articleIDs(as); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func testIngested(t *testing.T, s store.Store) {
	ctx := context.Background()
	mtime := time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)
	in := store.Input{Origin: "data/a.jsonl", Size: 100, ModTime: mtime}
	hashed := store.Input{Origin: "data/b.jsonl", Size: 5, ModTime: mtime, Hash: "abc"}
	if ok, err := s.IsIngested(ctx, in); err != nil || ok {
		t.Fatalf("IsIngested before mark = %v, %v", ok, err)
	}
	if err := s.MarkIngested(ctx, in, hashed); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   store.Input
		want bool
	}{
		{"same", in, true},
		{"same mtime other zone", store.Input{Origin: in.Origin, Size: 100, ModTime: mtime.In(time.FixedZone("x", 3600))}, true},
		{"grown", store.Input{Origin: in.Origin, Size: 101, ModTime: mtime}, false},
		{"touched", store.Input{Origin: in.Origin, Size: 100, ModTime: mtime.Add(time.Second)}, false},
		{"other origin", store.Input{Origin: "data/c.jsonl", Size: 100, ModTime: mtime}, false},
		{"same hash, touched", store.Input{Origin: hashed.Origin, Size: 5, ModTime: mtime.Add(time.Hour), Hash: "abc"}, true},
		{"other hash", store.Input{Origin: hashed.Origin, Size: 5, ModTime: mtime, Hash: "abd"}, false},
		{"no hash given", store.Input{Origin: hashed.Origin, Size: 5, ModTime: mtime}, true},
	}
	for _, c := range cases {
		if ok, err := s.IsIngested(ctx, c.in); err != nil || ok != c.want {
			t.Errorf("%s: IsIngested = %v, %v; want %v", c.name, ok, err, c.want)
		}
	}
	// Re-marking replaces the recorded version.
	grown := store.Input{Origin: in.Origin, Size: 200, ModTime: mtime.Add(time.Minute)}
	if err := s.MarkIngested(ctx, grown); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.IsIngested(ctx, in); ok {
		t.Errorf("old version still ingested after re-mark")
	}
	if ok, _ := s.IsIngested(ctx, grown); !ok {
		t.Errorf("new version not ingested after re-mark")
	}
	if st, _ := s.Stats(ctx); st.Inputs != 2 {
		t.Errorf("Stats.Inputs = %d, want 2", st.Inputs)
	}
}

func testMarks(t *testing.T, s store.Store) {
	ctx := context.Background()
	if got, err := s.Marks(ctx, []string{"a/1", "b"}); err != nil || len(got) != 0 {
		t.Fatalf("Marks on an empty store = %v, %v; want none", got, err)
	}
	if got, err := s.Marks(ctx, nil); err != nil || len(got) != 0 {
		t.Fatalf("Marks(nil) = %v, %v; want none", got, err)
	}
	odd := "a/\x00nul\xffbyte"
	marks := map[string]string{
		"a/1": "v1", "a/2": "v2", "a/3": "", "a": "prefix itself", "a0": "after the prefix",
		"b/1": "other", odd: "\x00\xfe value", "a/\xff": "high byte",
	}
	if err := s.PutMarks(ctx, marks); err != nil {
		t.Fatal(err)
	}
	keys := []string{"a/1", "a/2", "a/3", "a", "a0", "b/1", odd, "a/\xff", "missing", "a/1"}
	got, err := s.Marks(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(marks) {
		t.Errorf("Marks = %q; want %q", got, marks)
	}
	for k, v := range marks {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("Marks[%q] = %q, %v; want %q", k, g, ok, v)
		}
	}
	// Many keys at once (implementations may split them).
	many := map[string]string{}
	var manyKeys []string
	for i := range 1200 {
		k := fmt.Sprintf("m/%05d", i)
		many[k] = fmt.Sprint(i)
		manyKeys = append(manyKeys, k)
	}
	if err := s.PutMarks(ctx, many); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Marks(ctx, manyKeys); err != nil || len(got) != len(many) || got["m/01199"] != "1199" {
		t.Errorf("Marks of %d keys: %d found, %v", len(manyKeys), len(got), err)
	}
	// Putting again replaces.
	if err := s.PutMarks(ctx, map[string]string{"a/1": "w1"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Marks(ctx, []string{"a/1", "a/2"}); got["a/1"] != "w1" || got["a/2"] != "v2" {
		t.Errorf("after a second put: %q; want a/1=w1, a/2=v2", got)
	}
	// Deleting by prefix touches only keys that start with it, and keeps
	// what keep wants.
	n, err := s.DeleteMarks(ctx, "a/", func(k string) bool { return k == "a/2" })
	if err != nil || n != 4 {
		t.Errorf("DeleteMarks(a/, keep a/2) = %d, %v; want 4 deleted (a/1, a/3, a/\\xff and the one with a NUL)", n, err)
	}
	got, err = s.Marks(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a/2": "v2", "a": "prefix itself", "a0": "after the prefix", "b/1": "other"}
	for _, k := range keys {
		w, kept := want[k]
		if g, ok := got[k]; ok != kept || g != w {
			t.Errorf("after DeleteMarks: %q = %q, %v; want %q, %v", k, g, ok, w, kept)
		}
	}
	// A nil keep deletes every key under the prefix; "" is every key.
	if n, err := s.DeleteMarks(ctx, "m/", nil); err != nil || n != len(many) {
		t.Errorf("DeleteMarks(m/, nil) = %d, %v; want %d", n, err, len(many))
	}
	if n, err := s.DeleteMarks(ctx, "", nil); err != nil || n != 4 {
		t.Errorf("DeleteMarks(\"\", nil) = %d, %v; want 4", n, err)
	}
	if got, err := s.Marks(ctx, keys); err != nil || len(got) != 0 {
		t.Errorf("Marks after deleting all = %q, %v", got, err)
	}
	// Marks are not inputs.
	if err := s.PutMarks(ctx, map[string]string{"storyline:told/s1": "k"}); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkIngested(ctx, store.Input{Origin: "data/a.jsonl", Size: 1}); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Stats(ctx); err != nil || st.Inputs != 1 {
		t.Errorf("Stats = %+v, %v; want 1 input", st, err)
	}
	if ok, _ := s.IsIngested(ctx, store.Input{Origin: "storyline:told/s1", Hash: "k"}); ok {
		t.Errorf("a mark reads as an ingested input")
	}
}

func testMarksInvalid(t *testing.T, s store.Store) {
	ctx := context.Background()
	cases := []struct {
		name  string
		marks map[string]string
	}{
		{"empty key", map[string]string{"": "v", "ok": "v"}},
		{"long key", map[string]string{strings.Repeat("k", store.MaxMarkKeyBytes+1): "v", "ok": "v"}},
		{"long value", map[string]string{"ok": strings.Repeat("v", store.MaxMarkValueBytes+1)}},
	}
	for _, c := range cases {
		if err := s.PutMarks(ctx, c.marks); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: PutMarks = %v; want ErrInvalid", c.name, err)
		}
	}
	if got, err := s.Marks(ctx, []string{"ok"}); err != nil || len(got) != 0 {
		t.Errorf("a refused PutMarks stored %q, %v", got, err)
	}
	long := map[string]string{strings.Repeat("k", store.MaxMarkKeyBytes): strings.Repeat("v", store.MaxMarkValueBytes)}
	if err := s.PutMarks(ctx, long); err != nil {
		t.Errorf("PutMarks at the limits: %v", err)
	}
}

// Grouping returns a small grouping over articles a1..a4: s1 (a1, a2) and
// s2 (a3) in storyline l1, s3 (a4) alone in l2.
func Grouping() ([]*model.Story, []*model.Storyline) {
	stories := []*model.Story{
		{
			ID: "s1", Headline: "Storm hits the coast", Start: day0, End: day0.AddDate(0, 0, 1),
			Articles:   []string{"a1", "a2"},
			Summary:    []model.Cited{{Text: "A storm hit the coast on Friday.", Articles: []string{"a1", "a2"}}},
			Timeline:   []model.TimelineEntry{{Date: "2024-03-01", Text: "Storm landfall", Articles: []string{"a1"}}},
			Quotes:     []model.StoryQuote{{Speaker: "Mayor", Text: "We are ready", Article: "a1"}},
			Entities:   []model.Entity{{Key: "coast", Name: "Coast", Type: model.Place}},
			Claims:     []model.Claim{{Text: "Ten died", Articles: []string{"a1"}, Kind: "conflict", Detail: "ten vs twelve"}},
			Importance: 0.9, Storyline: "l1",
		},
		{
			ID: "s2", Headline: "Floods after the storm", Start: day0.AddDate(0, 0, 3), End: day0.AddDate(0, 0, 4),
			Articles:   []string{"a3"},
			Summary:    []model.Cited{{Text: "Rivers burst their banks.", Articles: []string{"a3"}}},
			Importance: 0.5, Storyline: "l1",
		},
		{
			ID: "s3", Headline: "Budget vote delayed", Start: day0.AddDate(0, 0, 2), End: day0.AddDate(0, 0, 2),
			Articles:   []string{"a4"},
			Summary:    []model.Cited{{Text: "Parliament delayed the budget vote.", Articles: []string{"a4"}}},
			Importance: 0.7,
		},
	}
	lines := []*model.Storyline{
		{ID: "l1", Title: "Storm", Stories: []string{"s1", "s2"}},
		{ID: "l2", Title: "Budget", Stories: []string{"s3"}},
	}
	return stories, lines
}

func testGrouping(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustPut(t, s, Article("a1", 0, "t1", "x"), Article("a2", 1, "t2", "x"), Article("a3", 3, "t3", "x"), Article("a4", 2, "t4", "x"))
	stories, lines := Grouping()
	if err := s.ReplaceGrouping(ctx, stories, lines); err != nil {
		t.Fatal(err)
	}
	got, err := s.Story(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	want := stories[0]
	if fmt.Sprint(got.Summary, got.Timeline, got.Quotes, got.Entities, got.Claims, got.Articles, got.Headline, got.Importance, got.Storyline) !=
		fmt.Sprint(want.Summary, want.Timeline, want.Quotes, want.Entities, want.Claims, want.Articles, want.Headline, want.Importance, want.Storyline) ||
		!got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
		t.Errorf("Story(s1) = %+v, want %+v", got, want)
	}
	if a, _ := s.Article(ctx, "a2"); a == nil || a.Story != "s1" {
		t.Errorf("Article(a2).Story = %v, want s1", a)
	}
	if as, _ := s.Articles(ctx, store.ArticleFilter{Story: "s1"}); articleIDs(as) != "a1,a2" {
		t.Errorf("Articles(story s1) = %s, want a1,a2", articleIDs(as))
	}
	if ss, _ := s.Stories(ctx, store.StoryFilter{Storyline: "l1"}); storyIDs(ss) != "s1,s2" {
		t.Errorf("Stories(storyline l1) = %s, want s1,s2", storyIDs(ss))
	}
	if ss, _ := s.Stories(ctx, store.StoryFilter{Storyline: "l2"}); storyIDs(ss) != "s3" {
		t.Errorf("Stories(storyline l2, given by the storyline only) = %s, want s3", storyIDs(ss))
	}
	if ss, _ := s.Stories(ctx, store.StoryFilter{Article: "a3"}); storyIDs(ss) != "s2" {
		t.Errorf("Stories(article a3) = %s, want s2", storyIDs(ss))
	}
	sls, err := s.Storylines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(sls, func(l *model.Storyline) string { return l.ID }); got != "l1,l2" {
		t.Errorf("Storylines = %s, want l1,l2 (latest story first)", got)
	}
	if st, _ := s.Stats(ctx); st.Stories != 3 || st.Storylines != 2 {
		t.Errorf("Stats = %+v, want 3 stories, 2 storylines", st)
	}

	// Replacing drops what the new grouping does not hold.
	next := []*model.Story{{ID: "s9", Headline: "Regrouped", Articles: []string{"a1", "a2", "a3"}, Importance: 1}}
	if err := s.ReplaceGrouping(ctx, next, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Story(ctx, "s1"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Story(s1) after replace: %v, want ErrNotFound", err)
	}
	if a, _ := s.Article(ctx, "a4"); a == nil || a.Story != "" {
		t.Errorf("Article(a4).Story after replace = %v, want empty", a)
	}
	if a, _ := s.Article(ctx, "a2"); a == nil || a.Story != "s9" {
		t.Errorf("Article(a2).Story after replace = %v, want s9", a)
	}
	if hits, err := s.Search(ctx, "budget", 10); err != nil || len(hits) != 0 {
		t.Errorf("Search(budget) after replace = %+v, %v; want no hit", hits, err)
	}
	if sls, _ := s.Storylines(ctx); len(sls) != 0 {
		t.Errorf("Storylines after replace = %d, want 0", len(sls))
	}
}

// testGroupingFollowsUpdates replaces a grouping by one that keeps a
// story as it was, changes another's order only, another's headline,
// another's summary, drops one and adds one: reads and search follow each
// change (stores may keep the search entries of stories whose text is
// unchanged).
func testGroupingFollowsUpdates(t *testing.T, s store.Store) {
	ctx := context.Background()
	story := func(id, headline, summary string, importance float64) *model.Story {
		return &model.Story{ID: id, Headline: headline, Summary: []model.Cited{{Text: summary}}, Importance: importance, End: day0}
	}
	first := []*model.Story{
		story("same", "Walrus colony grows", "Walrus numbers rose.", 0.1),
		story("reordered", "Heron nests found", "Herons nest early.", 0.2),
		story("retitled", "Otter spotted", "An otter swam by.", 0.3),
		story("resummed", "Seal pups born", "Seal pups arrived.", 0.4),
		story("dropped", "Lynx returns", "A lynx came back.", 0.5),
	}
	if err := s.ReplaceGrouping(ctx, first, []*model.Storyline{{ID: "l1", Stories: []string{"same", "reordered"}}}); err != nil {
		t.Fatal(err)
	}
	next := []*model.Story{
		story("same", "Walrus colony grows", "Walrus numbers rose.", 0.1),
		story("reordered", "Heron nests found", "Herons nest early.", 0.9),
		story("retitled", "Beaver spotted", "An otter swam by.", 0.3),
		story("resummed", "Seal pups born", "Puffin chicks arrived.", 0.4),
		story("added", "Crane flocks gather", "Cranes gathered.", 0.05),
	}
	if err := s.ReplaceGrouping(ctx, next, []*model.Storyline{{ID: "l2", Stories: []string{"same"}}}); err != nil {
		t.Fatal(err)
	}
	if ss, _ := s.Stories(ctx, store.StoryFilter{}); storyIDs(ss) != "reordered,resummed,retitled,same,added" {
		t.Errorf("Stories after replace = %s, want reordered,resummed,retitled,same,added", storyIDs(ss))
	}
	if ss, _ := s.Stories(ctx, store.StoryFilter{Storyline: "l2"}); storyIDs(ss) != "same" {
		t.Errorf("Stories(storyline l2) after replace = %s, want same", storyIDs(ss))
	}
	if got, err := s.Story(ctx, "reordered"); err != nil || got.Importance != 0.9 {
		t.Errorf("Story(reordered) = %+v, %v; want importance 0.9", got, err)
	}
	if _, err := s.Story(ctx, "dropped"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Story(dropped) after replace: %v, want ErrNotFound", err)
	}
	cases := []struct {
		query, want string // want: the story ids hit, sorted
	}{
		{"walrus", "same"},
		{"heron", "reordered"},
		{"beaver", "retitled"},
		{"otter", "retitled"},
		{"puffin", "resummed"},
		{"seal", "resummed"},
		{"lynx", ""},
		{"crane", "added"},
	}
	for _, c := range cases {
		hits, err := s.Search(ctx, c.query, 10)
		if err != nil {
			t.Fatalf("Search(%q): %v", c.query, err)
		}
		var got []string
		for _, h := range hits {
			if h.Kind == store.HitStory {
				got = append(got, h.ID)
			}
		}
		sort.Strings(got)
		if strings.Join(got, ",") != c.want {
			t.Errorf("Search(%q) after replace: stories %v, want %q", c.query, got, c.want)
		}
	}
	// Search shows the new headline of a story whose headline changed.
	if hits, _ := s.Search(ctx, "otter", 10); len(hits) != 1 || hits[0].Title != "Beaver spotted" {
		t.Errorf("Search(otter) = %+v, want the new headline", hits)
	}
}

func testStoryOrder(t *testing.T, s store.Store) {
	ctx := context.Background()
	stories := []*model.Story{
		{ID: "old-big", Importance: 0.9, End: day0},
		{ID: "new-small", Importance: 0.1, End: day0.AddDate(0, 0, 5)},
		{ID: "mid", Importance: 0.5, End: day0.AddDate(0, 0, 2)},
		{ID: "tie-b", Importance: 0.5, End: day0.AddDate(0, 0, 2)},
		{ID: "undated", Importance: 0.5},
	}
	if err := s.ReplaceGrouping(ctx, stories, nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		f    store.StoryFilter
		want string
	}{
		{store.StoryFilter{}, "old-big,mid,tie-b,undated,new-small"},
		{store.StoryFilter{Order: store.ByImportance, Limit: 2}, "old-big,mid"},
		{store.StoryFilter{Order: store.ByImportance, Limit: 2, Offset: 2}, "tie-b,undated"},
		{store.StoryFilter{Order: store.ByNewest}, "new-small,mid,tie-b,old-big,undated"},
		{store.StoryFilter{Order: store.ByNewest, Offset: 4}, "undated"},
	}
	for _, c := range cases {
		ss, err := s.Stories(ctx, c.f)
		if err != nil {
			t.Fatal(err)
		}
		if got := storyIDs(ss); got != c.want {
			t.Errorf("Stories(%+v) = %s, want %s", c.f, got, c.want)
		}
	}
}

func searchFixture(t *testing.T, s store.Store) {
	mustPut(t, s,
		Article("a1", 0, "Storm hits the coast", "A powerful storm hit the northern coast on Friday, the weather service said."),
		Article("a2", 1, "Coastal towns flooded", "Floods swept through coastal towns after the storm. The prime minister visited."),
		Article("a3", 3, "Rivers burst banks", "Rivers burst their banks as rain continued for a third day."),
		Article("a4", 2, "Budget vote delayed", "Parliament delayed the budget vote until next week, the prime minister's office said."),
		Article("a5", 4, "Électricité rétablie", "L'électricité a été rétablie à São Paulo après la tempête."),
	)
	stories, lines := Grouping()
	if err := s.ReplaceGrouping(context.Background(), stories, lines); err != nil {
		t.Fatal(err)
	}
}

func hitKeys(hs []store.Hit) map[string]bool {
	m := map[string]bool{}
	for _, h := range hs {
		m[string(h.Kind)+":"+h.ID] = true
	}
	return m
}

func testSearch(t *testing.T, s store.Store) {
	ctx := context.Background()
	searchFixture(t, s)
	cases := []struct {
		q       string
		want    []string // hits that must be present
		notWant []string
		first   string // expected best hit, if any
	}{
		{q: "rivers", want: []string{"article:a3", "story:s2"}, notWant: []string{"article:a1"}},
		{q: "storm coast", want: []string{"article:a1", "story:s1"}, notWant: []string{"article:a3"}},
		{q: `"prime minister"`, want: []string{"article:a2", "article:a4"}, notWant: []string{"article:a1"}},
		{q: `"minister prime"`, notWant: []string{"article:a2", "article:a4"}},
		{q: "budg*", want: []string{"article:a4", "story:s3"}},
		{q: "rivers OR budget", want: []string{"article:a3", "article:a4", "story:s2", "story:s3"}, notWant: []string{"article:a1"}},
		{q: "electricite", want: []string{"article:a5"}},
		{q: "sao paulo", want: []string{"article:a5"}},
		{q: "ÉLECTRICITÉ", want: []string{"article:a5"}},
		{q: "coast", first: "article:a1"},
		{q: "nonexistentword", notWant: []string{"article:a1"}},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			hits, err := s.Search(ctx, c.q, 20)
			if err != nil {
				t.Fatal(err)
			}
			if hits == nil {
				t.Errorf("nil hits, want a non-nil slice")
			}
			got := hitKeys(hits)
			for _, w := range c.want {
				if !got[w] {
					t.Errorf("missing hit %s in %v", w, got)
				}
			}
			for _, w := range c.notWant {
				if got[w] {
					t.Errorf("unexpected hit %s", w)
				}
			}
			if c.first != "" && (len(hits) == 0 || string(hits[0].Kind)+":"+hits[0].ID != c.first) {
				t.Errorf("best hit %+v, want %s", hits, c.first)
			}
			for i, h := range hits {
				if i > 0 && h.Score > hits[i-1].Score {
					t.Errorf("hits not ordered by score: %v after %v", h.Score, hits[i-1].Score)
				}
				if h.Title == "" || h.Snippet == "" {
					t.Errorf("hit %s:%s without title or snippet", h.Kind, h.ID)
				}
				if len(h.Highlights) == 0 {
					t.Errorf("hit %s:%s: no highlight in %q", h.Kind, h.ID, h.Snippet)
				}
				for _, sp := range h.Highlights {
					if sp.Start < 0 || sp.End > len(h.Snippet) || sp.Start >= sp.End {
						t.Errorf("hit %s: highlight %v outside snippet %q", h.ID, sp, h.Snippet)
					}
				}
			}
		})
	}
	if hits, err := s.Search(ctx, "the", 2); err != nil || len(hits) != 2 {
		t.Errorf("Search(the, limit 2) = %d hits, %v; want 2", len(hits), err)
	}
}

// testSearchAnyQuery checks that no query string is a syntax error: it
// either searches or fails with ErrBadQuery.
func testSearchAnyQuery(t *testing.T, s store.Store) {
	ctx := context.Background()
	searchFixture(t, s)
	queries := []string{
		`"`, `""`, `"storm`, `storm"`, `*`, `storm*`, `*storm`, `AND`, `OR`, `NOT`, `storm NOT`,
		`storm AND`, `NEAR(storm coast)`, `title:storm`, `{title}: storm`, `-storm`, `^storm`,
		`(storm`, `storm)`, `storm OR`, `OR storm`, `a:b:c`, `'`, `\`, `%`, `_`, `;DROP TABLE articles`,
		"storm\x00coast", "\xff\xfe", `storm + coast`, `"a" "b" OR OR "c"`, `U.S.`, `e-mail`, `100%`,
		`日本語`, `🙂`, strings.Repeat("storm ", 40), strings.Repeat("x", 2000),
	}
	for _, q := range queries {
		hits, err := s.Search(ctx, q, 10)
		if err != nil && !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("Search(%q): %v, want hits or ErrBadQuery", q, err)
		}
		if err == nil && hits == nil {
			t.Errorf("Search(%q): nil hits without error", q)
		}
	}
	for _, q := range []string{"", "   ", `"`, `*`, `OR`, `()`, `---`} {
		if _, err := s.Search(ctx, q, 10); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("Search(%q): %v, want ErrBadQuery", q, err)
		}
	}
	if hits, err := s.Search(ctx, `coastal:towns`, 10); err != nil || len(hits) == 0 {
		t.Errorf("Search(coastal:towns) = %v, %v; want the literal words searched", hits, err)
	}
}

func testSearchFollowsUpdates(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustPut(t, s, Article("a", 0, "Old headline", "walrus sighting reported"))
	mustPut(t, s, Article("a", 0, "New headline", "penguin sighting reported"))
	if hits, _ := s.Search(ctx, "walrus", 10); len(hits) != 0 {
		t.Errorf("old text still found after update: %+v", hits)
	}
	if hits, _ := s.Search(ctx, "penguin", 10); len(hits) != 1 || hits[0].Title != "New headline" {
		t.Errorf("new text not found once after update: %+v", hits)
	}
	// An update of the analysis alone (as a run's second write adds an
	// inferred date and entity links) keeps the article found once, and
	// later changes of the title, then of the text, are followed still.
	analyzed := Article("a", 3, "New headline", "penguin sighting reported")
	analyzed.Language = "de"
	analyzed.Flags = []string{"analyzed"}
	if st := mustPut(t, s, analyzed); st.Updated != 1 {
		t.Fatalf("analysis update: %+v, want one updated", st)
	}
	if hits, _ := s.Search(ctx, "penguin", 10); len(hits) != 1 || hits[0].Title != "New headline" {
		t.Errorf("text not found once after an analysis update: %+v", hits)
	}
	if got, err := s.Article(ctx, "a"); err != nil || got.Language != "de" || len(got.Flags) != 1 {
		t.Errorf("after an analysis update: %+v, %v; want the new analysis stored", got, err)
	}
	if as, _ := s.Articles(ctx, store.ArticleFilter{Language: "de"}); articleIDs(as) != "a" {
		t.Errorf("Articles(language de) after an analysis update = %s, want a", articleIDs(as))
	}
	retitled := *analyzed
	retitled.Title = "Puffin headline"
	mustPut(t, s, &retitled)
	if hits, _ := s.Search(ctx, "puffin", 10); len(hits) != 1 || hits[0].Title != "Puffin headline" {
		t.Errorf("new title not found once after update: %+v", hits)
	}
	if hits, _ := s.Search(ctx, "penguin", 10); len(hits) != 1 || hits[0].Title != "Puffin headline" {
		t.Errorf("text not found once after a title update: %+v", hits)
	}
	// Without text, the paragraphs are searched.
	retexted := retitled
	retexted.Text, retexted.Paragraphs = "", []string{"albatross sighting reported"}
	mustPut(t, s, &retexted)
	if hits, _ := s.Search(ctx, "penguin", 10); len(hits) != 0 {
		t.Errorf("old text still found after update: %+v", hits)
	}
	if hits, _ := s.Search(ctx, "albatross", 10); len(hits) != 1 {
		t.Errorf("paragraphs not found once after update: %+v", hits)
	}
}

func testAtomic(t *testing.T, s store.Store) {
	ctx := context.Background()
	mustPut(t, s, Article("keep", 0, "kept", "kept text"))
	// The third article is refused, so neither the new article nor the
	// change to "keep" may be stored.
	batch := []*model.Article{
		Article("new", 1, "new", "newtext"),
		Article("keep", 0, "kept", "changed text"),
		Article("", 2, "bad", "bad"),
	}
	if _, err := s.PutArticles(ctx, batch); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("PutArticles(bad batch): %v, want ErrInvalid", err)
	}
	if _, err := s.Article(ctx, "new"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("part of a failed batch was stored: %v", err)
	}
	if a, _ := s.Article(ctx, "keep"); a == nil || a.Text != "kept text" {
		t.Errorf("failed batch changed a stored article: %+v", a)
	}
	if hits, _ := s.Search(ctx, "newtext", 10); len(hits) != 0 {
		t.Errorf("failed batch left a search entry")
	}
	// A refused grouping leaves the previous one in place.
	stories, lines := Grouping()
	if err := s.ReplaceGrouping(ctx, stories, lines); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplaceGrouping(ctx, []*model.Story{{ID: "x"}, {ID: "x"}}, nil); !errors.Is(err, store.ErrInvalid) {
		t.Fatalf("ReplaceGrouping(duplicate ids): %v, want ErrInvalid", err)
	}
	if st, _ := s.Stats(ctx); st.Stories != 3 {
		t.Errorf("failed grouping changed the stories: %+v", st)
	}
}

func testCanceled(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.PutArticles(ctx, []*model.Article{Article("a", 0, "t", "x")}); err == nil {
		t.Errorf("PutArticles with a canceled context succeeded")
	}
	if _, err := s.Article(context.Background(), "a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PutArticles with a canceled context stored the article: %v", err)
	}
	stories, lines := Grouping()
	if err := s.ReplaceGrouping(ctx, stories, lines); err == nil {
		t.Errorf("ReplaceGrouping with a canceled context succeeded")
	}
	if _, err := s.Search(ctx, "storm", 10); err == nil {
		t.Errorf("Search with a canceled context succeeded")
	}
}

// testConcurrent runs readers while a writer puts batches and regroups:
// readers never fail and always see whole batches.
func testConcurrent(t *testing.T, s store.Store) {
	ctx := context.Background()
	const batches, size, readers = 20, 5, 4
	var wg sync.WaitGroup
	done := make(chan struct{})
	errs := make(chan error, readers+1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		for b := 0; b < batches; b++ {
			var as []*model.Article
			for i := 0; i < size; i++ {
				as = append(as, Article(fmt.Sprintf("b%02d-%d", b, i), b, "concurrent storm", "storm report number "+fmt.Sprint(b)))
			}
			if _, err := s.PutArticles(ctx, as); err != nil {
				errs <- err
				return
			}
			stories := []*model.Story{{ID: fmt.Sprintf("s%02d", b), Headline: "storm", Articles: []string{as[0].ID}}}
			if err := s.ReplaceGrouping(ctx, stories, nil); err != nil {
				errs <- err
				return
			}
		}
	}()
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-done:
					return
				default:
				}
				as, err := s.Articles(ctx, store.ArticleFilter{})
				if err != nil {
					errs <- err
					return
				}
				if len(as)%size != 0 {
					errs <- fmt.Errorf("reader saw %d articles, not whole batches of %d", len(as), size)
					return
				}
				if _, err := s.Search(ctx, "storm", 5); err != nil {
					errs <- err
					return
				}
				if _, err := s.Stories(ctx, store.StoryFilter{Limit: 3}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st, _ := s.Stats(ctx); st.Articles != batches*size || st.Stories != 1 {
		t.Errorf("after concurrent writes: %+v, want %d articles, 1 story", st, batches*size)
	}
}

// BenchMarks measures reading n marks of a store that holds them: in one
// Marks call, one Marks call per key, and, for comparison, one IsIngested
// call per key of input records (where the pipeline kept them before
// marks). s must be empty.
func BenchMarks(b *testing.B, s store.Store, n int) {
	ctx := context.Background()
	marks := make(map[string]string, n)
	keys := make([]string, 0, n)
	inputs := make([]store.Input, 0, n)
	for i := range n {
		k := fmt.Sprintf("storyline:told/story-%07d", i)
		marks[k] = fmt.Sprintf("%064x", i)
		keys = append(keys, k)
		inputs = append(inputs, store.Input{Origin: k, Hash: marks[k]})
	}
	if err := s.PutMarks(ctx, marks); err != nil {
		b.Fatal(err)
	}
	if err := s.MarkIngested(ctx, inputs...); err != nil {
		b.Fatal(err)
	}
	b.Run("batched", func(b *testing.B) {
		for b.Loop() {
			got, err := s.Marks(ctx, keys)
			if err != nil || len(got) != n {
				b.Fatalf("Marks: %d, %v", len(got), err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/key")
	})
	b.Run("one-by-one", func(b *testing.B) {
		for b.Loop() {
			for _, k := range keys {
				if got, err := s.Marks(ctx, []string{k}); err != nil || got[k] != marks[k] {
					b.Fatalf("Marks(%q): %v, %v", k, got, err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/key")
	})
	b.Run("input-records", func(b *testing.B) {
		for b.Loop() {
			for _, in := range inputs {
				if ok, err := s.IsIngested(ctx, in); err != nil || !ok {
					b.Fatalf("IsIngested(%q): %v, %v", in.Origin, ok, err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/key")
	})
}
