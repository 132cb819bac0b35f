package cluster_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/datasets"
)

type seedExpected struct {
	Articles map[string]struct {
		Published string `json:"published"`
		Language  string `json:"language"`
	} `json:"articles"`
	Stories struct {
		Must []struct {
			Articles []string `json:"articles"`
		} `json:"must"`
	} `json:"stories"`
}

// seedDocs builds Docs from the seed files: title = first non-empty line,
// date from expected.json, in file-name order.
func seedDocs(t *testing.T) ([]cluster.Doc, seedExpected) {
	t.Helper()
	dir := datasets.Seeds(t)
	var exp seedExpected
	datasets.SeedsExpected(t, &exp)
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var docs []cluster.Doc
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".txt")
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		title := ""
		for _, line := range strings.Split(string(body), "\n") {
			line = strings.Trim(strings.TrimSpace(line), "*#- ")
			if line != "" {
				title = line
				break
			}
		}
		meta, ok := exp.Articles[id]
		if !ok {
			t.Fatalf("%s not in expected.json", id)
		}
		pub, err := time.Parse("2006-01-02", meta.Published)
		if err != nil {
			t.Fatalf("%s: published %q: %v", id, meta.Published, err)
		}
		docs = append(docs, cluster.Doc{ID: id, Title: title, Text: string(body), Language: meta.Language, Published: pub})
	}
	if len(docs) == 0 {
		t.Fatal("no seed articles")
	}
	return docs, exp
}

func TestSeeds(t *testing.T) {
	docs, exp := seedDocs(t)
	// Publication order, as the pipeline feeds them.
	sortDocs(docs)
	c := cluster.New(cluster.DefaultModel(), cluster.DefaultOptions())
	for _, d := range docs {
		c.Add(d)
	}
	storyOf := map[string]string{}
	for _, d := range docs {
		storyOf[d.ID] = c.StoryOf(d.ID)
	}
	groups := exp.Stories.Must
	if len(groups) < 2 {
		t.Fatalf("expected.json lists %d stories, want at least 2", len(groups))
	}
	var stories []string
	for i, g := range groups {
		s := storyOf[g.Articles[0]]
		for _, a := range g.Articles[1:] {
			if storyOf[a] != s {
				t.Errorf("story %d: %s in %s but %s in %s", i, g.Articles[0], s, a, storyOf[a])
			}
		}
		for j, o := range stories {
			if o == s {
				t.Errorf("stories %d and %d merged into %s", j, i, s)
			}
		}
		stories = append(stories, s)
	}
	lines := map[string]bool{}
	for _, s := range stories {
		info, ok := c.Story(s)
		if !ok {
			t.Fatalf("story %s not found", s)
		}
		lines[info.Storyline] = true
	}
	if len(lines) != 1 {
		t.Errorf("the stories are in %d storylines, want one: %v", len(lines), lines)
	}
}

func sortDocs(docs []cluster.Doc) {
	for i := 1; i < len(docs); i++ {
		for j := i; j > 0 && docs[j].Published.Before(docs[j-1].Published); j-- {
			docs[j], docs[j-1] = docs[j-1], docs[j]
		}
	}
}
