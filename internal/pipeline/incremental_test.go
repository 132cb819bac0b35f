package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/render"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// dailyCorpus writes a corpus as daily folders under one root, in the
// order a daily run would meet them: day-00 holds the seeds, the next
// days DUC/TDT dev articles split by published date (every step-th
// article, days folded into batches), and the ECB+ dev articles, which
// carry no date, are spread over the days. It returns the root and the
// day folders in order.
func dailyCorpus(t testing.TB, batches, ducStep, ecbStep int) (string, []string) {
	t.Helper()
	seeds := datasets.Seeds(t)
	duc := datasets.Require(t, "clustering", "storyline-jsonl", "duc-tdt-dev.jsonl")
	ecb := datasets.Require(t, "clustering", "storyline-jsonl", "ecbplus-dev.jsonl")
	root := t.TempDir()
	days := make([]string, batches+1)
	for i := range days {
		days[i] = filepath.Join(root, fmt.Sprintf("day-%02d", i))
		if err := os.MkdirAll(days[i], 0o755); err != nil {
			t.Fatal(err)
		}
	}
	seedFiles, err := filepath.Glob(filepath.Join(seeds, "*.txt"))
	if err != nil || len(seedFiles) == 0 {
		t.Fatalf("seeds: no .txt files (%v)", err)
	}
	for _, f := range seedFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(days[0], filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dated := readLines(t, duc, ducStep)
	sort.SliceStable(dated, func(i, j int) bool { return dated[i].published < dated[j].published })
	var dayKeys []string
	for _, l := range dated {
		if len(dayKeys) == 0 || dayKeys[len(dayKeys)-1] != l.published[:10] {
			dayKeys = append(dayKeys, l.published[:10])
		}
	}
	batchOf := map[string]int{}
	for i, k := range dayKeys {
		batchOf[k] = 1 + i*batches/len(dayKeys)
	}
	out := make([][]string, len(days))
	for _, l := range dated {
		b := batchOf[l.published[:10]]
		out[b] = append(out[b], l.raw)
	}
	for i, l := range readLines(t, ecb, ecbStep) {
		b := 1 + i%batches
		out[b] = append(out[b], l.raw)
	}
	// The last day brings a corrected version of the first day's first
	// article: same id, another text.
	if len(out[1]) > 0 {
		var v map[string]any
		if err := json.Unmarshal([]byte(out[1][0]), &v); err != nil {
			t.Fatal(err)
		}
		v["text"] = "Correction: an earlier version of this article misstated a name.\n\n" + fmt.Sprint(v["text"])
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[batches] = append(out[batches], string(b))
	}
	for i := 1; i < len(days); i++ {
		if err := os.WriteFile(filepath.Join(days[i], "articles.jsonl"), []byte(strings.Join(out[i], "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root, days
}

type jsonLine struct {
	raw       string
	published string
}

// readLines keeps every step-th line of a JSON Lines file.
func readLines(t testing.TB, path string, step int) []jsonLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []jsonLine
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for n := 0; sc.Scan(); n++ {
		if n%step != 0 {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s:%d: %v", path, n+1, err)
		}
		published, _ := v["published"].(string)
		if len(published) < 10 {
			published = "0000-00-00"
		}
		// The first lines of the text are enough to group and tell,
		// and keep the test fast under the race detector.
		if text, _ := v["text"].(string); len(text) > 700 {
			if i := strings.LastIndex(text[:700], "\n"); i > 0 {
				v["text"] = text[:i]
			}
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, jsonLine{raw: string(b), published: published})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// snapshot is what a run leaves: its JSON output and what the store
// holds afterwards.
type snapshot struct {
	output, stories, storylines, articles []byte
}

func takeSnapshot(t testing.TB, st store.Store, res *pipeline.Result) snapshot {
	t.Helper()
	ctx := context.Background()
	var s snapshot
	var buf bytes.Buffer
	if err := render.JSON(&buf, &render.Result{Articles: res.Articles, Stories: res.Stories, Storylines: res.Storylines}); err != nil {
		t.Fatal(err)
	}
	s.output = buf.Bytes()
	stories, err := st.Stories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	lines, err := st.Storylines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	articles, err := st.Articles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct {
		v   any
		out *[]byte
	}{{stories, &s.stories}, {lines, &s.storylines}, {articles, &s.articles}} {
		b, err := json.MarshalIndent(x.v, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		*x.out = b
	}
	return s
}

// firstDiff describes where two byte strings first differ.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-200, 0)
	return fmt.Sprintf("at byte %d:\n  incremental: %q\n  from scratch: %q", i, a[from:min(i+200, len(a))], b[from:min(i+200, len(b))])
}

// TestIncrementalRunsEqualOneRun runs a corpus in daily batches, each
// run on the store the previous one left, and compares the last run's
// JSON output and the stored stories, storylines and articles with one
// run over everything on an empty store: they must be identical.
func TestIncrementalRunsEqualOneRun(t *testing.T) {
	root, days := dailyCorpus(t, 2, 10, 25)
	ctx := context.Background()
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	opts := pipeline.Options{Workers: 2, Now: now}

	inc, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer inc.Close()
	var res *pipeline.Result
	reused := 0
	for i, day := range days {
		paths := []string{day}
		last := i == len(days)-1
		if last {
			// The first day's file grew since: it is read again, and
			// its stored articles keep their analysis.
			appendCopy(t, filepath.Join(days[1], "articles.jsonl"))
			paths = []string{days[1], day}
		}
		var rs pipeline.RunStats
		if res, rs, err = pipeline.Run(ctx, inc, paths, opts); err != nil {
			t.Fatal(err)
		}
		t.Logf("day %d (%s): %d articles new, %d updated, %d unchanged, %d analyses reused; %d stories told, %d reused; %d articles written again",
			i, rs.Elapsed.Round(time.Millisecond), rs.Put.Inserted, rs.Put.Updated, rs.Put.Unchanged, rs.AnalysesReused,
			rs.StoriesTold, rs.StoriesReused, rs.ArticlesRewritten)
		if i > 0 {
			reused += rs.StoriesReused
		}
		if last && rs.AnalysesReused == 0 {
			t.Error("the articles of a file read again were analyzed again")
		}
	}
	if reused == 0 {
		t.Error("no story was reused: the told-story cache never hit")
	}
	// Run again with nothing new: nothing is told or written again, and
	// the output stays the same.
	again, rs, err := pipeline.Run(ctx, inc, []string{days[len(days)-1]}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rs.StoriesTold != 0 || rs.ArticlesRewritten != 0 || rs.StoriesReused != len(again.Stories) {
		t.Errorf("a run with nothing new told %d stories (reused %d of %d) and wrote %d articles again; want none",
			rs.StoriesTold, rs.StoriesReused, len(again.Stories), rs.ArticlesRewritten)
	}
	if a, b := takeSnapshot(t, inc, again), takeSnapshot(t, inc, res); !bytes.Equal(a.output, b.output) {
		t.Errorf("a run with nothing new changed the output %s", firstDiff(a.output, b.output))
	}
	equalsOneRun(t, inc, again, root, opts)
}

// equalsOneRun runs root on an empty store and compares its JSON output
// and stored stories, storylines and articles with res and inc.
func equalsOneRun(t *testing.T, inc store.Store, res *pipeline.Result, root string, opts pipeline.Options) {
	t.Helper()
	ctx := context.Background()
	got := takeSnapshot(t, inc, res)
	whole, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer whole.Close()
	res, _, err = pipeline.Run(ctx, whole, []string{root}, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := takeSnapshot(t, whole, res)
	t.Logf("%d articles, %d stories", len(res.Articles), len(res.Stories))

	// Story and storyline ids are kept across runs by design (a story
	// keeps the id most of its articles had), so a story that an earlier
	// article joined later keeps the id its first articles gave it: the
	// incremental ids are mapped to the single run's by membership first.
	ids := sameMembers(t, inc, whole)
	got, want = got.renamed(ids).canonical(t), want.canonical(t)
	for _, c := range []struct {
		name      string
		got, want []byte
	}{
		{"JSON output", got.output, want.output},
		{"stored stories", got.stories, want.stories},
		{"stored storylines", got.storylines, want.storylines},
		{"stored articles", got.articles, want.articles},
	} {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("%s differ %s", c.name, firstDiff(c.got, c.want))
		}
	}
}

// failingGrouping fails ReplaceGrouping, as a run killed after storing
// the articles and before storing the stories would leave the store.
type failingGrouping struct{ store.Store }

func (failingGrouping) ReplaceGrouping(context.Context, []*model.Story, []*model.Storyline) error {
	return errors.New("killed")
}

// TestRunKilledBeforeStoriesAreStored kills the second of two daily runs
// after it stored the grouped articles, before it stored the stories: the
// store then holds this run's articles beside the previous run's stories.
// The next run must tell the changed stories again, not take the stale
// stored ones, and end where one run over everything ends.
func TestRunKilledBeforeStoriesAreStored(t *testing.T) {
	root, days := dailyCorpus(t, 1, 40, 100)
	ctx := context.Background()
	opts := pipeline.Options{Workers: 2, Now: time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)}
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, _, err := pipeline.Run(ctx, st, []string{days[0]}, opts); err != nil {
		t.Fatal(err)
	}
	if _, _, err := pipeline.Run(ctx, failingGrouping{st}, []string{days[1]}, opts); err == nil {
		t.Fatal("the killed run reported success")
	}
	res, rs, err := pipeline.Run(ctx, st, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rs.StoriesTold == 0 {
		t.Error("the run after the kill told no story anew")
	}
	equalsOneRun(t, st, res, root, opts)
}

// appendCopy appends to a JSON Lines file a copy of its first line under
// another id.
func appendCopy(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	var v map[string]any
	if err := json.Unmarshal([]byte(first), &v); err != nil {
		t.Fatal(err)
	}
	v["id"] = fmt.Sprint(v["id"]) + "-again"
	line, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, append(line, '\n')...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sameMembers maps the story and storyline ids of a to those of b that
// hold the same articles (stories) or the same stories (storylines); a
// story or storyline of a with no counterpart in b fails the test.
func sameMembers(t *testing.T, a, b store.Store) map[string]string {
	t.Helper()
	ctx := context.Background()
	ids := map[string]string{}
	byMembers := map[string]string{}
	sb, err := b.Stories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sb {
		byMembers[strings.Join(s.Articles, "\x00")] = s.ID
	}
	sa, err := a.Stories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sa {
		id, ok := byMembers[strings.Join(s.Articles, "\x00")]
		if !ok {
			t.Errorf("story %s (%s) has no story with the same articles in the single run", s.ID, strings.Join(s.Articles, " "))
			continue
		}
		ids[s.ID] = id
	}
	lineKey := func(l *model.Storyline, rename map[string]string) string {
		var ss []string
		for _, id := range l.Stories {
			if r, ok := rename[id]; ok {
				id = r
			}
			ss = append(ss, id)
		}
		sort.Strings(ss)
		return strings.Join(ss, " ")
	}
	lb, err := b.Storylines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	for _, l := range lb {
		lines[lineKey(l, nil)] = l.ID
	}
	la, err := a.Storylines(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range la {
		id, ok := lines[lineKey(l, ids)]
		if !ok {
			t.Errorf("storyline %s has no storyline with the same stories in the single run", l.ID)
			continue
		}
		ids[l.ID] = id
	}
	return ids
}

// renamed replaces the ids (as JSON strings) of a snapshot.
func (s snapshot) renamed(ids map[string]string) snapshot {
	var pairs []string
	for from, to := range ids {
		if from != to {
			pairs = append(pairs, `"`+from+`"`, `"`+to+`"`)
		}
	}
	r := strings.NewReplacer(pairs...)
	re := func(b []byte) []byte { return []byte(r.Replace(string(b))) }
	return snapshot{output: re(s.output), stories: re(s.stories), storylines: re(s.storylines), articles: re(s.articles)}
}

// canonical sorts the lists of stories and storylines in JSON by id, and
// each storyline's stories: with other ids, stories that rank equal
// (importance, end) fall in another order.
func (s snapshot) canonical(t *testing.T) snapshot {
	t.Helper()
	byID := func(list []any) {
		sort.SliceStable(list, func(i, j int) bool {
			a, _ := list[i].(map[string]any)
			b, _ := list[j].(map[string]any)
			x, _ := a["id"].(string)
			y, _ := b["id"].(string)
			return x < y
		})
		for _, v := range list {
			if m, ok := v.(map[string]any); ok {
				if ss, ok := m["stories"].([]any); ok {
					sort.SliceStable(ss, func(i, j int) bool { return fmt.Sprint(ss[i]) < fmt.Sprint(ss[j]) })
				}
			}
		}
	}
	c := func(b []byte) []byte {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		switch v := v.(type) {
		case []any:
			byID(v)
		case map[string]any:
			for _, k := range []string{"stories", "storylines"} {
				if list, ok := v[k].([]any); ok {
					byID(list)
				}
			}
		}
		out, err := json.MarshalIndent(v, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	return snapshot{output: c(s.output), stories: c(s.stories), storylines: c(s.storylines), articles: c(s.articles)}
}
