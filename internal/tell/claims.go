package tell

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/storyline-news/storyline/internal/model"
)

// outletOf names who published an article, falling back to the article.
func outletOf(a *model.Article) string {
	switch {
	case a.Outlet.Domain != "":
		return a.Outlet.Domain
	case a.Outlet.Name != "":
		return a.Outlet.Name
	}
	return "article:" + a.ID
}

// Claims compares the articles of a story: "shared" statements that every
// outlet supports (at most three), "single" statements one outlet alone
// carries that are on the story's subject and add something (at most
// maxSingles, two per article; quoted speech is left to Quotes), and "conflict" claims where outlets give
// different titles to the same office holder, different figures for the
// same quantity, or different dates for the event.
func Claims(articles []*model.Article, lang string, maxSingles int) []model.Claim {
	return claims(articles, lang, maxSingles, nil)
}

// claims is Claims reading the sentences through memo.
func claims(articles []*model.Article, lang string, maxSingles int, memo *sentMemo) []model.Claim {
	if len(articles) < 2 {
		return nil
	}
	sents := make([][]string, len(articles))
	sets := make([][]map[string]bool, len(articles))
	df := map[string]int{}
	for i, a := range articles {
		sents[i] = ArticleSentences(a)
		seen := map[string]bool{}
		for _, s := range sents[i] {
			cs := memo.contentSet(lang, s)
			sets[i] = append(sets[i], cs)
			for t := range cs {
				if !seen[t] {
					seen[t] = true
					df[t]++
				}
			}
		}
	}
	outlets := map[string]bool{}
	for _, a := range articles {
		outlets[outletOf(a)] = true
	}
	idx := newSupportIndex(sets)
	var out []model.Claim
	out = append(out, sharedClaims(articles, sents, sets, idx, len(outlets))...)
	singles := singleClaims(articles, sents, sets, idx, df, maxSingles)
	out = append(out, singles...)
	out = append(out, clauseClaims(articles, sents, sets, df, lang, singles)...)
	out = append(out, titleConflicts(articles, sents)...)
	out = append(out, figureConflicts(articles, sents)...)
	out = append(out, dateConflicts(articles)...)
	return out
}

func sharedClaims(articles []*model.Article, sents [][]string, sets [][]map[string]bool, idx *supportIndex, nOutlets int) []model.Claim {
	type cand struct {
		text string
		set  map[string]bool
		arts []string
		pos  int
	}
	var cands []cand
	var sup []bool
	for i := range articles {
		for si, s := range sents[i] {
			if len(sets[i][si]) < 5 || si > 12 {
				continue
			}
			arts := []string{articles[i].ID}
			outl := map[string]bool{outletOf(articles[i]): true}
			sup = idx.supporters(sets[i][si], DefaultSupport, sup)
			for j := range articles {
				if j != i && sup[j] {
					arts = append(arts, articles[j].ID)
					outl[outletOf(articles[j])] = true
				}
			}
			if len(outl) == nOutlets {
				cands = append(cands, cand{s, sets[i][si], arts, si})
			}
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].pos < cands[b].pos })
	var out []model.Claim
	var kept []map[string]bool
	for _, c := range cands {
		dup := false
		for _, k := range kept {
			if r, _ := overlapMin(c.set, k); r >= 0.5 {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		kept = append(kept, c.set)
		out = append(out, model.Claim{Text: c.text, Articles: c.arts, Kind: "shared"})
		if len(out) == 3 {
			break
		}
	}
	return out
}

func singleClaims(articles []*model.Article, sents [][]string, sets [][]map[string]bool, idx *supportIndex, df map[string]int, max int) []model.Claim {
	type cand struct {
		art   int
		text  string
		score float64
	}
	var cands []cand
	var sup []bool
	for i := range articles {
		for si, s := range sents[i] {
			set := sets[i][si]
			if len(set) < 5 || countFields(s) > 60 || strings.ContainsAny(s, "\"“”«»") || !looksLikeSentence(s) {
				continue // quotes are told in Quotes; fragments are not claims
			}
			alone := true
			sup = idx.supporters(set, 0.34, sup)
			for j := range articles {
				if j != i && sup[j] {
					alone = false
					break
				}
			}
			if !alone {
				continue
			}
			onTopic, fresh := 0, 0
			for t := range set {
				if df[t] >= 2 {
					onTopic++
				} else {
					fresh++
				}
			}
			if onTopic < 2 || fresh < 2 {
				continue
			}
			// On the subject and new: both kinds of words count, on-topic
			// ones a little more; earlier sentences matter more.
			score := (1.5*float64(onTopic) + float64(fresh)) / (1 + 0.05*float64(si))
			cands = append(cands, cand{i, s, score})
		}
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	perArt := map[int]int{}
	var out []model.Claim
	for _, c := range cands {
		if len(out) >= max || perArt[c.art] >= 2 {
			continue
		}
		perArt[c.art]++
		out = append(out, model.Claim{Text: c.text, Articles: []string{articles[c.art].ID}, Kind: "single", Detail: onlyDetail(articles[c.art])})
	}
	return out
}

// onlyDetail names the one outlet carrying a claim in words.
func onlyDetail(a *model.Article) string {
	switch {
	case a.Outlet.Name != "":
		return "only " + a.Outlet.Name
	case a.Outlet.Domain != "":
		return "only " + a.Outlet.Domain
	}
	return "only one article (outlet unknown)"
}

// clauseClaims finds what one outlet adds to a statement the others
// share: a trailing clause outside any quotation ("…,” without admitting
// that …") that follows a quotation or whose sentence another article
// supports without it (or half of whose other content words other
// articles use), while at
// least three of the clause's content words, and two in five, occur in
// no other article. Such clauses are often the outlet's own comment.
// At most two per article and three in all, none from a sentence
// already told as a single claim.
func clauseClaims(articles []*model.Article, sents [][]string, sets [][]map[string]bool, df map[string]int, lang string, singles []model.Claim) []model.Claim {
	type cand struct {
		claim model.Claim
		score float64
	}
	told := map[string]bool{}
	for _, c := range singles {
		told[c.Text] = true
	}
	var cands []cand
	for i, a := range articles {
		var mine []cand
		for si, s := range sents[i] {
			main, clause, afterQuote := trailingClause(s)
			if clause == "" || told[s] || speechVerbs[strings.ToLower(strings.Fields(clause)[0])] {
				continue // "…, adding that …" is quoted speech, told in Quotes
			}
			cs := contentSet(lang, clause)
			fresh := 0
			for t := range cs {
				if df[t] == 1 {
					fresh++
				}
			}
			if fresh < 3 || 5*fresh < 2*len(cs) {
				continue
			}
			ms := contentSet(lang, main)
			if len(ms) < 3 {
				continue
			}
			common := 0
			for t := range ms {
				if df[t] >= 2 {
					common++
				}
			}
			// Half of the rest is what other articles say too.
			// The reporter's words after a quotation frame it ("…,” without
			// admitting …"): whether others quote the same is for Quotes.
			shared := 2*common >= len(ms) || afterQuote
			for j := range articles {
				if j != i && supported(ms, sets[j], 0.34) {
					shared = true
					break
				}
			}
			if !shared {
				continue // the whole sentence is this outlet's alone
			}
			score := float64(fresh) / (1 + 0.05*float64(si))
			mine = append(mine, cand{model.Claim{Text: s, Articles: []string{a.ID}, Kind: "single",
				Detail: fmt.Sprintf("%s alone adds: %q", strings.TrimPrefix(onlyDetail(a), "only "), clause)}, score})
		}
		sort.SliceStable(mine, func(a, b int) bool { return mine[a].score > mine[b].score })
		cands = append(cands, mine[:min(2, len(mine))]...)
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].score > cands[b].score })
	var out []model.Claim
	for _, c := range cands {
		if len(out) == 3 {
			break
		}
		out = append(out, c.claim)
	}
	return out
}

// speechVerbs open clauses that report what someone said.
var speechVerbs = map[string]bool{
	"saying": true, "adding": true, "noting": true, "stressing": true, "expressing": true, "explaining": true,
	"insisting": true, "arguing": true, "warning": true, "stating": true, "pointing": true, "describing": true,
	"calling": true, "urging": true, "recalling": true, "emphasizing": true, "emphasising": true,
	"underlining": true, "underscoring": true, "asserting": true, "telling": true, "announcing": true,
	"confirming": true, "denying": true, "reiterating": true, "according": true,
}

// trailingClause splits off the last clause of s that follows a comma or
// a closing quotation mark outside quotation marks and starts with a
// lower-case word ("…,” without admitting that …"); it returns the rest,
// the clause (without its final stop) and whether the clause follows a
// quotation, or "" when there is none of at least five words.
func trailingClause(s string) (string, string, bool) {
	inQuote, afterQuote := false, false
	split := -1
	for i, r := range s {
		switch r {
		case '"':
			inQuote = !inQuote
			if !inQuote {
				split, afterQuote = i+1, true
			}
		case '“', '«':
			inQuote = true
		case '”', '»':
			inQuote = false
			split, afterQuote = i+len(string(r)), true
		case ',':
			if !inQuote {
				split, afterQuote = i+1, false
			}
		}
	}
	if split <= 0 || split >= len(s) || inQuote {
		return "", "", false
	}
	rest := strings.TrimLeft(s[split:], " ,")
	rest = strings.TrimRight(rest, " .!")
	if rest == "" || strings.ContainsAny(rest, "\"“”«»") {
		return "", "", false
	}
	if r := []rune(rest)[0]; !unicode.IsLower(r) || countFields(rest) < 5 {
		return "", "", false
	}
	return s[:split], rest, afterQuote
}

// reRole finds an office title, with an optional rank prefix, and the
// word after it (a name when it is capitalized).
var reRole = regexp.MustCompile(`\b((?:[Uu]nder|[Dd]eputy|[Vv]ice|[Aa]ssistant|[Aa]cting)[ -]?)?((?:[Ss]ecretary of [Ss]tate|[Ss]ecretary-[Gg]eneral|[Ff]oreign [Mm]inister|[Pp]rime [Mm]inister|[Dd]efen[cs]e [Mm]inister|[Dd]efen[cs]e [Ss]ecretary))\b,?(\s+\p{Lu}\p{L}+)?`)

// mayHaveRole is false only when reRole cannot match s: every title it
// finds spells "ecretary" or "inister" (only their first letter may be
// upper case). Running the regular expression on every sentence cost 2%
// of a regroup.
func mayHaveRole(s string) bool {
	return strings.Contains(s, "ecretary") || strings.Contains(s, "inister")
}

// titleConflicts reports an office title that one outlet gives with a
// rank prefix ("Undersecretary of State") used bare, without a name after
// it, where the other articles use the plain title: the outlets disagree
// on who the office holder is.
func titleConflicts(articles []*model.Article, sents [][]string) []model.Claim {
	type use struct {
		art      int
		text     string
		sentence string
		named    bool
	}
	plain := map[string]map[int]bool{}
	variants := map[string][]use{}
	for i := range articles {
		for _, s := range sents[i] {
			if !mayHaveRole(s) {
				continue
			}
			for _, m := range reRole.FindAllStringSubmatch(s, -1) {
				base := strings.ToLower(m[2])
				if m[1] == "" {
					if plain[base] == nil {
						plain[base] = map[int]bool{}
					}
					plain[base][i] = true
					continue
				}
				variants[base] = append(variants[base], use{i, strings.TrimSpace(m[1]) + strings.TrimPrefix(m[2], ""), s, m[3] != ""})
			}
		}
	}
	var out []model.Claim
	for base, us := range variants {
		others := plain[base]
		for _, u := range us {
			if u.named {
				continue // a different person holding the lower office
			}
			var ids []string
			for j := range articles {
				if others[j] && j != u.art {
					ids = append(ids, articles[j].ID)
				}
			}
			if len(ids) < 2 {
				continue
			}
			title := strings.TrimSpace(u.text)
			if !strings.Contains(title, " ") {
				title = u.text
			}
			out = append(out, model.Claim{
				Text:     u.sentence,
				Articles: append([]string{articles[u.art].ID}, ids...),
				Kind:     "conflict",
				Detail:   fmt.Sprintf("title: %s calls the %s %q; %s say %q", articles[u.art].ID, base, fullTitle(u.sentence, base), strings.Join(ids, ", "), base),
			})
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Detail < out[j].Detail })
	return out
}

// fullTitle returns the prefixed title as written in s.
func fullTitle(s, base string) string {
	for _, m := range reRole.FindAllStringSubmatch(s, -1) {
		if strings.ToLower(m[2]) == base && m[1] != "" {
			return m[1] + m[2]
		}
	}
	return base
}

var numberWords = map[string]string{"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12"}

var reFigure = regexp.MustCompile(`(?i)\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(hours?|people|dead|killed|injured|wounded|percent|per cent|soldiers|troops|civilians|victims|casualties|seats|votes)\b`)

// Cores of reFigure's alternatives: every match holds one of
// figureNumbers (or an ASCII digit) and one of figureUnits, in any ASCII
// case. The cores avoid "k" and "s", the only ASCII letters that (?i)
// also matches with runes outside ASCII (U+212A, U+017F), so comparing
// ASCII-lower-cased text is exact.
var (
	figureNumbers = []string{"one", "two", "three", "four", "five", "ix", "even", "eight", "nine", "ten", "eleven", "twelve"}
	figureUnits   = []string{"hour", "people", "dead", "ille", "injured", "wounded", "per", "oldier", "troop", "civilian", "victim", "ualtie", "eat", "vote"}
)

// mayHaveFigure is false only when reFigure cannot match s, so the
// regular expression (3% of a regroup when run on every sentence) runs
// on few sentences.
func mayHaveFigure(s string) bool {
	l := asciiLower(s)
	return containsAny(l, figureUnits) && (strings.ContainsAny(s, "0123456789") || containsAny(l, figureNumbers))
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// asciiLower maps A-Z to a-z and leaves every other byte alone.
func asciiLower(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if c := b[i]; c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// figureConflicts reports quantities of the same kind (hours, people
// killed, seats...) that articles give with different values.
func figureConflicts(articles []*model.Article, sents [][]string) []model.Claim {
	type val struct {
		arts     []string
		sentence string
	}
	byUnit := map[string]map[string]*val{}
	for i, a := range articles {
		for _, s := range sents[i] {
			if !mayHaveFigure(s) {
				continue
			}
			for _, m := range reFigure.FindAllStringSubmatch(s, -1) {
				n := strings.ToLower(m[1])
				if w, ok := numberWords[n]; ok {
					n = w
				}
				n = strings.ReplaceAll(n, ",", "")
				unit := strings.TrimSuffix(strings.ToLower(m[2]), "s")
				if byUnit[unit] == nil {
					byUnit[unit] = map[string]*val{}
				}
				v := byUnit[unit][n]
				if v == nil {
					v = &val{sentence: s}
					byUnit[unit][n] = v
				}
				if !containsStr(v.arts, a.ID) {
					v.arts = append(v.arts, a.ID)
				}
			}
		}
	}
	var out []model.Claim
	units := make([]string, 0, len(byUnit))
	for u := range byUnit {
		units = append(units, u)
	}
	sort.Strings(units)
	for _, u := range units {
		vals := byUnit[u]
		if len(vals) < 2 {
			continue
		}
		keys := make([]string, 0, len(vals))
		all := map[string]bool{}
		for k, v := range vals {
			keys = append(keys, k)
			for _, id := range v.arts {
				all[id] = true
			}
		}
		if len(all) < 2 {
			continue // one article giving two figures is not a disagreement
		}
		sort.Strings(keys)
		var parts, ids []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %s (%s)", k, u, strings.Join(vals[k].arts, ", ")))
			for _, id := range vals[k].arts {
				if !containsStr(ids, id) {
					ids = append(ids, id)
				}
			}
		}
		out = append(out, model.Claim{Text: vals[keys[0]].sentence, Articles: ids, Kind: "conflict", Detail: "figure: " + strings.Join(parts, " vs ")})
	}
	return out
}

// dateConflicts reports articles that date the event differently (from
// the time expressions of their first sentences).
func dateConflicts(articles []*model.Article) []model.Claim {
	byDate := map[string][]string{}
	for _, a := range articles {
		if len(a.TimeRefs) == 0 {
			continue
		}
		b := *a
		b.Published = nil // only what the text says
		b.TimeRefs = nil
		for _, r := range a.TimeRefs {
			if r.Start >= 40 { // not the dateline ("Moscow, Jul 15 (...)")
				b.TimeRefs = append(b.TimeRefs, r)
			}
		}
		if d := EventDate([]*model.Article{&b}); d != "" {
			byDate[d] = append(byDate[d], a.ID)
		}
	}
	if len(byDate) < 2 {
		return nil
	}
	dates := make([]string, 0, len(byDate))
	for d := range byDate {
		dates = append(dates, d)
	}
	sort.Strings(dates)
	first, _ := time.Parse("2006-01-02", dates[0])
	last, _ := time.Parse("2006-01-02", dates[len(dates)-1])
	if last.Sub(first) < 48*time.Hour {
		// A day apart is mostly "yesterday" resolved from different
		// publication times, not a disagreement.
		return nil
	}
	var parts, ids []string
	for _, d := range dates {
		parts = append(parts, fmt.Sprintf("%s (%s)", d, strings.Join(byDate[d], ", ")))
		ids = append(ids, byDate[d]...)
	}
	return []model.Claim{{Text: "The articles date the event differently.", Articles: ids, Kind: "conflict", Detail: "date: " + strings.Join(parts, " vs ")}}
}
