// Package entity owns named entities in English news: recognition and
// linking.
//
// Recognition (Recognize, Recognizer) tags persons, places, organizations
// and other names with a two-stage first-order averaged perceptron decoded
// with Viterbi. Stage one uses word, lower-case, shape, prefix and suffix
// features, the words and shapes around (±2), sentence position, headline
// capitals, document context (is the word also written in lower case, or
// capitalized mid-sentence, elsewhere in the document), how often the
// training text writes the word in lower case, and gazetteer matches: names
// seen in the training data (cross-fitted in training) and the small
// hand-written lists in lists.go. Stage two adds the first stage's tags
// around each token and the types the first stage gave to the same word
// elsewhere in the document; it is trained on first-stage tags from models
// that did not see the document (4-fold jackknife).
//
// The model's tags then pass through a few post-tagging rules (rules.go):
// job titles are cut from chunks ("Undersecretary of State" is no entity),
// a name in quote marks runs to the closing mark ("Islamic state"), names
// after "group" or beside "news agency" are organizations, names ending in
// Agreement(s)/Accord(s)/Treaty/Pact/Protocol are other, and the source of
// a dateline ("Moscow, Jul 15 (Prensa Latina)", "Moscow, SANA –") is an
// organization. They run in TagDocument, so the scores below include them.
//
// Linking (LinkArticle, LinkCorpus, Lookup, SameName) groups mentions into
// entities within an article and across articles, robust to titles,
// transliterations, acronyms and the few aliases documented in link.go.
//
// The model ner.model.gz is embedded and loaded on first use (Default).
// It was produced, from the repository root, by
//
//	storyline train ner --epochs 8
//
// which reads entities/conll2003/eng.train from the shared data folder
// (recorded in the model header as "storyline train ner --train eng.train
// --epochs 8 --min-count 2 --prune 0.002"); it scores F1 0.9265 on
// eng.testa with `storyline eval ner eng.testa`. The file holds feature
// weights, the entity names and the lower-case word counts of the training
// data, not its text.
package entity
