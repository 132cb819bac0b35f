package nlp_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/storyline-news/storyline/internal/nlp"
)

// TestDetectMultiLing: the MultiLing languages are identified, Greek,
// Hebrew, Arabic and Hindi by their script, Czech by its function words
// and letters; the Latin-script Slavic languages that share Czech's
// function words are not called Czech.
func TestDetectMultiLing(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"ar", "وقال وزير الخارجية إن المحادثات مع الوفد كانت مفيدة وستستمر الأسبوع المقبل.", "ar"},
		{"ar short", "انفجار في بغداد يقتل عشرة أشخاص", "ar"},
		{"cs", "Ministr zahraničí řekl, že jednání s delegací byla užitečná a budou pokračovat příští týden.", "cs"},
		{"cs no ř ů ě", "Ministr uvedl, že jednání jsou užitečná a že vláda je připravena jednat.", "cs"},
		{"cs plain letters", "A pokud ano, kde a kdy to bylo.", "cs"},
		{"cs headline", "Zemětřesení v Japonsku zabilo stovky lidí, řekla vláda", "cs"},
		{"el", "Ο υπουργός Εξωτερικών δήλωσε ότι οι συνομιλίες με την αντιπροσωπεία ήταν χρήσιμες.", "el"},
		{"el capitals", "ΣΕΙΣΜΟΣ ΣΤΗΝ ΙΑΠΩΝΙΑ: ΕΚΑΤΟΝΤΑΔΕΣ ΝΕΚΡΟΙ", "el"},
		{"he", "שר החוץ אמר כי השיחות עם המשלחת היו מועילות ויימשכו בשבוע הבא.", "he"},
		{"hi", "विदेश मंत्री ने कहा कि प्रतिनिधिमंडल के साथ बातचीत उपयोगी रही और अगले सप्ताह जारी रहेगी।", "hi"},
		{"sk", "Minister zahraničných vecí povedal, že rokovania s delegáciou boli užitočné a budú pokračovať budúci týždeň.", "sk"},
		{"sk ľ ô", "Vláda sa rozhodla, že ľudia dostanú pomoc ešte tento mesiac, povedal minister.", "sk"},
		{"pl", "Minister spraw zagranicznych powiedział, że rozmowy z delegacją były użyteczne i będą kontynuowane w przyszłym tygodniu.", "pl"},
		// Croatian has no list here; it must at least not be Czech.
		{"hr", "Ministar vanjskih poslova rekao je da su razgovori s delegacijom bili korisni i da će se nastaviti.", "!cs"},
		{"hr đ", "Vlada je odlučila da će građani dobiti pomoć, rekao je ministar, a to je potvrdio i predsjednik.", "!cs"},
		// Czech names in another language's text do not make it Czech.
		{"en with Czech name", "The orchestra played Dvořák and Janáček in Prague on Thursday, and the critics loved it.", "en"},
		// English sharing only "to" and "a" with Czech, in plain letters.
		{"en to a", "Beijing 2008 Olympics comes to a close", "en"},
		{"de with Czech name", "Der Präsident traf Andrej Babiš und sagte, dass die Gespräche mit ihm nützlich waren.", "de"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := nlp.DetectLanguage(tt.text)
			if not, ok := strings.CutPrefix(tt.want, "!"); ok && got == not || !ok && got != tt.want {
				t.Errorf("DetectLanguage(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestMultiLingStopwords: the MultiLing languages have their own lists,
// with the clitic-attached forms a tokenizer sees and the spelling
// variants of lower-cased text, and content words are not in them.
func TestMultiLingStopwords(t *testing.T) {
	tests := []struct {
		lang, word string
		want       bool
	}{
		{"ar", "في", true}, {"ar", "وفي", true}, {"ar", "التي", true}, {"ar", "والتي", true},
		{"ar", "عليه", true}, {"ar", "إلى", true},
		{"ar", "الى", true}, // bare alef, as often typed
		{"ar", "فى", true},  // final alef maqsura for ya
		{"ar", "علي", false}, {"ar", "الرئيس", false}, {"ar", "بغداد", false},
		{"cs", "že", true}, {"cs", "který", true}, {"cs", "se", true}, {"cs", "jsou", true},
		{"cs", "vláda", false}, {"cs", "praha", false},
		{"el", "και", true}, {"el", "από", true}, {"el", "απο", true}, // capitals drop the accent
		{"el", "τους", true}, {"el", "τουσ", true}, // lower-cased capital sigma
		{"el", "κυβέρνηση", false}, {"el", "σεισμός", false},
		{"he", "של", true}, {"he", "את", true}, {"he", "שהוא", true}, {"he", "אותם", true}, {"he", "ועל", true},
		{"he", "ממשלה", false}, {"he", "ירושלים", false},
		{"hi", "के", true}, {"hi", "में", true}, {"hi", "है", true}, {"hi", "कहां", true}, {"hi", "कहाँ", true},
		{"hi", "सरकार", false}, {"hi", "भारत", false},
		// Unknown languages still fall back to English.
		{"sk", "the", true}, {"sk", "vláda", false},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.word, func(t *testing.T) {
			if got := nlp.IsStopword(tt.lang, tt.word); got != tt.want {
				t.Errorf("IsStopword(%q, %q) = %v, want %v", tt.lang, tt.word, got, tt.want)
			}
		})
	}
	for _, lang := range []string{"ar", "cs", "el", "he", "hi"} {
		if !nlp.HasStopwords(lang) {
			t.Errorf("HasStopwords(%q) = false", lang)
		}
	}
}

// TestMultiLingTerms: the content words of a sentence are what remains
// after the lists, in each language, as the analysis stages see them.
func TestMultiLingTerms(t *testing.T) {
	tests := []struct {
		lang, text, want string
	}{
		{"ar", "وقال الرئيس في بيان إن الحكومة ستجتمع", "الرئيس بيان الحكومة ستجتمع"},
		{"cs", "Ministr řekl, že vláda se sejde v pondělí.", "ministr vláda sejde pondělí"},
		{"el", "Ο υπουργός είπε ότι η κυβέρνηση θα συνεδριάσει τη Δευτέρα.", "υπουργός κυβέρνηση συνεδριάσει δευτέρα"},
		{"he", "השר אמר כי הממשלה תתכנס ביום שני.", "השר הממשלה תתכנס ביום שני"},
		{"hi", "मंत्री ने कहा कि सरकार की बैठक सोमवार को होगी।", "मंत्री सरकार बैठक सोमवार"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			if got := strings.Join(nlp.Terms(tt.lang, tt.text), " "); got != tt.want {
				t.Errorf("Terms(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestMultiLingListsScript: every word of a list is written in its
// language's script, so that a typing slip into another alphabet
// (Latin o for Greek ο) cannot hide.
func TestMultiLingListsScript(t *testing.T) {
	scripts := map[string]*unicode.RangeTable{
		"ar": unicode.Arabic, "cs": unicode.Latin, "el": unicode.Greek, "he": unicode.Hebrew, "hi": unicode.Devanagari,
	}
	for lang, table := range scripts {
		t.Run(lang, func(t *testing.T) {
			n := 0
			for _, w := range nlp.Stopwords(lang) {
				n++
				for _, r := range w {
					if unicode.IsLetter(r) && !unicode.Is(table, r) {
						t.Errorf("%s stop word %q has %q (%U) of another script", lang, w, r, r)
					}
				}
			}
			if n < 80 {
				t.Errorf("%s has %d stop words, want at least 80", lang, n)
			}
		})
	}
}

// FuzzDetectLanguage: any text, valid UTF-8 or not, gets "und" or a
// two-letter lower-case code, and the stop-word lookups never panic.
func FuzzDetectLanguage(f *testing.F) {
	for _, s := range []string{"A pokud ano, kde a kdy to bylo.", "Vláda sa rozhodla, že ľudia", "ΣΕΙΣΜΟΣ ΣΤΗΝ ΙΑΠΩΝΙΑ", "وقال الرئيس", "\xe8\xe1 ř", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := nlp.DetectLanguage(s)
		if got != "und" && (len(got) != 2 || strings.ToLower(got) != got) {
			t.Fatalf("DetectLanguage(%q) = %q", s, got)
		}
		for _, lang := range []string{"ar", "cs", "el", "he", "hi", got} {
			nlp.IsStopword(lang, strings.ToLower(s))
		}
	})
}
