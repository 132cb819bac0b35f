package tell

import (
	"strings"
	"testing"
)

// The prefilters skip the regular expressions only where they cannot
// match: a sentence either regular expression matches must pass them.
var prefilterCases = []string{
	"Twelve people were killed on Monday.",
	"At least 1,200 SOLDIERS and 30 civilians died.",
	"Turnout was 61.5 per cent, and 40 percent voted no.",
	"Seven ſeats went to the opposition.",         // U+017F matches (?i)s
	"Three people were \u212Ailled, six injured.", // U+212A matches (?i)k
	"Eleven hours later, ten victims and two casualties.",
	"Under Secretary of State Wendy Sherman met the Foreign Minister.",
	"The deputy Prime Minister, Ivanov, said the Secretary-General agreed.",
	"Defence Secretary and defense minister spoke.",
	"No numbers here at all.",
	"The plan -- first floated (in May) -- failed, officials said.",
	"He left_ and the talks — which had stalled — ended – abruptly.",
	"",
}

func TestPrefilters(t *testing.T) {
	for _, s := range prefilterCases {
		t.Run(s, func(t *testing.T) {
			checkPrefilters(t, s)
		})
	}
	for _, s := range []string{prefilterCases[3], prefilterCases[4]} {
		if !reFigure.MatchString(s) {
			t.Errorf("reFigure does not match %q: the case-folding cases test nothing", s)
		}
	}
	if mayHaveFigure("The talks went on for weeks.") || mayHaveRole("The talks went on for weeks.") {
		t.Error("prefilters let a sentence without figures or titles through")
	}
}

func FuzzPrefilters(f *testing.F) {
	for _, s := range prefilterCases {
		f.Add(s)
	}
	f.Fuzz(checkPrefilters)
}

func checkPrefilters(t *testing.T, s string) {
	if reFigure.MatchString(s) && !mayHaveFigure(s) {
		t.Errorf("mayHaveFigure(%q) = false, but reFigure matches", s)
	}
	if reRole.MatchString(s) && !mayHaveRole(s) {
		t.Errorf("mayHaveRole(%q) = false, but reRole matches", s)
	}
	if (reDashAside.MatchString(s) || reDashTail.MatchString(s)) && !hasDash(s) {
		t.Errorf("hasDash(%q) = false, but a dash pattern matches", s)
	}
	if (reParenAside.MatchString(s) || reParen.MatchString(s)) && !strings.Contains(s, "(") {
		t.Errorf("%q has no \"(\", but a parenthesis pattern matches", s)
	}
}

func FuzzCountFields(f *testing.F) {
	for _, s := range append(prefilterCases, " a\u00a0b\u0085c\t\n", "x\xffy z", "\u2003lead  ") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countFields(s), len(strings.Fields(s)); got != want {
			t.Errorf("countFields(%q) = %d, want %d", s, got, want)
		}
	})
}
