package entity_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/model"
)

// article builds an article whose mentions are the given names, typed as
// a recognizer would type them, found in order in text.
func article(id, text string, ms ...model.Mention) *model.Article {
	a := &model.Article{ID: id, Text: text}
	at := 0
	for _, m := range ms {
		i := strings.Index(text[at:], m.Text)
		if i < 0 {
			panic("mention " + m.Text + " not in text")
		}
		m.Start, m.End = at+i, at+i+len(m.Text)
		at = m.End
		a.Mentions = append(a.Mentions, m)
	}
	return a
}

func per(s string) model.Mention { return model.Mention{Text: s, Type: model.Person} }
func loc(s string) model.Mention { return model.Mention{Text: s, Type: model.Place} }
func org(s string) model.Mention { return model.Mention{Text: s, Type: model.Organization} }
func oth(s string) model.Mention { return model.Mention{Text: s, Type: model.OtherEntity} }

func TestLinkArticle(t *testing.T) {
	a := article("a1",
		"President Putin met Vladimir Putin's critics. Putin and Mr. Lavrov spoke; Foreign Minister Sergei Lavrov left Moscow for Kiev. Putin's spokesman said.",
		per("Putin"), per("Vladimir Putin"), loc("Putin"), per("Lavrov"), per("Sergei Lavrov"), loc("Moscow"), loc("Kiev"), per("Putin"))
	entity.LinkArticle(a)
	byKey := map[string]model.Entity{}
	for _, e := range a.Entities {
		byKey[e.Key] = e
	}
	if len(a.Entities) != 4 {
		t.Errorf("got %d entities, want 4 (Putin, Lavrov, Moscow, Kiev): %+v", len(a.Entities), a.Entities)
	}
	putin := byKey[a.Mentions[0].Entity]
	if putin.Name != "Vladimir Putin" || putin.Type != model.Person || putin.Mentioned != 4 {
		t.Errorf("Putin entity %+v, want Vladimir Putin, person, 4 mentions", putin)
	}
	for _, v := range []string{"Putin", "Vladimir Putin", "President Putin"} {
		if !contains(putin.Variants, v) {
			t.Errorf("variant %q missing from %v", v, putin.Variants)
		}
	}
	for _, i := range []int{1, 2, 7} {
		if a.Mentions[i].Entity != a.Mentions[0].Entity {
			t.Errorf("mention %d %q linked to %q, want %q", i, a.Mentions[i].Text, a.Mentions[i].Entity, a.Mentions[0].Entity)
		}
	}
	if a.Mentions[3].Entity != a.Mentions[4].Entity || byKey[a.Mentions[3].Entity].Name != "Sergei Lavrov" {
		t.Errorf("Lavrov not linked to Sergei Lavrov: %+v", a.Mentions[3:5])
	}
	if lv := byKey[a.Mentions[4].Entity].Variants; !contains(lv, "Foreign Minister Sergei Lavrov") {
		t.Errorf("Lavrov variants %v lack the titled form", lv)
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestLinkCorpus(t *testing.T) {
	arts := []*model.Article{
		article("a", "Sergei Lavrov and Dmitri Peskov in Kiev and Lugansk with Bashar Al-Assad; ISIL and Jabhat al-Nusra; the United Nations.",
			per("Sergei Lavrov"), per("Dmitri Peskov"), loc("Kiev"), loc("Lugansk"), per("Bashar Al-Assad"), org("ISIL"), org("Jabhat al-Nusra"), org("United Nations")),
		article("b", "Sergey Lavrov and Dmitry Peskov in Kyiv and Luhansk. Assad and al-Nusra, the Islamic state and the UN. Lavrov.",
			per("Sergey Lavrov"), per("Dmitry Peskov"), loc("Kyiv"), loc("Luhansk"), per("Assad"), oth("al-Nusra"), oth("Islamic state"), org("UN"), per("Lavrov")),
		article("c", "Syria's Bashar said Iran and Iraq, Niger and Nigeria, Austria and Australia differ.",
			per("Bashar"), loc("Iran"), loc("Iraq"), loc("Niger"), loc("Nigeria"), loc("Austria"), loc("Australia")),
	}
	for _, a := range arts {
		entity.LinkArticle(a)
	}
	ents := entity.LinkCorpus(arts)
	groups := map[string][]string{}
	for _, e := range ents {
		groups[e.Name] = e.Variants
		for _, v := range e.Variants {
			for _, a := range arts {
				for _, m := range a.Mentions {
					if m.Text == v && m.Entity != e.Key && m.Entity != "" {
						// Same text may belong to another entity only if
						// typed differently; not expected here.
						t.Errorf("mention %q in %s keyed %q, entity %q", m.Text, a.ID, m.Entity, e.Key)
					}
				}
			}
		}
	}
	want := map[string][]string{
		"Sergei Lavrov":   {"Lavrov", "Sergei Lavrov", "Sergey Lavrov"},
		"Dmitri Peskov":   {"Dmitri Peskov", "Dmitry Peskov"},
		"Kiev":            {"Kiev", "Kyiv"},
		"Lugansk":         {"Lugansk", "Luhansk"},
		"Bashar Al-Assad": {"Assad", "Bashar", "Bashar Al-Assad"},
		"Islamic State":   {"ISIL", "Islamic state"},
		"Jabhat al-Nusra": {"Jabhat al-Nusra", "al-Nusra"},
		"United Nations":  {"UN", "United Nations"},
		"Iran":            {"Iran"},
		"Iraq":            {"Iraq"},
		"Niger":           {"Niger"},
		"Nigeria":         {"Nigeria"},
		"Austria":         {"Austria"},
		"Australia":       {"Australia"},
	}
	for name, vs := range want {
		got, ok := groups[name]
		if !ok {
			// Sergei and Sergey are equally frequent: either may name it.
			for n, g := range groups {
				if entity.SameName(n, name) {
					got, ok = g, true
				}
			}
		}
		if !ok {
			t.Errorf("no entity named %q; entities: %v", name, groups)
			continue
		}
		g := append([]string(nil), got...)
		sort.Strings(g)
		sort.Strings(vs)
		if strings.Join(g, "|") != strings.Join(vs, "|") {
			t.Errorf("%s: variants %v, want %v", name, g, vs)
		}
	}
	for _, e := range ents {
		if e.Name == "Sergei Lavrov" || e.Name == "Sergey Lavrov" {
			if len(e.Articles) != 2 || e.Type != model.Person {
				t.Errorf("Lavrov: %+v, want a person in articles a and b", e)
			}
		}
	}
}

func TestSameName(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Sergei Lavrov", "Sergey Lavrov", true},
		{"Dmitry", "Dmitri", true},
		{"Kiev", "Kyiv", true},
		{"Bashar al-Assad", "Bashar Al-Assad", true},
		{"President Putin", "Putin", true},
		{"ISIL", "Islamic State", true},
		{"U.S.", "United States", true},
		{"Iran", "Iraq", false},
		{"Niger", "Nigeria", false},
		{"Putin", "Vladimir Putin", false},
	}
	for _, tc := range tests {
		t.Run(tc.a+"/"+tc.b, func(t *testing.T) {
			if got := entity.SameName(tc.a, tc.b); got != tc.want {
				t.Errorf("SameName(%q, %q) = %v", tc.a, tc.b, got)
			}
		})
	}
}

// BenchmarkLinkCorpus links 500 articles of 20 entities drawn from 2,000
// made-up names.
func BenchmarkLinkCorpus(b *testing.B) {
	first := []string{"Anna", "Boris", "Carla", "Dmitry", "Elena", "Farid", "Greta", "Hugo"}
	var arts []*model.Article
	for ai := 0; ai < 500; ai++ {
		var text strings.Builder
		var ms []model.Mention
		for k := 0; k < 20; k++ {
			n := (ai*7 + k*13) % 2000
			name := first[n%len(first)] + " Name" + strings.Repeat("x", n%5) + string(rune('a'+n%26)) + string(rune('a'+n/26%26))
			typ := model.Person
			if k%3 == 1 {
				typ, name = model.Organization, "Group "+name[strings.IndexByte(name, ' ')+1:]
			}
			ms = append(ms, model.Mention{Text: name, Type: typ})
			text.WriteString(name + " said. ")
		}
		arts = append(arts, article(string(rune('A'+ai%26))+strings.Repeat("x", ai/26), text.String(), ms...))
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			entity.LinkArticle(a)
		}
		entity.LinkCorpus(arts)
	}
}

func TestLinkArticleRecognizes(t *testing.T) {
	a := &model.Article{ID: "x", Text: "Russian President Vladimir Putin met reporters in Moscow. Putin said the talks with Germany went well."}
	entity.LinkArticle(a)
	var names []string
	for _, e := range a.Entities {
		names = append(names, string(e.Type)+":"+e.Name)
	}
	for _, want := range []string{"person:Vladimir Putin", "place:Moscow", "place:Germany"} {
		if !contains(names, want) {
			t.Errorf("entity %s missing from %v", want, names)
		}
	}
	for _, m := range a.Mentions {
		if m.Text == "Putin" && m.Entity != "person:vladimir-putin" {
			t.Errorf("Putin linked to %q", m.Entity)
		}
	}
}
