package entity_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/datasets"
	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/model"
)

type expectedEntity struct {
	Canonical string   `json:"canonical"`
	Type      string   `json:"type"`
	Variants  []string `json:"variants"`
}

// seedCorpus annotates and links the seed articles.
func seedCorpus(t *testing.T) ([]model.Entity, map[string][]expectedEntity) {
	t.Helper()
	dir := datasets.Seeds(t)
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var exp struct {
		Entities map[string][]expectedEntity `json:"entities"`
	}
	if err := json.Unmarshal(raw, &exp); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(files) == 0 {
		t.Fatalf("no seed articles in %s", dir)
	}
	var arts []*model.Article
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a := &model.Article{ID: strings.TrimSuffix(filepath.Base(f), ".txt"), Text: string(b)}
		if err := entity.Annotate(a); err != nil {
			t.Fatal(err)
		}
		arts = append(arts, a)
	}
	return entity.LinkCorpus(arts), exp.Entities
}

func checkEntity(ents []model.Entity, want expectedEntity) []string {
	var bad []string
	e, ok := entity.Lookup(ents, want.Canonical)
	if !ok {
		return []string{"not found"}
	}
	if string(e.Type) != want.Type {
		bad = append(bad, "type "+string(e.Type)+", want "+want.Type)
	}
	// A transliteration of the expected canonical name is accepted
	// ("Sergei Lavrov" for "Sergey Lavrov").
	if !entity.SameName(e.Name, want.Canonical) {
		bad = append(bad, "named "+e.Name)
	}
	// Every variant must lead to the same entity: as one of its variants
	// when the text has it, or through the linking rules when it does not
	// (the seeds never write "al-Nusra" alone).
	for _, v := range want.Variants {
		if f, ok := entity.Lookup(ents, v); !ok || f.Key != e.Key {
			bad = append(bad, fmt.Sprintf("variant %q leads to %q, not %q (variants: %s)", v, f.Key, e.Key, strings.Join(e.Variants, ", ")))
		}
	}
	return bad
}

func TestSeedEntities(t *testing.T) {
	ents, exp := seedCorpus(t)
	if len(exp["must"]) == 0 {
		t.Fatal("expected.json has no must entities")
	}
	for _, want := range exp["must"] {
		t.Run(want.Canonical, func(t *testing.T) {
			for _, b := range checkEntity(ents, want) {
				t.Errorf("%s: %s", want.Canonical, b)
			}
		})
	}
	ok := 0
	for _, want := range exp["should"] {
		if bad := checkEntity(ents, want); len(bad) > 0 {
			t.Logf("should %s: %s", want.Canonical, strings.Join(bad, "; "))
		} else {
			ok++
		}
	}
	t.Logf("should entities right: %d/%d", ok, len(exp["should"]))
}
