package nlp

import "strings"

// Function-word lists for Arabic, Czech, Greek, Hebrew and Hindi.
//
// How they were made: written by hand for this project from the grammar
// of each language (personal and demonstrative pronouns, articles,
// prepositions and postpositions, conjunctions, copulas and auxiliaries,
// negation and other particles, quantifiers, the commonest adverbs of
// degree and time, and the reporting verb "said" that news repeats, as
// the English list has "said"). They were not copied from another
// project's list, and no evaluation text was read to choose or rank the
// words. Each list names the forms a letter tokenizer sees: words are
// runs of letters and marks, so clitics written together with the next
// word are part of it. Arabic wa- "and", fa- "so", bi- "in, with", li-
// "for" and al- "the", and Hebrew ve- "and", ha- "the", be- "in", le-
// "to", mi- "from" and she- "that", are attached prefixes; the lists
// hold the attached forms of the function words they combine with most
// ("وفي", "والتي", "ועל", "שהוא") and the pronoun suffixes of the
// prepositions ("عليه", "منها", "שלו", "אותם"). Content words with an
// attached article are not function words and stay out. Greek and
// Arabic spelling variants are added by stopVariants, not listed.

// arStopwords is Arabic (Modern Standard, undiacritized news spelling).
var arStopwords = strings.Fields(`
في من إلى على عن مع ب ل و ف ك حتى منذ خلال بين عند لدى نحو حول ضد دون بدون عبر ضمن قبل بعد أمام وراء تحت فوق مثل
ثم أو أم بل لكن ولكن لكنه لكنها إلا إما أما إذا إذ لو لولا كي لكي لأن لان حيث عندما بينما كلما كما كأن
أن إن أنه إنه أنها إنها أنهم إنهم بأن بأنه بأنها لأنه فإن وأن وإن وأنه
هو هي هم هما هن أنا نحن أنت أنتم
هذا هذه هذان هاتان هؤلاء ذلك تلك أولئك ذاك هنا هناك هنالك
الذي التي الذين اللذان اللتان اللاتي اللواتي ما ماذا من متى أين كيف لماذا كم أي أية
كان كانت كانوا كن يكون تكون يكونوا ليس ليست ليسوا لا لم لن قد لقد سوف سيكون
كل كلا بعض غير سوى جميع عدة أكثر أقل جدا فقط أيضا أيضاً الآن حاليا بينه
له لها لهم لهما لنا لي به بها بهم فيه فيها فيهم منه منها منهم عنه عنها عنهم عليه عليها عليهم إليه إليها إليهم
معه معها معهم لديه لديها لديهم عندها عنده
وفي ومن وإلى وعلى وعن ومع وبين وبعد وقبل وهو وهي وهم وهذا وهذه وذلك وكان وكانت وقد ولم ولا ولن وما وكل
والذي والتي والذين وأضاف وأكد وأوضح وقال وقالت فيما مما عما وفيما بما كما لما فقد فلا
قال قالت يقول تقول أضاف أكد أوضح
`)

// csStopwords is Czech; the reflexive se/si and the forms of "which"
// are among the most frequent words of any Czech text.
var csStopwords = strings.Fields(`
a i o u v ve k ke s se z ze na do od ode po pro při za před mezi nad pod bez přes kvůli podle během proti kromě vedle díky
že aby když protože ale nebo ani však tedy pak jako než jestli jestliže pokud zda až ať i
kde kdy jak co kdo proč který která které kterého kterou kterým kterých kteří kterém jenž jež již jehož jejíž
on ona ono oni ony já ty my vy jej jeho její jejich jim jí ho mu ji nich nim ním nás vás nám vám mi mě mne tě ti si sebe sobě
svůj svá své svého svou svým svých svému
ten ta to ty toho tomu tom tím té tu tou těch těm těmi tento tato toto tyto tito této tohoto tomto tuto touto
je jsou jsem jsi jsme jste byl byla bylo byli byly být bude budou budeme bych by bychom byste není nejsou nebyl nebyla nebylo
má mají mít měl měla mělo měli
také též už ještě jen pouze velmi více méně nyní teď tak tam tady zde dnes
všechny všech všichni vše všechno každý každá každé jeden jedna jedno
řekl řekla uvedl uvedla podle například asi prý totiž ovšem
`)

// elStopwords is Greek (monotonic spelling).
var elStopwords = strings.Fields(`
ο η το οι τα του της των τον την τη τους τις
ένας μία μια ένα ενός έναν μιας
σε στο στη στην στον στα στους στις στης στου από με για προς κατά μετά χωρίς παρά ως έως μέχρι αντί υπό περί μεταξύ
πριν λόγω μέσω εναντίον
και κι ή αλλά όμως ενώ αν εάν ότι πως που όταν όπως επειδή γιατί αφού ώστε ούτε είτε οπότε
να θα ας δεν δε μην μη
εγώ εσύ αυτός αυτή αυτό αυτοί αυτές αυτά αυτού αυτής αυτών αυτόν αυτήν αυτούς εμείς εσείς μου σου μας σας
εκείνος εκείνη εκείνο εκείνοι εκείνα
ποιος ποια ποιο ποιοι τι οποίος οποία οποίο οποίοι οποίες οποίου οποίας οποίων οποίον οποίους
είναι ήταν είμαι είσαι είμαστε είστε ήμουν έχει έχουν είχε είχαν έχω έχουμε
πολύ πιο επίσης ήδη ακόμα ακόμη μόνο τώρα εκεί εδώ πάντα ποτέ
όλα όλοι όλες όλη όλο όλων κάθε άλλος άλλη άλλο άλλοι άλλες άλλα
είπε δήλωσε ανέφερε
`)

// heStopwords is Hebrew (unpointed spelling).
var heStopwords = strings.Fields(`
של את על עם אל מן בין עד אחרי לפני לאחר תחת ללא בלי כדי לגבי אצל מול נגד בגלל למרות במהלך בעקבות
ו ה ב ל מ ש כ
כי אשר אם או אבל אך אלא אולם גם רק כאשר בעוד כמו כך לכן אז
הוא היא הם הן אני אנחנו אתה אתם
זה זו זאת אלה אלו הזה הזאת הזו האלה ההוא ההיא
מה מי איך למה מתי איפה היכן כמה
היה הייתה היתה היו יהיה תהיה יהיו להיות יש אין לא
כל עוד כבר מאוד מאד יותר פחות ביותר עכשיו כעת כן
לו לה להם להן לי לנו בו בה בהם ממנו ממנה מהם עליו עליה עליהם אליו אליה אליהם איתו איתה עמו
אותו אותה אותם אותן שלו שלה שלהם שלנו שלי
ואת ועל ועם וגם ולא והוא והיא והם וכן וכי שהוא שהיא שהם שלא שגם שכן כשה
אמר אמרה אמרו
אחד אחת
`)

// hiStopwords is Hindi. Postpositions are separate words in Hindi
// spelling; both nasal spellings (anusvara and chandrabindu) are listed
// where news writes both.
var hiStopwords = strings.Fields(`
का की के को में से ने पर तक लिए द्वारा साथ बाद पहले बीच ओर तरफ बारे अंदर बाहर पास जैसे जैसा जैसी वाला वाली वाले
मैं हम तुम आप वह वे यह ये वो उस उन इस इन उसके उसकी उसका उनके उनकी उनका इसके इसकी इसका इनके इनकी इनका
उसे उन्हें इसे इन्हें मुझे हमें मेरा मेरी मेरे हमारा हमारी हमारे अपना अपनी अपने
जो जिस जिन जिसे जिन्हें जिसके जिसकी जिसका जिनके जिनकी जिनका कौन क्या कोई कुछ किसी किस कब कहाँ कहां क्यों कैसे
है हैं था थी थे हो होता होती होते होगा होगी होंगे हुआ हुई हुए रहा रही रहे गया गई गए गयी गये
किया कर करने करते करता करती करना
और व तथा एवं या अथवा लेकिन परंतु परन्तु किंतु किन्तु कि अगर यदि तो तब जब क्योंकि इसलिए ताकि
भी ही न नहीं ना मत सिर्फ केवल बहुत अधिक ज्यादा कम अब फिर अभी यहाँ यहां वहाँ वहां सभी सब हर कई एक
कहा बताया
`)

// stopVariants adds the other spellings of a language's stop words
// that lower-cased news text shows: Greek words without their accent
// (capitals drop it: "ΑΠΟ") and with a lower-case final sigma σ (the
// lower-casing of Σ); Arabic words with a bare alef for the hamza-seated
// ones (أ إ آ, often not typed) and with final ي and ى exchanged, except
// على, whose variant علي is also the name Ali.
func stopVariants(lang string, words []string) []string {
	out := make([]string, 0, 2*len(words))
	for _, w := range words {
		out = append(out, w)
		switch lang {
		case "el":
			plain := greekPlain.Replace(w)
			out = append(out, plain)
			if strings.HasSuffix(w, "ς") {
				out = append(out, strings.TrimSuffix(w, "ς")+"σ", strings.TrimSuffix(plain, "ς")+"σ")
			}
		case "ar":
			bare := arabicAlef.Replace(w)
			out = append(out, bare)
			for _, v := range []string{w, bare} {
				if s, ok := strings.CutSuffix(v, "ي"); ok {
					out = append(out, s+"ى")
				} else if s, ok := strings.CutSuffix(v, "ى"); ok && v != "على" {
					out = append(out, s+"ي")
				}
			}
		}
	}
	return out
}

var (
	greekPlain = strings.NewReplacer("ά", "α", "έ", "ε", "ή", "η", "ί", "ι", "ό", "ο", "ύ", "υ", "ώ", "ω", "ΐ", "ϊ", "ΰ", "ϋ")
	arabicAlef = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا")
)
