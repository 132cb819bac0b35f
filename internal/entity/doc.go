// Package entity owns named entities: a recognizer for English news that
// tags persons, places, organizations and other names (a first-order
// averaged perceptron over word, shape, affix, context, document and
// gazetteer features, decoded with Viterbi, trained on CoNLL-2003), and
// the linking of its mentions into entities within an article
// (LinkArticle) and across articles (LinkCorpus), robust to titles,
// transliterations, acronyms and a few documented aliases.
//
// The model ner.model.gz is embedded and loaded on first use (Default).
// It was produced, from the repository root, by:
//
//	storyline train ner --epochs 8
//
// which reads entities/conll2003/eng.train from the shared data folder;
// the exact command line is also recorded in the model file's header
// (Recognizer.Info.Command). The model holds feature weights and the
// names seen in the training data, not the training text.
package entity
