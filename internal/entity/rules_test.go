package entity_test

import (
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/model"
)

// TestPostTaggingRules checks the rules of rules.go on short sentences of
// our own: titles are not names, names in quote marks, organization
// contexts, documents and dateline sources.
func TestPostTaggingRules(t *testing.T) {
	tests := []struct {
		name string
		text string
		want map[string]model.EntityType // mention text -> type
		not  []string                    // words no mention may contain
	}{
		{"bare title", "The Undersecretary of State said on Monday that the talks would resume in Geneva.",
			map[string]model.EntityType{"Geneva": model.Place}, []string{"Undersecretary", "State"}},
		{"title before a name", "Secretary of State Mike Pompeo arrived in Paris on Tuesday.",
			map[string]model.EntityType{"Mike Pompeo": model.Person}, []string{"Secretary"}},
		{"quoted name in lower case", "Fighters of the terrorist group “Islamic state” attacked the town of Raqqa.",
			map[string]model.EntityType{"Islamic state": model.Organization}, nil},
		{"after group", "Police said the militant group Hamas had fired rockets.",
			map[string]model.EntityType{"Hamas": model.Organization}, nil},
		{"news agency after", "The report was carried by the Petra news agency on Sunday.",
			map[string]model.EntityType{"Petra": model.Organization}, nil},
		{"news agency before", "Tehran denied the report, the news agency IRNA said.",
			map[string]model.EntityType{"IRNA": model.Organization}, nil},
		{"agreement", "Both sides said the Dayton Accords must be respected.",
			map[string]model.EntityType{"Dayton Accords": model.OtherEntity}, nil},
		{"dateline in brackets", "Havana, Mar 3 (Radio Rebelde) Cuban officials said on Monday that the harvest had begun.",
			map[string]model.EntityType{"Radio Rebelde": model.Organization}, nil},
		{"dateline with a dash", "Damascus, NNA – The government said the road to Aleppo had reopened.",
			map[string]model.EntityType{"NNA": model.Organization}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := entity.Recognize(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]model.EntityType{}
			for _, m := range ms {
				got[m.Text] = m.Type
				for _, w := range tc.not {
					if strings.Contains(m.Text, w) {
						t.Errorf("mention %q (%s) contains %q", m.Text, m.Type, w)
					}
				}
			}
			for name, typ := range tc.want {
				if got[name] != typ {
					t.Errorf("%q: type %q, want %q (all: %v)", name, got[name], typ, got)
				}
			}
		})
	}
}

// TestQuotedAliasName checks that a known name written in lower case
// ("Islamic state") is named in its usual capitals and joins its acronym.
func TestQuotedAliasName(t *testing.T) {
	a := &model.Article{ID: "a", Text: "The strikes hit positions of the terrorist group “Islamic state” near Palmyra."}
	b := &model.Article{ID: "b", Text: "The United States leads a coalition against ISIL in Syria and Iraq."}
	for _, x := range []*model.Article{a, b} {
		if err := entity.Annotate(x); err != nil {
			t.Fatal(err)
		}
	}
	ents := entity.LinkCorpus([]*model.Article{a, b})
	e, ok := entity.Lookup(ents, "Islamic State")
	if !ok {
		t.Fatalf("no Islamic State among %+v", ents)
	}
	if e.Name != "Islamic State" || e.Type != model.Organization || len(e.Articles) != 2 {
		t.Errorf("got %+v, want Islamic State, organization, in both articles", e)
	}
}
