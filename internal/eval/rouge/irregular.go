package rouge

import "strings"

// ROUGE-1.5.5 looks every word longer than three letters up in the
// WordNet 2.0 exception list before it falls back to the Porter stemmer,
// and uses the base form it finds as is: "said" becomes "say" and so
// matches "say", "were" and "been" match "be", "children" matches
// "child"; "denied" becomes "deny" and no longer matches "denies". That
// list is not shipped here; irregular holds English irregular forms
// written for this package (verbs, plurals, comparatives), and
// exceptionBase adds the regular patterns the list spells out word by
// word (-ied verbs, -iest superlatives).
var irregular = func() map[string]string {
	m := map[string]string{}
	// base: forms
	for _, line := range strings.Split(irregularSource, "\n") {
		base, forms, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		base = strings.TrimSpace(base)
		for _, f := range strings.Fields(forms) {
			m[f] = base
		}
	}
	return m
}()

// exceptionBase returns the base form ROUGE's exception lookup gives w,
// or false when w is not an exception.
func exceptionBase(w string) (string, bool) {
	if b, ok := irregular[w]; ok {
		return b, true
	}
	n := len(w)
	switch {
	case n >= 5 && strings.HasSuffix(w, "ied") && !isVowel(w[n-4]) && !strings.HasPrefix(w, "un"):
		return w[:n-3] + "y", true
	case n >= 7 && strings.HasSuffix(w, "iest") && !isVowel(w[n-5]):
		return w[:n-4] + "y", true
	}
	return "", false
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

const irregularSource = `
be: were been
do: done
go: goes went gone
say: said
make: made
find: found
hold: held
take: took taken
leave: left leaves
send: sent
tell: told
come: came
pay: paid
give: gave given
know: knew known
break: broke broken
may: might
lose: lost
beat: beaten
seek: sought
rise: rose risen
see: seen
spend: spent
build: built
bring: brought
swear: swore sworn
fly: flew flown flies
flee: fled
mean: meant
speak: spoke spoken
keep: kept
think: thought
freeze: froze frozen
catch: caught
fall: fell fallen
choose: chose chosen
feel: felt
stand: stood
sell: sold
write: wrote written
deal: dealt
withdraw: withdrew withdrawn
withhold: withheld
uphold: upheld
grow: grew grown
become: became
bear: bore borne born
drive: drove driven
bend: bent
throw: threw thrown
show: shown
blow: blew blown
strike: struck stricken
bind: bound
arise: arose arisen
begin: began begun
forbid: forbade forbidden
rebuild: rebuilt
teach: taught
buy: bought
fight: fought
lead: led
meet: met
read: read
win: won
run: ran
sink: sank sunk
sing: sang sung
ring: rang rung
drink: drank drunk
swim: swam swum
shake: shook shaken
wake: woke woken
steal: stole stolen
ride: rode ridden
hide: hid hidden
bite: bit bitten
eat: ate eaten
draw: drew drawn
hang: hung
dig: dug
feed: fed
lend: lent
light: lit
slide: slid
spin: spun
stick: stuck
sting: stung
swing: swung
wind: wound
weave: wove woven
shoot: shot
shine: shone
sleep: slept
sweep: swept
weep: wept
creep: crept
leap: leapt
kneel: knelt
dream: dreamt
burn: burnt
spell: spelt
spill: spilt
spoil: spoilt
tear: tore torn
wear: wore worn
forget: forgot forgotten
forgive: forgave forgiven
forsee: foresaw foreseen
overcome: overcame
overtake: overtook overtaken
overthrow: overthrew overthrown
undergo: underwent undergone
undertake: undertook undertaken
understand: understood
mistake: mistook mistaken
lie: lay lain lying lied
die: dying
tie: tying
vie: vying
child: children
medium: media
datum: data
foot: feet
tooth: teeth
goose: geese
mouse: mice
life: lives
wife: wives
knife: knives
wolf: wolves
half: halves
leaf: leaves
shelf: shelves
thief: thieves
criterion: criteria
phenomenon: phenomena
crisis: crises
analysis: analyses
thesis: theses
base: bases
far: further farther furthest farthest
bad: worse worst
well: better best
early: earlier earliest
big: bigger biggest
hot: hotter hottest
sad: saddest
fat: fattest
wet: wettest
thin: thinnest
fit: fittest
red: reddest
panic: panicked panicking
apparatus: apparatus
underfeed: underfed
hard: harder hardest
strong: stronger strongest
deadly: deadlier
after: after
hunger: hunger
number: number
matter: matter
interest: interest
modest: modest
offer: offer
founder: founder
player: player
owner: owner
customer: customer
broadcaster: broadcaster
`
