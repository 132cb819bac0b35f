package tell

import (
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

func TestDateMentions(t *testing.T) {
	pub := time.Date(2011, 3, 17, 14, 0, 0, 0, time.UTC) // a Thursday
	tests := []struct {
		name, text string
		want       []string
	}{
		{"spanish full", "Gadafi pronunció el 15 de enero de 2010 un discurso.", []string{"2010-01-15"}},
		{"spanish no year", "Gadafi pronunció el 15 de enero un discurso.", []string{"2011-01-15"}},
		{"french premier", "Le 1er mars, les rebelles ont pris la ville.", []string{"2011-03-01"}},
		{"french year", "le 3 mars 2011 à Benghazi", []string{"2011-03-03"}},
		{"italian", "Il 12 marzo l'esercito ha sparato.", []string{"2011-03-12"}},
		{"english month first", "On March 12, 2011, the army fired.", []string{"2011-03-12"}},
		{"english day first", "On 12 March the army fired.", []string{"2011-03-12"}},
		{"may is a verb", "Talks may 12 times fail.", nil},
		{"day then may", "Elections on 15 May.", []string{"2011-05-15"}},
		{"iso", "The decree of 2011-02-28 was annulled.", []string{"2011-02-28"}},
		{"day first numeric", "La loi du 28/02/2011 et du 01.03.2011.", []string{"2011-02-28", "2011-03-01"}},
		{"yesterday es", "Ayer murieron 20 personas.", []string{"2011-03-16"}},
		{"today fr", "Aujourd’hui, la place est vide.", []string{"2011-03-17"}},
		{"weekday same day", "On Thursday the council met.", []string{"2011-03-17"}},
		{"weekday before", "El lunes hubo protestas.", []string{"2011-03-14"}},
		{"italian weekday no accent", "lunedi ci sono state proteste", []string{"2011-03-14"}},
		{"late year wraps back", "On December 28 the protests began.", []string{"2010-12-28"}},
		{"impossible date", "on 31 June", nil},
		{"not a day", "40 de enero, 2011 personas", nil},
		{"no date", "The army fired on protesters in Benghazi.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range DateMentions(tt.text, "", pub) {
				got = append(got, d.Format("2006-01-02"))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("DateMentions(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

// TestDatedTimelinePicksNamedDays checks that a day many articles name
// is on the timeline even though nothing was published that day, that
// its entry is made of the sentences naming it, and that every entry
// cites documents that support its text.
func TestDatedTimelinePicksNamedDays(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2011, 2, d, 9, 0, 0, 0, time.UTC) }
	docs := []Doc{
		{ID: "a", Published: day(18), Sentences: []string{
			"El 17 de febrero se celebra el Día de la Ira en Bengasi.",
			"La represión de la protesta deja al menos 24 muertos según la prensa local.",
		}},
		{ID: "b", Published: day(19), Sentences: []string{
			"El Día de la Ira del 17 de febrero dejó decenas de muertos en Bengasi.",
			"Los muertos en la represión de las protestas ascienden ya a 84 según los médicos.",
		}},
		{ID: "c", Published: day(20), Sentences: []string{
			"Desde el 17 de febrero, el ejército dispara contra los manifestantes en Bengasi.",
			"Saif el Islam da un discurso en televisión y amenaza con una guerra civil.",
		}},
		{ID: "undated", Sentences: []string{"El 5 de febrero no pasó nada en Bengasi según nadie."}},
	}
	tl := DatedTimeline(docs, 2, Options{Words: 30, Language: "es"})
	if len(tl) != 2 {
		t.Fatalf("got %d entries, want 2: %+v", len(tl), tl)
	}
	if tl[0].Date != "2011-02-17" {
		t.Errorf("first entry on %s, want 2011-02-17 (named by three articles, published by none)", tl[0].Date)
	}
	if !strings.Contains(tl[0].Text, "17 de febrero") {
		t.Errorf("entry of 2011-02-17 is %q, want a sentence naming the day", tl[0].Text)
	}
	for _, e := range tl {
		if e.Date == "2011-02-05" {
			t.Errorf("the undated document's day %s is on the timeline", e.Date)
		}
		if len(e.Articles) == 0 {
			t.Errorf("entry %s cites nothing", e.Date)
		}
		for _, id := range e.Articles {
			var src *Doc
			for i := range docs {
				if docs[i].ID == id {
					src = &docs[i]
				}
			}
			if src == nil {
				t.Fatalf("entry %s cites unknown %q", e.Date, id)
			}
			if !Supports("es", e.Text, src.Sentences, 0.5) {
				t.Errorf("entry %s cites %s, which does not support it: %q", e.Date, id, e.Text)
			}
		}
	}
}

func FuzzDateMentions(f *testing.F) {
	for _, s := range []string{"el 15 de enero de 2011", "le 1er mars", "March 12, 2011", "28/02/2011", "ayer", "lunedì", "31 June", "2011-13-45", "1º de mayo del 2011"} {
		f.Add(s)
	}
	pub := time.Date(2011, 3, 17, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		for _, d := range DateMentions(s, "", pub) {
			if d.Year() < 1900 || d.Year() > 2100 {
				t.Fatalf("DateMentions(%q) gave %v, outside 1900-2100", s, d)
			}
			if d.Hour() != 0 || d.Location() != time.UTC {
				t.Fatalf("DateMentions(%q) gave %v, not a UTC day", s, d)
			}
		}
	})
}

func TestOnceEach(t *testing.T) {
	e := func(date, text string, arts ...string) model.TimelineEntry {
		return model.TimelineEntry{Date: date, Text: text, Articles: arts}
	}
	in := []model.TimelineEntry{
		e("2016-03-24", "They met on Thursday and want a constitution by August.", "a"),
		e("2016-08", "They met on Thursday and want a constitution by August.", "a"),
		e("2016-03-25", "Talks resumed on Friday.", "a"),
		e("2016-03-26", "Talks resumed on Friday.", "a", "b"),
	}
	got := onceEach(in)
	want := []string{"2016-03-24", "2016-03-26"}
	if len(got) != len(want) {
		t.Fatalf("got %d entries %+v, want dates %v", len(got), got, want)
	}
	for i, w := range want {
		if got[i].Date != w {
			t.Errorf("entry %d on %s, want %s", i, got[i].Date, w)
		}
	}
}
