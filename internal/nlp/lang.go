package nlp

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopwords per ISO 639-1 code: the most frequent function words, used both
// to drop uninformative terms and to identify the language.
var stopwords = map[string][]string{
	"en": strings.Fields(`a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on
once only or other our ours ourselves out over own said same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which while
who whom why will with would you your yours yourself yourselves mr mrs ms says say would could one two new also`),
	"ru": strings.Fields(`и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было
вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там
потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет
ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех
никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них какая много разве три эту
моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно всю между это также заявил`),
	"uk": strings.Fields(`і й в у на з із зі до що не та як за від для це про але по його її він вона вони ми ви я ти
був була було були буде будуть бути є також який яка яке які якого якої яких щоб коли після через або вже ще так тільки
між при під над без цей ця ці цього цієї цих той та те ті того тому їх їм нам нас вам вас мене мені себе свій своє своїх
може можна треба теж навіть лише де там тут зараз тепер чи ні якщо хоча бо адже однак проте саме весь вся все всі`),
	"bg": strings.Fields(`и на да се за от в във с със е са че не по като това този тази тези които който която което към
ще бъде беше бяха бил била било били при след но или още както има няма му си го ги им ни ви до между пред през без вече
също така тук там сега само дори ако когато защото обаче все всички всеки един една едно мен теб нас вас тях той тя те`),
	"es": strings.Fields(`de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este sí
porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros
ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa estos mucho quienes nada muchos cual poco
ella estar estas algunas algo nosotros fue ha han dijo según`),
	"fr": strings.Fields(`au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même mes moi mon ne
nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l à m n s t y
été est sont a ont était fait comme plus selon cette aussi entre après`),
	"it": strings.Fields(`ad al allo ai agli all agl alla alle con col coi da dal dallo dai dagli dall dagl dalla dalle di del
dello dei degli dell degl della delle in nel nello nei negli nell negl nella nelle su sul sullo sui sugli sull sugl sulla
sulle per tra contro io tu lui lei noi voi loro mio mia miei mie tuo tua tuoi tue suo sua suoi sue nostro nostra nostri
nostre che chi cui non come dove quale quali quanto quanti quanta quante questo questi questa queste si tutto tutti a c e i
l o ha è sono anche più ma dopo stato secondo`),
	"de": strings.Fields(`aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf
aus bei bin bis bist da damit dann der den des dem die das daß dass du er sie es ein eine einem einen einer eines für hat
hatte haben ich ihr ihre im in ist ja jede jedem jeden jeder kein keine mit nach nicht noch nun oder ohne sich sind so über
um und uns unter vom von vor war waren was weil wenn werden wie wieder wir wird zu zum zur sagte`),
	"pt": strings.Fields(`de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à
seu sua ou ser quando muito há nos já está eu também só pelo pela até isso ela entre era depois sem mesmo aos ter seus quem
nas me esse eles estão você tinha foram essa num nem suas meu às minha têm numa pelos elas havia seja qual será nós disse`),
	"nl": strings.Fields(`de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem dan zou
of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb hoe heeft hebben deze u want nog zal
me zij nu ge geen omdat iets worden toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier
wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere`),
	// Written for the MultiLing languages, see stop_multiling.go.
	"ar": arStopwords,
	"cs": csStopwords,
	"el": elStopwords,
	"he": heStopwords,
	"hi": hiStopwords,
}

var stopSets = func() map[string]map[string]bool {
	m := make(map[string]map[string]bool, len(stopwords))
	for lang, words := range stopwords {
		words = stopVariants(lang, words)
		set := make(map[string]bool, len(words))
		for _, w := range words {
			set[w] = true
		}
		m[lang] = set
	}
	return m
}()

// idExtra are frequent function words that identify a language but are
// missing from its stop-word list (adding them there would change the
// terms every stage computes): French "les" was counted for Spanish only.
var idExtra = map[string][]string{
	"fr": {"les"},
	"it": {"il", "lo", "gli", "un", "una", "uno"},
}

// idSets are the Latin-script words that identify each language: its stop
// words and idExtra. Languages of other scripts are told by their letters.
var idSets = func() map[string]map[string]bool {
	m := map[string]map[string]bool{}
	for lang, words := range stopwords {
		if first, _ := utf8.DecodeRuneInString(words[0]); !unicode.Is(unicode.Latin, first) {
			continue
		}
		set := map[string]bool{}
		for _, w := range append(append([]string(nil), words...), idExtra[lang]...) {
			set[w] = true
		}
		m[lang] = set
	}
	return m
}()

// stopShare weighs an identifying word: 1/k for a word of k languages'
// idSets, so that words many languages share (de, la, a) count less than
// those only one has (les, il, het).
var stopShare = func() map[string]float64 {
	m := map[string]float64{}
	for _, set := range idSets {
		for w := range set {
			m[w]++
		}
	}
	for w, k := range m {
		m[w] = 1 / k
	}
	return m
}()

// letterLangs lists, for letters with diacritics that mark few Latin-script
// languages, those languages; é counts as French, where it is several
// times more frequent than in Spanish or Italian.
var letterLangs = map[rune][]string{
	'é': {"fr"}, 'è': {"fr", "it"}, 'ê': {"fr", "pt"}, 'ë': {"fr", "nl"}, 'ç': {"fr", "pt"},
	'œ': {"fr"}, 'î': {"fr"}, 'ï': {"fr", "nl"}, 'û': {"fr"}, 'ù': {"fr", "it"},
	'à': {"fr", "it", "pt"}, 'â': {"fr", "pt"},
	'ñ': {"es"}, 'á': {"es", "pt"}, 'í': {"es"}, 'ó': {"es", "pt"}, 'ú': {"es", "pt"}, '¿': {"es"}, '¡': {"es"},
	'ì': {"it"}, 'ò': {"it"},
	'ã': {"pt"}, 'õ': {"pt"},
	'ä': {"de"}, 'ö': {"de"}, 'ü': {"de"}, 'ß': {"de"},
	// Czech alone writes ř, ů and ě; č, š, ž, ý also mark Slovak and
	// others, which slavicLatin tells apart.
	'ř': {"cs"}, 'ů': {"cs"}, 'ě': {"cs"}, 'č': {"cs"}, 'š': {"cs"}, 'ž': {"cs"}, 'ý': {"cs"},
}

// letterWeight is what one marked letter adds to the score of each of
// its languages: a tenth of a stop word, enough to settle a short
// sentence whose stop words are all shared, too little to outvote them.
const letterWeight = 0.1

// HasStopwords reports whether lang (an ISO 639-1 code) has a stop-word
// list here; other languages are analyzed with the English one.
func HasStopwords(lang string) bool {
	_, ok := stopSets[lang]
	return ok
}

// IsStopword reports whether the lower-cased word is a function word of
// lang. Unknown languages fall back to English.
func IsStopword(lang, word string) bool {
	set, ok := stopSets[lang]
	if !ok {
		set = stopSets["en"]
	}
	return set[word]
}

// Stopwords returns the function words of lang (an ISO 639-1 code),
// spelling variants included, sorted; nil for a language without a list.
func Stopwords(lang string) []string {
	set, ok := stopSets[lang]
	if !ok {
		return nil
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

// scripts maps a Unicode script to the language it identifies when no
// stop-word evidence decides (languages with their own script).
var scripts = []struct {
	table *unicode.RangeTable
	lang  string
}{
	{unicode.Arabic, "ar"}, {unicode.Greek, "el"}, {unicode.Hebrew, "he"},
	{unicode.Devanagari, "hi"}, {unicode.Han, "zh"}, {unicode.Hiragana, "ja"},
	{unicode.Katakana, "ja"}, {unicode.Hangul, "ko"}, {unicode.Thai, "th"},
	{unicode.Georgian, "ka"}, {unicode.Armenian, "hy"},
}

// DetectLanguage returns the ISO 639-1 code of the text's language, or "und"
// when it cannot tell (too little text). It counts letters per script, then
// for Latin and Cyrillic text the share of each language's stop words.
func DetectLanguage(text string) string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	var latin, cyrillic, other int
	counts := map[string]int{}
	for _, r := range text {
		switch {
		case !unicode.IsLetter(r):
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.Is(unicode.Cyrillic, r):
			cyrillic++
		default:
			other++
			for _, s := range scripts {
				if unicode.Is(s.table, r) {
					counts[s.lang]++
					break
				}
			}
		}
	}
	if latin+cyrillic+other < 10 {
		return "und"
	}
	if other > latin+cyrillic {
		best, bestN := "und", 0
		for lang, n := range counts {
			if n > bestN || n == bestN && lang < best {
				best, bestN = lang, n
			}
		}
		if counts["ja"] > 0 && best == "zh" {
			return "ja" // kana only occurs in Japanese
		}
		return best
	}
	if cyrillic > latin {
		return detectCyrillic(text, cyrillic)
	}
	// Each language scores its stop words in the text, weighted by how
	// many languages share them, and its marked letters; at least two of
	// its stop words must occur.
	hits := map[string]int{}
	score := map[string]float64{}
	csOwn := 0 // stop words only Czech has
	for _, t := range Tokenize(text) {
		w := strings.ToLower(t.Text)
		share := stopShare[w]
		if share == 0 {
			continue
		}
		for lang, set := range idSets {
			if set[w] {
				hits[lang]++
				score[lang] += share
			}
		}
		if share == 1 && idSets["cs"][w] {
			csOwn++
		}
	}
	// A text with Czech letters, or two stop words of Czech alone, may be
	// Czech.
	csMarked := csOwn >= 2
	for _, r := range strings.ToLower(text) {
		if strings.ContainsRune(czechMarked, r) {
			csMarked = true
		}
		if langs := letterLangs[r]; langs != nil {
			for _, lang := range langs {
				score[lang] += letterWeight / float64(len(langs))
			}
		}
	}
	best, bestScore := "und", 0.0
	for lang, sc := range score {
		if hits[lang] < 2 || lang == "cs" && !csMarked {
			continue
		}
		if sc > bestScore || sc == bestScore && lang < best {
			best, bestScore = lang, sc
		}
	}
	// Czech-like function words (or ones without Czech letters) may be
	// Slovak, Polish or Croatian.
	if best == "cs" || best == "und" && hits["cs"] >= 2 {
		if lang := slavicLatin(text); lang != "cs" || csMarked {
			return lang
		}
	}
	return best
}

// czechMarked are the marked letters of Czech; about one letter in ten
// has one, so a text without any, and without two stop words of Czech
// alone, is not Czech (English "comes to a close" shares "to" and "a"
// with it).
const czechMarked = "áčďéěíňóřšťúůýž"

// slavicMarks maps letters that only one of the Latin-script Slavic
// languages writes to it: Czech ř ů ě, Slovak ä ô ľ ĺ ŕ, Polish ą ę ł ś
// ź ż ń, Croatian (and Serbian, Bosnian in Latin letters) đ.
var slavicMarks = map[rune]string{
	'ř': "cs", 'ů': "cs", 'ě': "cs",
	'ä': "sk", 'ô': "sk", 'ľ': "sk", 'ĺ': "sk", 'ŕ': "sk",
	'ą': "pl", 'ę': "pl", 'ł': "pl", 'ś': "pl", 'ź': "pl", 'ż': "pl", 'ń': "pl",
	'đ': "hr",
}

// slavicWords are frequent words of one of those languages that the
// others do not write so (Czech jsou/který, Slovak sa/ktorý, Polish
// się/jest, Croatian su/koji).
var slavicWords = func() map[string]string {
	m := map[string]string{}
	for lang, words := range map[string]string{
		"cs": "jsou jsem se který která které kteří byl byla bylo byli jako také jen není ještě když pro mezi při",
		"sk": "sa som ktorý ktorá ktoré ktorí bol bola bolo boli ako aj tiež len nie je keď pre medzi pri ešte alebo",
		"pl": "się jest są w oraz przez dla który która które był była było jako także tylko nie jeszcze kiedy przy między lub",
		"hr": "su je da koji koja koje što kao bio bila bilo nije će ili samo između kada",
	} {
		for _, w := range strings.Fields(words) {
			if _, dup := m[w]; dup {
				m[w] = "" // shared: decides nothing
				continue
			}
			m[w] = lang
		}
	}
	return m
}()

// slavicLatin decides among Czech, Slovak, Polish and Croatian a text
// whose function words are Czech-like (they share a, v, na, do, že, to):
// each scores its own letters and its own frequent words. Without any
// evidence the text stays Czech, the only one with stop words here.
func slavicLatin(text string) string {
	score := map[string]float64{}
	for _, r := range strings.ToLower(text) {
		if lang, ok := slavicMarks[r]; ok {
			score[lang] += 0.5
		}
	}
	for _, t := range Tokenize(text) {
		if lang := slavicWords[strings.ToLower(t.Text)]; lang != "" {
			score[lang]++
		}
	}
	best, bestScore := "cs", score["cs"]
	for _, lang := range []string{"sk", "pl", "hr"} {
		if score[lang] > bestScore {
			best, bestScore = lang, score[lang]
		}
	}
	return best
}

// cyrillicLangs are the Cyrillic-script languages with stop words here;
// they are told apart by detectCyrillic, not by the Latin idSets.
var cyrillicLangs = map[string]bool{"ru": true, "uk": true, "bg": true}

// cyrillicMarks maps letters that only some Cyrillic alphabets have to the
// language they point to: Russian ы э ё, Ukrainian і ї є ґ, Belarusian ў,
// Serbian ђ ћ, Macedonian ѓ ќ ѕ, Serbian or Macedonian ј љ њ џ ("sr"),
// Kazakh ә ғ қ ң ө ұ ү һ.
var cyrillicMarks = map[rune]string{
	'ы': "ru", 'э': "ru", 'ё': "ru",
	'і': "uk", 'ї': "uk", 'є': "uk", 'ґ': "uk",
	'ў': "be",
	'ђ': "sr", 'ћ': "sr", 'ј': "sr", 'љ': "sr", 'њ': "sr", 'џ': "sr",
	'ѓ': "mk", 'ќ': "mk", 'ѕ': "mk",
	'ә': "kk", 'ғ': "kk", 'қ': "kk", 'ң': "kk", 'ө': "kk", 'ұ': "kk", 'ү': "kk", 'һ': "kk",
}

// bgWords and ruWords are frequent words of one language that the other
// lacks; Bulgarian has none of the marked letters, so these decide
// between it and Russian.
var (
	bgWords = setOf("са", "че", "като", "това", "този", "тази", "тези", "които", "който", "която", "което",
		"към", "ще", "беше", "бяха", "бъде", "също", "има", "няма", "във", "със", "ги", "сега", "обаче")
	ruWords = setOf("что", "это", "как", "который", "которые", "которая", "была", "были", "было", "его",
		"он", "она", "они", "также", "уже", "для", "будет", "чтобы", "при", "этот", "эти", "или", "году")
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// detectCyrillic tells Russian from the other Cyrillic languages by their
// own letters (a Russian text has ы in about one letter in fifty; a
// Ukrainian one і in one in twenty), then Russian from Bulgarian, which
// has no letter of its own, by frequent words. Quoted names in another
// alphabet do not flip a text: a language needs a clear majority of the
// marked letters and at least 0.5% of all Cyrillic letters. Short texts
// without evidence stay Russian, the most common Cyrillic language.
func detectCyrillic(text string, cyrillic int) string {
	marks := map[string]int{}
	for _, r := range strings.ToLower(text) {
		if lang, ok := cyrillicMarks[r]; ok {
			marks[lang]++
		}
	}
	// Kazakh and Belarusian also write і; Macedonian also ј, љ, њ, џ.
	if marks["kk"] > 0 {
		marks["kk"] += marks["uk"]
	}
	if marks["be"] > 0 {
		marks["be"] += marks["uk"]
	}
	if marks["mk"] > 0 {
		marks["mk"] += marks["sr"]
	}
	best, bestN := "", 0
	for _, lang := range []string{"uk", "be", "sr", "mk", "kk"} {
		if n := marks[lang]; n > bestN {
			best, bestN = lang, marks[lang]
		}
	}
	floor := cyrillic / 200
	if floor < 2 {
		floor = 2
	}
	// Belarusian and Kazakh write ы and э too, so Russian's letters do
	// not count against them; Ukrainian, Serbian and Macedonian have none.
	if best != "" && best != "ru" && bestN >= floor &&
		(best == "be" || best == "kk" || bestN*3 > marks["ru"]*4) {
		return best
	}
	if marks["ru"] >= floor {
		return "ru"
	}
	var bg, ru int
	for _, t := range Tokenize(text) {
		w := strings.ToLower(t.Text)
		if bgWords[w] {
			bg++
		}
		if ruWords[w] {
			ru++
		}
	}
	if bg >= 2 && bg > ru {
		return "bg"
	}
	return "ru"
}
