package extract

import (
	"strings"
	"testing"

	"github.com/RadhiFadlillah/whatlanggo"
)

// TestLanguageDetectorIsCapped checks that the build uses the capped
// stand-in for go-trafilatura's language detector (third_party/whatlanggo,
// wired by the replace directives in go.mod): without it every page pays
// for a trigram count over its whole text. The stand-in reads only the
// first whatlanggo.MaxRunes runes, so a text that starts in English and
// goes on at length in German is English to it.
func TestLanguageDetectorIsCapped(t *testing.T) {
	english := strings.Repeat("The minister said on Thursday that the talks would continue next week in the capital. ", 8)
	german := strings.Repeat("Der Minister sagte am Donnerstag, dass die Gespräche in der nächsten Woche in der Hauptstadt weitergehen würden. ", 200)
	if len(english) < whatlanggo.MaxRunes {
		t.Fatalf("test text too short: %d bytes of English for a cap of %d runes", len(english), whatlanggo.MaxRunes)
	}
	tests := []struct {
		name, text, want string
	}{
		{"english", english, "en"},
		{"german", german, "de"},
		{"english then german", english + german, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := whatlanggo.DetectLang(tt.text).Iso6391(); got != tt.want {
				t.Errorf("DetectLang = %q, want %q", got, tt.want)
			}
		})
	}
}
