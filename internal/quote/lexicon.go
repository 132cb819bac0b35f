package quote

import "strings"

// cueClass says how freely a cue verb may introduce an attribution.
type cueClass uint8

const (
	notCue cueClass = iota
	// speechCue verbs report speech or writing ("say", "tell", "stress"):
	// they attribute in every pattern.
	speechCue
	// beliefCue verbs report a state of mind or a finding ("think",
	// "hope", "show"): they attribute only before "that" or in a trailing
	// attribution ("..., polls show.").
	beliefCue
)

// cueLemmas lists the cue verbs by lemma.
var cueLemmas = map[string]cueClass{}

func init() {
	for _, w := range strings.Fields(`say tell add note explain stress assert insist claim argue
		warn write tweet announce report declare acknowledge admit emphasize emphasise reply
		respond recall state describe suggest deny confirm reveal ask urge predict promise vow
		pledge threaten complain comment observe contend maintain allege accuse concede testify
		estimate quip joke remark mention underline underscore reiterate repeat answer retort
		counter boast brag caution conclude continue inform post blog muse wonder question demand
		propose recommend indicate hint signal shout yell exclaim whisper lament grumble scoff
		affirm proclaim highlight specify clarify elaborate assure reassure reckon tout insinuate
		speculate surmise concur disclose divulge assert opine posit theorize theorise charge
		protest object plead cite criticize criticise blast slam praise mock attack defend
		dismiss reject blame acknowledge point express call label brand dub refer endorse
		denounce decry condemn echo thank welcome quote retweet imply invoke assail compare portray
		request remind encourage challenge chant discuss talk speak
		oppose favor favour support back`) {
		cueLemmas[w] = speechCue
	}
	for _, w := range strings.Fields(`think believe hope fear expect know feel worry doubt want
		show find learn understand consider realize realise recognize recognise guess imagine
		suspect bet agree disagree decide plan intend seem appear see view decline refuse seek prefer`) {
		if cueLemmas[w] == notCue {
			cueLemmas[w] = beliefCue
		}
	}
}

// nounish lemmas are also common nouns ("the state", "his remarks",
// "a tweet"): their forms count as cues only in the past tense, before
// "that" or a colon, or after a pronoun subject.
var nounish = set(`state attack comment note report remark question plan charge post counter
	demand answer tweet blame bet signal promise vow reply claim find show call point fear hope
	doubt wonder joke quip estimate object protest request pledge boast slam blast praise
	support back guess want need concern mention cite repeat highlight caution comment record
	continue plead favor favour echo thank welcome quote order compare challenge back`)

// toVerbs take an infinitive as content: "wants to", "declined to".
var toVerbs = set(`want plan hope expect intend decide decline refuse seek prefer promise vow pledge
	threaten agree urge ask tell`)

// evidenceNouns are sources that "show", "find" or "suggest" without a
// "that": "the poll shows Trump ahead".
var evidenceNouns = set(`poll polls survey surveys study studies analysis data report reports numbers
	results records figures research count estimates email emails documents review audit
	investigation tally average`)

// stanceLemmas are cues of support or opposition ("endorsed Clinton"):
// attributions in PolNeAR's sense, but not speech (see IsSpeech).
var stanceLemmas = set(`endorse oppose favor favour support back refer`)

// irregular maps irregular inflections of cue verbs to their lemma.
var irregular = map[string]string{
	"said": "say", "says": "say", "saying": "say",
	"told": "tell", "tells": "tell", "telling": "tell",
	"wrote": "write", "written": "write", "writes": "write", "writing": "write",
	"thought": "think", "knew": "know", "known": "know", "felt": "feel",
	"found": "find", "shown": "show", "learnt": "learn", "bet": "bet",
	"saw": "see", "seen": "see", "sought": "seek", "spoke": "speak", "spoken": "speak",
}

// cueLemma returns the lemma of word when it is a form of a cue verb, with
// its class; word must be lower case.
func cueLemma(word string) (string, cueClass) {
	if l, ok := irregular[word]; ok {
		return l, cueLemmas[l]
	}
	if c := cueLemmas[word]; c != notCue {
		return word, c
	}
	for _, l := range candidates(word) {
		if c := cueLemmas[l]; c != notCue {
			return l, c
		}
	}
	return "", notCue
}

// candidates undoes the regular English verb endings: -s, -es, -ies, -ed,
// -ied, -ing, with a doubled final consonant or a dropped final e.
func candidates(w string) []string {
	var out []string
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		out = append(out, w[:len(w)-3]+"y")
	case strings.HasSuffix(w, "es") && len(w) > 3:
		out = append(out, w[:len(w)-2], w[:len(w)-1])
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 2:
		out = append(out, w[:len(w)-1])
	}
	switch {
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		out = append(out, w[:len(w)-3]+"y")
	case strings.HasSuffix(w, "ed") && len(w) > 3:
		stem := w[:len(w)-2]
		out = append(out, stem, stem+"e")
		if n := len(stem); n > 2 && stem[n-1] == stem[n-2] {
			out = append(out, stem[:n-1])
		}
	}
	if strings.HasSuffix(w, "ing") && len(w) > 4 {
		stem := w[:len(w)-3]
		out = append(out, stem, stem+"e")
		if n := len(stem); n > 2 && stem[n-1] == stem[n-2] {
			out = append(out, stem[:n-1])
		}
	}
	return out
}

// particles complete phrasal cues: "pointed out", "called for".
var particles = map[string]map[string]bool{
	"point":    {"out": true, "to": true},
	"call":     {"for": true, "on": true},
	"go":       {"on": true},
	"spell":    {"out": true},
	"lash":     {"out": true},
	"refer":    {"to": true},
	"respond":  {"to": true},
	"reply":    {"to": true},
	"object":   {"to": true},
	"ask":      {"about": true},
	"complain": {"about": true},
	"warn":     {"about": true, "of": true, "against": true},
	"hint":     {"at": true},
	"testify":  {"about": true},
	"talk":     {"about": true},
	"speak":    {"about": true},
}

// skippable words may stand between a source and its cue verb: auxiliaries
// and adverbs ("has also said", "later told").
var skippable = set(`has have had also later then previously again repeatedly reportedly publicly
	recently once would will could may might did does do is was were are be been being has
	further earlier already often frequently privately subsequently quickly immediately
	separately simply initially first last just even still openly flatly bluntly angrily
	recently, never not n't always sometimes long since yet`)

// stopBefore words end a source phrase when scanning back from a cue.
var stopBefore = set(`and but or that because while when as if although though after before since
	where whether so until unless which while whom whose nor yet what how why
	said says told`)

// pronouns usable as sources, resolved to the nearest person.
var personPronouns = set(`he she him her`)

// subjectPronouns are pronouns that can be a source as written.
var subjectPronouns = set(`he she they we i you it who which`)

// titleWords are words of job titles that precede or replace names.
var titleWords = set(`president presidential spokesman spokeswoman spokesperson secretary minister
	foreign defense defence prime press senator sen. sen rep. rep representative governor gov.
	gov mayor chancellor chairman chairwoman chair director chief general gen. adviser advisor
	ambassador envoy leader head deputy vice state department kremlin white house official
	officials campaign manager candidate nominee speaker attorney judge justice commissioner
	secretary-general premier king queen prince pope mr. mrs. ms. dr. mr mrs ms dr prof.
	undersecretary under-secretary assistant special counselor counsellor aide press-secretary
	correspondent reporter analyst professor lieutenant colonel captain sergeant admiral
	former acting top senior us u.s. russian american syrian british french german chinese
	ukrainian iranian israeli turkish democratic republican gop democrat`)

// headSynonyms groups title heads that name the same role.
var headSynonyms = map[string]string{
	"spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
	"representative": "spokesperson", "press-secretary": "spokesperson", "secretary": "secretary",
	"president": "president", "leader": "president", "head": "president",
	"undersecretary": "secretary", "under-secretary": "secretary",
	"minister": "minister", "diplomat": "minister",
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
