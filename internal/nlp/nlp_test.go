package nlp_test

import (
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/nlp"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "Putin met Kerry. They talked for hours.", []string{"Putin met Kerry.", "They talked for hours."}},
		{"danda", "भूकंप आया। सुनामी ने तबाही मचाई। ", []string{"भूकंप आया।", "सुनामी ने तबाही मचाई।"}},
		{"cjk without spaces", "地震が起きた。津波が来た！", []string{"地震が起きた。", "津波が来た！"}},
		{"arabic question and urdu stop", "هل انتهى؟ نعم۔ شكرا", []string{"هل انتهى؟", "نعم۔", "شكرا"}},
		{"us before title", "Putin will hold talks with U.S. Secretary of State John Kerry on Thursday. Lavrov will attend.",
			[]string{"Putin will hold talks with U.S. Secretary of State John Kerry on Thursday.", "Lavrov will attend."}},
		{"us at end", "The talks were held in the U.S. The results come later.", []string{"The talks were held in the U.S.", "The results come later."}},
		{"honorific", "Mr. Peskov said so. He added more.", []string{"Mr. Peskov said so.", "He added more."}},
		{"initial", "John F. Kennedy spoke. Crowds cheered.", []string{"John F. Kennedy spoke.", "Crowds cheered."}},
		{"month abbreviation", "It happened on Jul. 14 in Moscow. Then it ended.", []string{"It happened on Jul. 14 in Moscow.", "Then it ended."}},
		{"quote close", "“We discussed it,” he said. “It was useful.”", []string{"“We discussed it,” he said.", "“It was useful.”"}},
		{"lowercase continues", "The rate is 3.5 per cent. prices rose.", []string{"The rate is 3.5 per cent. prices rose."}},
		{"paragraphs", "Syria crisis\n\nEarlier, the ministry said so.", []string{"Syria crisis", "Earlier, the ministry said so."}},
		{"question", "Will it work? Nobody knows!", []string{"Will it work?", "Nobody knows!"}},
		{"empty", "   ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range nlp.Sentences(tt.in) {
				got = append(got, tt.in[s[0]:s[1]])
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("sentence %d = %q, want %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestTokenize(t *testing.T) {
	got := nlp.Tokenize("U.S. envoy met al-Nusra's chief on 15/07/2016, didn't he?")
	var words []string
	for _, tok := range got {
		words = append(words, tok.Text)
	}
	want := []string{"U.S.", "envoy", "met", "al-Nusra's", "chief", "on", "15/07/2016", ",", "didn't", "he", "?"}
	if len(words) != len(want) {
		t.Fatalf("got %q, want %q", words, want)
	}
	for i := range want {
		if words[i] != want[i] {
			t.Errorf("token %d = %q, want %q", i, words[i], want[i])
		}
	}
}

func TestDetectLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The president said that the talks with the minister were useful and would go on.", "en"},
		{"Президент заявил, что переговоры с министром были полезными и будут продолжены.", "ru"},
		{"El presidente dijo que las conversaciones con el ministro fueron útiles y que seguirán.", "es"},
		{"Le président a dit que les discussions avec le ministre ont été utiles et qu'elles vont continuer.", "fr"},
		{"Il presidente ha detto che i colloqui con il ministro sono stati utili e che continueranno.", "it"},
		{"Der Präsident sagte, dass die Gespräche mit dem Minister nützlich waren und weitergehen.", "de"},
		{"وقال الرئيس إن المحادثات مع الوزير كانت مفيدة", "ar"},
		{"ok", "und"},
		// Short news sentences whose few function words are mostly
		// shared with Spanish (de, la, le, del, ha) were called Spanish.
		{"Le président de la République a annoncé lundi de nouvelles mesures économiques.", "fr"},
		{"Il presidente del Consiglio ha annunciato lunedì nuove misure economiche per le famiglie.", "it"},
		{"El presidente del gobierno anunció este lunes nuevas medidas económicas para las familias.", "es"},
		{"O presidente anunciou na segunda-feira novas medidas económicas para as famílias.", "pt"},
		{"De minister-president kondigde maandag nieuwe economische maatregelen aan voor gezinnen.", "nl"},
		// Cyrillic languages other than Russian, told apart by their own
		// letters (Bulgarian by its frequent words).
		{"Президент заявив, що переговори з міністром були корисними і будуть продовжені.", "uk"},
		{"Міністр закордонних справ України зустрівся з колегами в Києві в четвер.", "uk"},
		{"Президентът заяви, че разговорите с министъра са били полезни и ще продължат и през тази седмица.", "bg"},
		{"Председник је рекао да су разговори са министром били корисни и да ће се наставити.", "sr"},
		{"Претседателот изјави дека разговорите со министерот биле корисни и ќе продолжат.", "mk"},
		{"Прэзідэнт заявіў, што перамовы з міністрам былі карысныя і будуць працягнутыя.", "be"},
		{"Президент министрмен келіссөздер пайдалы болғанын және жалғасатынын мәлімдеді.", "kk"},
		// A Russian text quoting one Ukrainian name stays Russian.
		{"Министр иностранных дел Сергей Лавров встретился в Москве с Дмитром Кулебой, и переговоры продолжатся в четверг.", "ru"},
	}
	for _, tt := range tests {
		if got := nlp.DetectLanguage(tt.text); got != tt.want {
			t.Errorf("DetectLanguage(%.30q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestTerms(t *testing.T) {
	got := nlp.Terms("en", "The talks were held in Moscow on Thursday")
	want := []string{"talk", "held", "moscow", "thursday"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("term %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func FuzzSentences(f *testing.F) {
	f.Add("Putin met Kerry. They talked.\n\nU.S. envoy said “yes.” OK")
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, sp := range nlp.Sentences(s) {
			if sp[0] < prev || sp[1] < sp[0] || sp[1] > len(s) {
				t.Fatalf("bad span %v after %d in %q", sp, prev, s)
			}
			prev = sp[1]
		}
		for _, tok := range nlp.Tokenize(s) {
			if tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End {
				t.Fatalf("bad token %+v", tok)
			}
		}
	})
}

func TestHasStopwords(t *testing.T) {
	for lang, want := range map[string]bool{"en": true, "ru": true, "uk": true, "bg": true, "nl": true, "sr": false, "und": false, "": false} {
		if got := nlp.HasStopwords(lang); got != want {
			t.Errorf("HasStopwords(%q) = %v, want %v", lang, got, want)
		}
	}
	if !nlp.IsStopword("uk", "що") || nlp.IsStopword("uk", "президент") {
		t.Error("Ukrainian stop words: що must be one, президент not")
	}
}

// TestTokenizeCombiningMarks: the vowel signs of Indic scripts are
// spacing combining marks (Mc), part of the word like the nonspacing
// ones (Mn); Hindi words were split at every such sign.
func TestTokenizeCombiningMarks(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"भूकंप ऊर्जा का माध्यम", []string{"भूकंप", "ऊर्जा", "का", "माध्यम"}},
		{"இந்தியா வெற்றி", []string{"இந்தியா", "வெற்றி"}}, // Tamil
		{"naïve café", []string{"naïve", "café"}},
		{"e\u0301te\u0301", []string{"e\u0301te\u0301"}}, // decomposed accents
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			var got []string
			for _, tok := range nlp.Tokenize(tt.text) {
				got = append(got, tok.Text)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
