package extract

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// The byte-level helpers must give what their plain rune-by-rune
// definitions give; the references below are those definitions.

func refNormWords(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			space = true
		}
	}
	return b.String()
}

func refRuneCountLetters(s string) int {
	n := 0
	space := true
	for _, r := range s {
		if unicode.IsSpace(r) {
			if !space {
				n++
			}
			space = true
			continue
		}
		space = false
		n++
	}
	return n
}

var fastHelperInputs = []string{
	"", " ", "Hello, World!", "  SEAN SPICER ELIMINATED  from\tthe\nshow ",
	"Ünïcödé Straße ΣΊΣΥΦΟΣ 42", "a\u00a0b\u0085c\u2003d", "x\xffy\xc3", "İstanbul KELVİN \u212a",
	"premium-content", "PayWall", "pay-Wall", "Ⱥpaywall", "12:30 p.m.",
}

func TestHTMLNormWordsMatchesReference(t *testing.T) {
	for _, s := range fastHelperInputs {
		t.Run(s, func(t *testing.T) {
			if got, want := htmlNormWords(s), refNormWords(s); got != want {
				t.Errorf("htmlNormWords(%q) = %q, want %q", s, got, want)
			}
			if got, want := htmlRuneCountLetters(s), refRuneCountLetters(s); got != want {
				t.Errorf("htmlRuneCountLetters(%q) = %d, want %d", s, got, want)
			}
		})
	}
}

func refIsUpperLine(s string) bool {
	upper, words := 0, len(strings.Fields(s))
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			upper++
		}
	}
	return words >= 4 && upper >= 15
}

func TestHTMLIsUpperLine(t *testing.T) {
	for _, s := range append(fastHelperInputs, "SEAN SPICER ELIMINATED FROM DANCING SHOW", "ÉLU À PARIS\u00a0DIT LE MAIRE DE LA VILLE", "ONE TWO THREE") {
		if got, want := htmlIsUpperLine(s), refIsUpperLine(s); got != want {
			t.Errorf("htmlIsUpperLine(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestHTMLAppendLower(t *testing.T) {
	for _, s := range fastHelperInputs {
		if got, want := string(htmlAppendLower([]byte("x"), s)), "x"+strings.ToLower(s); got != want {
			t.Errorf("htmlAppendLower(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestHTMLIsPaywalled(t *testing.T) {
	tests := []struct {
		name, page string
		want       bool
	}{
		{"class", `<div class="article PayWall-banner">x</div>`, true},
		{"id", `<section id="Premium-Content">x</section>`, true},
		{"mark split by class and id", `<div class="pay" id="wall">x</div>`, false},
		{"free", `<div class="article-body" id="main">x</div>`, false},
		{"script ignored", `<script class="paywall"></script><p>x</p>`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader("<html><body>" + tt.page + "</body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			if got := htmlIsPaywalled(doc, nil); got != tt.want {
				t.Errorf("htmlIsPaywalled = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHTMLLinkTexts(t *testing.T) {
	doc, err := html.Parse(strings.NewReader(`<body><p>Text <a href="/a">Read the <b>whole</b>story here</a>
		<a href="/b">Home</a> <a href="/c">Two words</a> <a href="/d">ÉLU À PARIS, <i>DIT-IL</i></a></p></body>`))
	if err != nil {
		t.Fatal(err)
	}
	got := htmlLinkTexts(doc)
	want := map[string]bool{"read the whole story here": true, "élu à paris dit il": true}
	if len(got) != len(want) {
		t.Errorf("htmlLinkTexts = %v, want %v", got, want)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("htmlLinkTexts misses %q (got %v)", k, got)
		}
	}
}

func FuzzHTMLTextHelpers(f *testing.F) {
	for _, s := range fastHelperInputs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := htmlNormWords(s), refNormWords(s); got != want {
			t.Errorf("htmlNormWords(%q) = %q, want %q", s, got, want)
		}
		if got, want := htmlRuneCountLetters(s), refRuneCountLetters(s); got != want {
			t.Errorf("htmlRuneCountLetters(%q) = %d, want %d", s, got, want)
		}
		if got, want := htmlIsUpperLine(s), refIsUpperLine(s); got != want {
			t.Errorf("htmlIsUpperLine(%q) = %v, want %v", s, got, want)
		}
		low := htmlAppendLower(nil, s)
		if got, want := string(low), strings.ToLower(s); got != want {
			t.Errorf("htmlAppendLower(%q) = %q, want %q", s, got, want)
		}
		want := false
		for _, m := range htmlPaywallMarks {
			want = want || strings.Contains(string(low), m)
		}
		if got := htmlHasPaywallMark(low); got != want {
			t.Errorf("htmlHasPaywallMark(%q) = %v, want %v", low, got, want)
		}
	})
}
