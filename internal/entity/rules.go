package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Post-tagging rules. The model's tags are corrected by a few rules that
// follow CoNLL-2003's own conventions and hold for news in general; they
// run inside TagDocument, so `storyline eval ner` scores them too:
//
//   - Titles are not names: a leading job title is cut from a chunk
//     ("Undersecretary of State" is no entity; in "President Putin" only
//     "Putin" is). CoNLL-2003 leaves titles untagged.
//   - A name written between quote marks with lower-case words after its
//     first ("the group “Islamic state”", common in translated news) is one
//     name up to the closing mark.
//   - A name right after "group", "organization" or "movement" (the
//     militant group Hamas), or before or after "news agency" / "agency" /
//     "newspaper" ("the Prensa Latina agency", "the news agency SANA"), is
//     an organization; a nationality (MISC) before "news agency" is left
//     alone ("the Russian news agency").
//   - A name ending in Agreement(s), Accord(s), Treaty, Pact, Protocol or
//     Memorandum is a document: other (MISC), not a place or organization
//     ("Minsk Agreements").
//   - The source of a dateline ("Moscow, Jul 15 (Prensa Latina)",
//     "Moscow, SANA –", "MOSCOW, July 14. /TASS/.") is a news organization.

// ruleTitles are job titles cut from the front of a chunk. Lower case.
var ruleTitles = set(`secretary undersecretary under-secretary secretary-general undersecretary-general
	minister ambassador envoy chairman chairwoman spokesman spokeswoman spokesperson president
	vice-president president-elect governor commissioner premier chancellor senator mayor`)

// orgNouns before a name make it an organization: "the militant group
// Hamas", "terrorist groups “Islamic state”".
var orgNouns = set(`group groups organization organisation organizations organisations movement`)

// agencyNouns before or after a name make it an organization.
var agencyNouns = set(`agency newspaper broadcaster`)

// documentEnds end the names of agreements.
var documentEnds = set(`agreement agreements accord accords treaty treaties pact protocol memorandum`)

// monthWords may stand between a dateline's place and its source.
var monthWords = set(`jan jan. january feb feb. february mar mar. march apr apr. april may jun jun. june
	jul jul. july aug aug. august sep sep. sept sept. september oct oct. october nov nov. november
	dec dec. december`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// applyRules corrects the IOB2 tags of a document in place.
func applyRules(doc [][]string, tags [][]string) {
	for si, ws := range doc {
		ts := tags[si]
		if len(ts) != len(ws) {
			continue
		}
		cutTitles(ws, ts)
		quotedNames(ws, ts)
		for _, c := range chunks(ts) {
			typ := c.typ
			last := strings.ToLower(ws[c.end-1])
			switch {
			case documentEnds[last] && c.end-c.start > 1:
				typ = "MISC"
			case orgContext(ws, c) && typ != "MISC" || orgNounBefore(ws, c):
				typ = "ORG"
			case si < 5 && datelineSource(ws, ts, c):
				typ = "ORG"
			}
			if typ != c.typ {
				setChunk(ts, c.start, c.end, typ)
			}
		}
	}
}

func setChunk(ts []string, start, end int, typ string) {
	for i := start; i < end; i++ {
		if i == start {
			ts[i] = "B-" + typ
		} else {
			ts[i] = "I-" + typ
		}
	}
}

// cutTitles removes leading job titles from chunks; a chunk that is only
// a title ("Secretary of State") is dropped.
func cutTitles(ws, ts []string) {
	for _, c := range chunks(ts) {
		i := c.start
		for i < c.end && ruleTitles[strings.ToLower(ws[i])] {
			i++
		}
		if i == c.start {
			continue
		}
		if i < c.end && (strings.EqualFold(ws[i], "of") || strings.EqualFold(ws[i], "for")) {
			i = c.end // "Secretary of State", "Minister for Europe"
		}
		for j := c.start; j < i; j++ {
			ts[j] = "O"
		}
		if i < c.end {
			setChunk(ts, i, c.end, c.typ)
		}
	}
}

// quotedNames extends a chunk that opens a short quotation to the closing
// quote mark when only lower-case words stand between ("Islamic state").
func quotedNames(ws, ts []string) {
	open := false
	for i := 0; i < len(ws); i++ {
		if ws[i] != `"` {
			continue
		}
		open = !open
		if !open || i+1 >= len(ws) || !strings.HasPrefix(ts[i+1], "B-") {
			continue
		}
		typ := ts[i+1][2:]
		j := i + 2
		for j < len(ws) && ts[j] == "I-"+typ {
			j++
		}
		k := j
		for k < len(ws) && k-j < 3 && ts[k] == "O" && lowerWord(ws[k]) {
			k++
		}
		if k > j && k < len(ws) && ws[k] == `"` {
			setChunk(ts, i+1, k, typ)
		}
	}
}

func lowerWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLower(r) && r != '-' {
			return false
		}
	}
	return true
}

// orgContext reports an agency noun right after the chunk ("Xinhua news
// agency", "the Prensa Latina agency") or right before it ("the news
// agency SANA").
func orgContext(ws []string, c chunk) bool {
	e := c.end
	if e < len(ws) && strings.EqualFold(ws[e], "news") {
		e++
	}
	if e < len(ws) && agencyNouns[ws[e]] {
		return true
	}
	return c.start > 0 && agencyNouns[ws[c.start-1]]
}

// orgNounBefore reports "group", "organization" or "movement" (lower
// case) right before the chunk, possibly with an opening quote mark.
func orgNounBefore(ws []string, c chunk) bool {
	b := c.start - 1
	if b >= 0 && ws[b] == `"` {
		b--
	}
	return b >= 0 && orgNouns[ws[b]]
}

// datelineSource reports a chunk that is the source of a dateline at the
// start of the sentence: PLACE, [DATE] (SOURCE) / PLACE, SOURCE – / PLACE,
// DATE. /SOURCE/.
func datelineSource(ws, ts []string, c chunk) bool {
	if len(ts) == 0 || ts[0] != "B-LOC" {
		return false
	}
	i := 1
	for i < len(ts) && ts[i] == "I-LOC" {
		i++
	}
	if i >= len(ws) || ws[i] != "," {
		return false
	}
	i++
	// An optional date: month words, numbers and full stops.
	for i < len(ws) && i < c.start && (monthWords[strings.ToLower(ws[i])] || isNumber(ws[i]) || ws[i] == ".") {
		i++
	}
	switch {
	case i < len(ws) && (ws[i] == "(" || ws[i] == "/") && c.start == i+1:
		closer := ")"
		if ws[i] == "/" {
			closer = "/"
		}
		return c.end < len(ws) && ws[c.end] == closer
	case c.start == i:
		return c.end < len(ws) && (ws[c.end] == "-" || ws[c.end] == "--")
	}
	return false
}

func isNumber(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsDigit(r)
}
