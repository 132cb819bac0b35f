package rouge

import (
	"regexp"
	"strings"
	"sync"
)

// The original Porter (1980) stemmer as ROUGE-1.5.5 runs it: the rules of
// the paper plus the two departures of Martin Porter's reference
// implementation (step 2 "bli"->"ble" and "logi"->"log") and the change
// ROUGE's author made to step 4 in 2004 (a word ending in "-ement" is
// stripped of "ement" first, then "ment" and "ent" are tried in turn on
// what is left). Snowball's English stemmer ("Porter2") differs on many
// words, so ROUGE scores need this one to match the Perl scorer.

const (
	pc = `[^aeiou]`        // consonant
	pv = `[aeiouy]`        // vowel
	pC = pc + `[^aeiouy]*` // consonant sequence
	pV = pv + `[aeiou]*`   // vowel sequence
	pm = `^(` + pC + `)?` + pV + pC
)

var (
	reMgr0 = regexp.MustCompile(pm)                                            // m > 0
	reMeq1 = regexp.MustCompile(`^(` + pC + `)?` + pV + pC + `(` + pV + `)?$`) // m = 1
	reMgr1 = regexp.MustCompile(pm + pV + pC)                                  // m > 1
	reVow  = regexp.MustCompile(`^(` + pC + `)?` + pv)                         // vowel in stem
	reCVC  = regexp.MustCompile(`^` + pC + pv + `[^aeiouwxy]$`)

	reStep2 = regexp.MustCompile(`(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$`)
	reStep3 = regexp.MustCompile(`(icate|ative|alize|iciti|ical|ful|ness)$`)
	reStep4 = regexp.MustCompile(`(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$`)

	step2 = map[string]string{
		"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
		"alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
		"ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
		"iviti": "ive", "biliti": "ble", "logi": "log",
	}
	step3 = map[string]string{
		"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": "",
	}
)

var stemCache sync.Map

// PorterStem returns the Porter stem of a lower-case word exactly as
// ROUGE-1.5.5 computes it. Words shorter than three bytes are returned
// unchanged.
func PorterStem(w string) string {
	if s, ok := stemCache.Load(w); ok {
		return s.(string)
	}
	s := porter(w)
	stemCache.Store(w, s)
	return s
}

func porter(w string) string {
	if len(w) < 3 {
		return w
	}
	initialY := w[0] == 'y'
	if initialY {
		w = "Y" + w[1:]
	}
	// Step 1a.
	switch {
	case strings.HasSuffix(w, "sses"):
		w = w[:len(w)-2]
	case strings.HasSuffix(w, "ies"):
		w = w[:len(w)-2]
	case len(w) >= 2 && w[len(w)-1] == 's' && w[len(w)-2] != 's':
		w = w[:len(w)-1]
	}
	// Step 1b.
	if strings.HasSuffix(w, "eed") {
		if reMgr0.MatchString(w[:len(w)-3]) {
			w = w[:len(w)-1]
		}
	} else if stem, ok := cutSuffix(w, "ed", "ing"); ok {
		if reVow.MatchString(stem) {
			w = stem
			n := len(w)
			switch {
			case strings.HasSuffix(w, "at") || strings.HasSuffix(w, "bl") || strings.HasSuffix(w, "iz"):
				w += "e"
			case n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("aeiouylsz", rune(w[n-1])):
				w = w[:n-1]
			case reCVC.MatchString(w):
				w += "e"
			}
		}
	}
	// Step 1c.
	if strings.HasSuffix(w, "y") {
		stem := w[:len(w)-1]
		if reVow.MatchString(stem) {
			w = stem + "i"
		}
	}
	// Step 2.
	if loc := reStep2.FindStringSubmatchIndex(w); loc != nil {
		stem, suf := w[:loc[2]], w[loc[2]:loc[3]]
		if reMgr0.MatchString(stem) {
			w = stem + step2[suf]
		}
	}
	// Step 3.
	if loc := reStep3.FindStringSubmatchIndex(w); loc != nil {
		stem, suf := w[:loc[2]], w[loc[2]:loc[3]]
		if reMgr0.MatchString(stem) {
			w = stem + step3[suf]
		}
	}
	// Step 4, with ROUGE's -ement change: three independent tests.
	if loc := reStep4.FindStringSubmatchIndex(w); loc != nil {
		if stem := w[:loc[2]]; reMgr1.MatchString(stem) {
			w = stem
		}
	}
	if strings.HasSuffix(w, "ment") {
		if stem := w[:len(w)-4]; reMgr1.MatchString(stem) {
			w = stem
		}
	}
	if strings.HasSuffix(w, "ent") {
		if stem := w[:len(w)-3]; reMgr1.MatchString(stem) {
			w = stem
		}
	} else if strings.HasSuffix(w, "sion") || strings.HasSuffix(w, "tion") {
		if stem := w[:len(w)-3]; reMgr1.MatchString(stem) {
			w = stem
		}
	}
	// Step 5.
	if strings.HasSuffix(w, "e") {
		stem := w[:len(w)-1]
		if reMgr1.MatchString(stem) || reMeq1.MatchString(stem) && !reCVC.MatchString(stem) {
			w = stem
		}
	}
	if strings.HasSuffix(w, "ll") && reMgr1.MatchString(w) {
		w = w[:len(w)-1]
	}
	if initialY {
		w = "y" + w[1:]
	}
	return w
}

// cutSuffix removes the first of the suffixes w ends with. Perl's
// /(ed|ing)$/ finds the leftmost match, and no word ends in both.
func cutSuffix(w string, sufs ...string) (string, bool) {
	for _, s := range sufs {
		if strings.HasSuffix(w, s) {
			return w[:len(w)-len(s)], true
		}
	}
	return w, false
}
