package extract

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/storyline-news/storyline/internal/model"
)

// TestHTMLWrongWesternCharset reads pages whose bytes are in one charset
// while the page declares another: a Russian page in Windows-1251 or
// KOI8-R declaring ISO-8859-1 must come out in Cyrillic, and a French page
// that truly is ISO-8859-1 must stay as it is.
func TestHTMLWrongWesternCharset(t *testing.T) {
	russian := strings.Repeat("Президент России Владимир Путин провёл в Кремле переговоры с государственным секретарём США Джоном Керри. Стороны обсудили ситуацию в Сирии и на Украине. ", 4)
	french := strings.Repeat("Le président de la République a reçu jeudi le secrétaire d'État américain à l'Élysée. Les deux hommes ont évoqué la situation en Syrie et en Ukraine. ", 4)
	page := func(text string) string {
		return `<html><head><meta charset="iso-8859-1"><title>Новости</title></head><body><article><h1>Заголовок</h1><p>` + text + `</p><p>` + text + `</p></article></body></html>`
	}
	tests := []struct {
		name string
		enc  *charmap.Charmap
		text string
		want string
	}{
		{"windows-1251 declared latin-1", charmap.Windows1251, russian, "Президент России"},
		{"koi8-r declared latin-1", charmap.KOI8R, russian, "Президент России"},
		{"latin-1 declared latin-1", charmap.ISO8859_1, french, "Le président de la République a reçu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := tt.enc.NewEncoder().String(page(tt.text))
			if err != nil {
				// The title is Cyrillic: give the French page a Latin one.
				body, err = tt.enc.NewEncoder().String(strings.NewReplacer("Новости", "Nouvelles", "Заголовок", "Titre").Replace(page(tt.text)))
				if err != nil {
					t.Fatal(err)
				}
			}
			a, err := HTML(model.RawDoc{Origin: tt.name + ".html", Body: []byte(body)})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text, tt.want) {
				t.Errorf("text starts %q, want it to hold %q", a.Text[:min(len(a.Text), 80)], tt.want)
			}
		})
	}
}
