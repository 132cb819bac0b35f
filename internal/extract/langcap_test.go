//go:build !upstream_detector

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
// goes on at length in German is English to it. (The test turns the
// detector back on for its run: this package turns it off.)
func TestLanguageDetectorIsCapped(t *testing.T) {
	whatlanggo.SetOff(false)
	defer whatlanggo.SetOff(true)
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

// TestLanguageDetectorIsOff checks that the package turns go-trafilatura's
// language guess off (it discards it) and that the stand-in then reads
// nothing and answers no language.
func TestLanguageDetectorIsOff(t *testing.T) {
	if !whatlanggo.Off() {
		t.Fatal("language detector is on; package extract turns it off in init")
	}
	text := strings.Repeat("The minister said on Thursday that the talks would continue. ", 4)
	if got := whatlanggo.DetectLang(text).Iso6391(); got != "" {
		t.Errorf("DetectLang while off = %q, want no language", got)
	}
	if got := whatlanggo.DetectScript(text); got != nil {
		t.Errorf("DetectScript while off = %v, want nil", got)
	}
}
