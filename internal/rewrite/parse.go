package rewrite

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Part is one sentence (rarely two) of a model's answer with the numbers
// of the source sentences it cites, as written: Check decides whether they
// are valid.
type Part struct {
	Text    string
	Sources []int
}

// maxRange caps how many numbers a range such as [2-5] expands to; a
// longer one keeps only its ends (and fails the range check).
const maxRange = 50

var (
	reThink   = regexp.MustCompile(`(?is)<think>.*?(?:</think>|\z)`)
	reFence   = regexp.MustCompile("(?m)^\\s*```[^\\n]*$")
	reBullet  = regexp.MustCompile(`(?m)^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+`)
	reEmph    = regexp.MustCompile(`\*\*|__`)
	reCite    = regexp.MustCompile(`\[\s*(\d{1,6}(?:\s*(?:,|;|-|–|and)\s*\d{1,6})*)\s*\]`)
	reCiteSep = regexp.MustCompile(`\s*(?:,|;|and)\s*`)
)

// Parse splits a model's answer into sentences, each with the citation
// marks ("[1]", "[2,3]", "[1-3]", "[1][4]") written after it or inside it.
// It drops reasoning blocks (<think>…</think>), code fences, list markers,
// bold markers and a preface line such as "Here is the rewrite:". Text
// after the last mark becomes a part without sources. Parse never fails;
// an answer without text gives no parts.
func Parse(answer string) []Part {
	if !utf8.ValidString(answer) {
		answer = strings.ToValidUTF8(answer, "\uFFFD")
	}
	answer = reThink.ReplaceAllString(answer, "")
	answer = reFence.ReplaceAllString(answer, "")
	answer = reBullet.ReplaceAllString(answer, "")
	answer = reEmph.ReplaceAllString(answer, "")
	var lines []string
	for _, l := range strings.Split(answer, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasSuffix(l, ":") && !strings.Contains(l, "[") {
			continue
		}
		lines = append(lines, l)
	}
	text := strings.Join(lines, " ")

	// Units: the text before each cluster of marks, with the cluster's
	// numbers; then the text after the last mark.
	type unit struct {
		text string
		nums []int
	}
	var units []unit
	prev := 0
	var pending *unit
	for _, m := range reCite.FindAllStringSubmatchIndex(text, -1) {
		between := text[prev:m[0]]
		nums := citeNumbers(text[m[2]:m[3]])
		if pending != nil && strings.Trim(between, " ,;") == "" {
			pending.nums = append(pending.nums, nums...) // "[1][2]", "[1], [2]"
		} else {
			if pending != nil {
				units = append(units, *pending)
			}
			pending = &unit{text: between, nums: nums}
		}
		prev = m[1]
	}
	if pending != nil {
		units = append(units, *pending)
	}
	units = append(units, unit{text: text[prev:]})

	// Punctuation written after a mark ("… Moscow [1]. Then …") belongs
	// to the text before it.
	for i := 1; i < len(units); i++ {
		t := strings.TrimLeft(units[i].text, " ")
		j := 0
		for j < len(t) {
			r, n := utf8.DecodeRuneInString(t[j:])
			if !strings.ContainsRune(`.,;:!?…"”’'»)`, r) {
				break
			}
			j += n
		}
		if j > 0 {
			units[i-1].text = strings.TrimRight(units[i-1].text, " ") + t[:j]
			units[i].text = t[j:]
		}
	}

	// Sentences: units joined until one ends a sentence.
	var parts []Part
	var cur strings.Builder
	var nums []int
	emit := func() {
		s := strings.Join(strings.Fields(cur.String()), " ")
		// Joining units can form a mark anew ("[0[1]]" gives "[0 ]");
		// deeper nesting than a few levels is garbage, not citations.
		for round := 0; reCite.MatchString(s); round++ {
			if round == 4 {
				s = strings.NewReplacer("[", "", "]", "").Replace(s)
				break
			}
			for _, m := range reCite.FindAllStringSubmatch(s, -1) {
				nums = append(nums, citeNumbers(m[1])...)
			}
			s = strings.Join(strings.Fields(reCite.ReplaceAllString(s, " ")), " ")
		}
		if hasWord(s) {
			parts = append(parts, Part{Text: s, Sources: uniqueSorted(nums)})
		} else if len(parts) > 0 && len(nums) > 0 {
			last := &parts[len(parts)-1]
			last.Sources = uniqueSorted(append(last.Sources, nums...))
		}
		cur.Reset()
		nums = nil
	}
	for _, u := range units {
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(strings.TrimSpace(u.text))
		nums = append(nums, u.nums...)
		if endsSentence(cur.String()) {
			emit()
		}
	}
	emit()
	return parts
}

// citeNumbers reads "1, 3", "2-4", "1 and 2".
func citeNumbers(s string) []int {
	var out []int
	for _, f := range reCiteSep.Split(strings.TrimSpace(s), -1) {
		f = strings.ReplaceAll(f, "–", "-")
		lo, hi, isRange := strings.Cut(f, "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			continue
		}
		if !isRange {
			out = append(out, a)
			continue
		}
		b, err := strconv.Atoi(strings.TrimSpace(hi))
		if err != nil {
			out = append(out, a)
			continue
		}
		if b < a || b-a > maxRange {
			out = append(out, a, b)
			continue
		}
		for n := a; n <= b; n++ {
			out = append(out, n)
		}
	}
	return out
}

func uniqueSorted(nums []int) []int {
	if len(nums) == 0 {
		return nil
	}
	s := append([]int(nil), nums...)
	sort.Ints(s)
	out := s[:1]
	for _, n := range s[1:] {
		if n != out[len(out)-1] {
			out = append(out, n)
		}
	}
	return out
}

// endsSentence reports whether s ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), `"”’'»)`)
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…。！？", r)
}

func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
