// Package conlleval reads CoNLL-format column files (CoNLL-2003 and any
// file with one token per line, the word first and the tag last) and scores
// named-entity chunks the way the shared task's conlleval script does:
// exact chunk matches, precision, recall and F1, overall and per type. It
// accepts both IOB1 (the CoNLL-2003 English files: "I-" opens a chunk, "B-"
// only separates two adjacent chunks of one type) and IOB2/BIO tags, since
// conlleval's chunk boundary rules are the same for both.
package conlleval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// ErrFormat marks malformed input.
var ErrFormat = errors.New("conlleval: bad input")

// Token is one line of a column file.
type Token struct {
	// Fields are the line's white-space separated columns.
	Fields []string
	// Line is the 1-based line number in the input.
	Line int
}

// Word is the token's first column.
func (t Token) Word() string { return t.Fields[0] }

// Tag is the token's last column.
func (t Token) Tag() string { return t.Fields[len(t.Fields)-1] }

// Sentence is the tokens between two blank lines.
type Sentence []Token

// Document is the sentences between two -DOCSTART- lines (the whole file
// when it has none).
type Document struct {
	Sentences []Sentence
	// Line is where the document starts (its -DOCSTART- line, or 1).
	Line int
	// Start holds the columns of the -DOCSTART- line that opened the
	// document, nil when there was none (the start of a file without one).
	Start []string
}

// File is a parsed column file.
type File struct {
	Name      string
	Documents []Document
	// Columns is the number of columns every token line has.
	Columns int
}

// Tokens counts the file's tokens (without -DOCSTART- lines).
func (f *File) Tokens() int {
	n := 0
	for _, d := range f.Documents {
		for _, s := range d.Sentences {
			n += len(s)
		}
	}
	return n
}

// DocStart is the word of the line that opens a document in CoNLL-2003.
const DocStart = "-DOCSTART-"

// Read parses a column file. Every token line must have the same number of
// columns (at least two: word and tag); name is used in error messages.
// Lines may end with CRLF. -DOCSTART- lines start a new document and are
// not kept as tokens.
func Read(r io.Reader, name string) (*File, error) {
	f := &File{Name: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4*1024*1024)
	doc := Document{Line: 1}
	var sent Sentence
	flushSent := func() {
		if len(sent) > 0 {
			doc.Sentences = append(doc.Sentences, sent)
			sent = nil
		}
	}
	flushDoc := func(line int, start []string) {
		flushSent()
		if len(doc.Sentences) > 0 {
			f.Documents = append(f.Documents, doc)
		}
		doc = Document{Line: line, Start: start}
	}
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			flushSent()
			continue
		}
		if fields[0] == DocStart {
			flushDoc(line, fields)
			continue
		}
		if f.Columns == 0 {
			if len(fields) < 2 {
				return nil, fmt.Errorf("%w: %s:%d: want at least 2 columns (word ... tag), got %d", ErrFormat, name, line, len(fields))
			}
			f.Columns = len(fields)
		} else if len(fields) != f.Columns {
			return nil, fmt.Errorf("%w: %s:%d: want %d columns like the first token line, got %d", ErrFormat, name, line, f.Columns, len(fields))
		}
		if err := checkTag(fields[len(fields)-1]); err != nil {
			return nil, fmt.Errorf("%w: %s:%d: %v", ErrFormat, name, line, err)
		}
		sent = append(sent, Token{Fields: fields, Line: line})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("conlleval: %s:%d: %w", name, line+1, err)
	}
	flushDoc(line, nil)
	return f, nil
}

func checkTag(tag string) error {
	if tag == "O" {
		return nil
	}
	if len(tag) < 3 || tag[1] != '-' || !strings.ContainsRune("BIES", rune(tag[0])) {
		return fmt.Errorf("tag %q: want O or B-/I-/E-/S- followed by a type", tag)
	}
	return nil
}

// split returns the prefix letter and the type of a tag ("O" → 'O', "").
func split(tag string) (byte, string) {
	if len(tag) >= 2 && tag[1] == '-' {
		return tag[0], tag[2:]
	}
	if tag == "" {
		return 'O', ""
	}
	return tag[0], ""
}

// endOfChunk reports whether a chunk ended between the previous token and
// the current one (conlleval's rules).
func endOfChunk(prevTag, tag byte, prevType, typ string) bool {
	switch {
	case prevTag == 'B' && (tag == 'B' || tag == 'O' || tag == 'S'):
		return true
	case prevTag == 'I' && (tag == 'B' || tag == 'O' || tag == 'S'):
		return true
	case prevTag == 'E' || prevTag == 'S':
		return true
	}
	return prevTag != 'O' && prevType != typ
}

// startOfChunk reports whether a chunk starts at the current token.
func startOfChunk(prevTag, tag byte, prevType, typ string) bool {
	switch {
	case tag == 'B' || tag == 'S':
		return true
	case (prevTag == 'E' || prevTag == 'S' || prevTag == 'O') && (tag == 'E' || tag == 'I'):
		return true
	}
	return tag != 'O' && prevType != typ
}

// Chunk is an entity: tokens [Start, End) of a sentence, and its type.
type Chunk struct {
	Start, End int
	Type       string
}

// Chunks decodes the tag sequence of one sentence into chunks, reading IOB1,
// IOB2 and IOBES alike.
func Chunks(tags []string) []Chunk {
	var out []Chunk
	prevTag, prevType := byte('O'), ""
	open := -1
	for i, t := range tags {
		tag, typ := split(t)
		if open >= 0 && endOfChunk(prevTag, tag, prevType, typ) {
			out = append(out, Chunk{Start: open, End: i, Type: prevType})
			open = -1
		}
		if startOfChunk(prevTag, tag, prevType, typ) {
			open = i
		}
		prevTag, prevType = tag, typ
	}
	if open >= 0 {
		out = append(out, Chunk{Start: open, End: len(tags), Type: prevType})
	}
	return out
}

// ToIOB2 rewrites a sentence's tags so every chunk starts with "B-".
func ToIOB2(tags []string) []string {
	out := make([]string, len(tags))
	for i := range out {
		out[i] = "O"
	}
	for _, c := range Chunks(tags) {
		out[c.Start] = "B-" + c.Type
		for j := c.Start + 1; j < c.End; j++ {
			out[j] = "I-" + c.Type
		}
	}
	return out
}

// ToIOB1 rewrites a sentence's tags in IOB1: chunks are "I-", and "B-"
// opens only a chunk that directly follows one of the same type.
func ToIOB1(tags []string) []string {
	out := make([]string, len(tags))
	for i := range out {
		out[i] = "O"
	}
	prevEnd, prevType := -1, ""
	for _, c := range Chunks(tags) {
		for j := c.Start; j < c.End; j++ {
			out[j] = "I-" + c.Type
		}
		if c.Start == prevEnd && c.Type == prevType {
			out[c.Start] = "B-" + c.Type
		}
		prevEnd, prevType = c.End, c.Type
	}
	return out
}

// IsIOB1 reports whether a file's tags look like IOB1: some chunk opens
// with "I-" and no "B-" opens a chunk that follows a token of another type.
func IsIOB1(f *File) bool {
	iStarts := 0
	for _, d := range f.Documents {
		for _, s := range d.Sentences {
			prevTag, prevType := byte('O'), ""
			for _, t := range s {
				tag, typ := split(t.Tag())
				if tag == 'B' && (prevTag == 'O' || prevType != typ) {
					return false
				}
				if tag == 'I' && (prevTag == 'O' || prevType != typ) {
					iStarts++
				}
				prevTag, prevType = tag, typ
			}
		}
	}
	return iStarts > 0
}

// Counts are the chunk counts behind precision and recall.
type Counts struct {
	Correct int `json:"correct"`
	Gold    int `json:"gold"`
	Guessed int `json:"guessed"`
}

// Precision is correct / guessed (0 when nothing was guessed).
func (c Counts) Precision() float64 {
	if c.Guessed == 0 {
		return 0
	}
	return float64(c.Correct) / float64(c.Guessed)
}

// Recall is correct / gold (0 when there is no gold chunk).
func (c Counts) Recall() float64 {
	if c.Gold == 0 {
		return 0
	}
	return float64(c.Correct) / float64(c.Gold)
}

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Scorer accumulates chunk and token counts sentence by sentence.
type Scorer struct {
	Total         Counts
	ByType        map[string]*Counts
	Tokens        int
	CorrectTokens int
}

// NewScorer returns an empty scorer.
func NewScorer() *Scorer { return &Scorer{ByType: map[string]*Counts{}} }

func (s *Scorer) typ(t string) *Counts {
	c := s.ByType[t]
	if c == nil {
		c = &Counts{}
		s.ByType[t] = c
	}
	return c
}

// Add scores one sentence: gold and guessed tags of equal length.
func (s *Scorer) Add(gold, guess []string) error {
	if len(gold) != len(guess) {
		return fmt.Errorf("conlleval: %d gold tags but %d guessed", len(gold), len(guess))
	}
	for i := range gold {
		s.Tokens++
		if gold[i] == guess[i] {
			s.CorrectTokens++
		}
	}
	g, p := Chunks(gold), Chunks(guess)
	set := make(map[Chunk]bool, len(g))
	for _, c := range g {
		set[c] = true
		s.Total.Gold++
		s.typ(c.Type).Gold++
	}
	for _, c := range p {
		s.Total.Guessed++
		s.typ(c.Type).Guessed++
		if set[c] {
			s.Total.Correct++
			s.typ(c.Type).Correct++
		}
	}
	return nil
}

// Accuracy is the share of tokens whose guessed tag equals the gold tag.
func (s *Scorer) Accuracy() float64 {
	if s.Tokens == 0 {
		return 0
	}
	return float64(s.CorrectTokens) / float64(s.Tokens)
}

// Types returns the chunk types seen, sorted.
func (s *Scorer) Types() []string {
	out := make([]string, 0, len(s.ByType))
	for t := range s.ByType {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
