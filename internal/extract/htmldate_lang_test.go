package extract

import (
	"reflect"
	"strings"
	"testing"
)

func TestHTMLDateParserConfig(t *testing.T) {
	tests := []struct {
		lang string
		want []string // nil: go-htmldate's default configuration
	}{
		{"", nil},
		{"en", []string{"en"}},
		{"de", []string{"de", "en"}},
		{"pt", []string{"pt", "en"}},
		{"qq", nil}, // unknown to go-dateparser: all languages
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			cfg := htmlDateParserConfig(tt.lang)
			if tt.want == nil {
				if cfg != nil {
					t.Errorf("htmlDateParserConfig(%q) = %+v, want nil", tt.lang, cfg)
				}
				return
			}
			if cfg == nil || !reflect.DeepEqual(cfg.Languages, tt.want) || !cfg.StrictParsing {
				t.Errorf("htmlDateParserConfig(%q) = %+v, want languages %v and strict parsing", tt.lang, cfg, tt.want)
			}
			if again := htmlDateParserConfig(tt.lang); again != cfg {
				t.Errorf("htmlDateParserConfig(%q) not cached", tt.lang)
			}
		})
	}
}

// TestPublishedDateInPageLanguage checks that the extensive search, now
// narrowed to the declared language and English, still reads a date
// written in words of the page's language or of English.
func TestPublishedDateInPageLanguage(t *testing.T) {
	text := "<p>" + strings.Repeat("Einige Worte der Geschichte, die ein Leser liest. ", 20) + "</p>"
	tests := []struct {
		name, lang, stamp, want string
	}{
		{"german page", "de", "Veröffentlicht am 3. März 2021", "2021-03-03"},
		{"german page, english stamp", "de", "Published March 3, 2021", "2021-03-03"},
		{"undeclared language", "", "Veröffentlicht am 3. März 2021", "2021-03-03"},
		{"french page", "fr", "Publié le 3 mars 2021", "2021-03-03"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lang := ""
			if tt.lang != "" {
				lang = ` lang="` + tt.lang + `"`
			}
			page := `<!DOCTYPE html><html` + lang + `><head><title>Eine Geschichte</title></head><body><article>` +
				`<h1>Eine Geschichte</h1><div class="article-date">` + tt.stamp + `</div>` + text + `</article></body></html>`
			p, err := PublishedDateHTML([]byte(page), "https://example.org/news/story")
			if err != nil {
				t.Fatalf("PublishedDateHTML: %v", err)
			}
			if got := p.Time.Format("2006-01-02"); got != tt.want {
				t.Errorf("date = %s, want %s", got, tt.want)
			}
		})
	}
}
