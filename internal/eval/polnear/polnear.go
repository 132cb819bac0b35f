// Package polnear reads the PolNeAR attribution corpus (Newell, Margolin &
// Ruths, LREC 2018: political news articles with brat standoff annotations
// of Source, Cue and Content spans) and scores an attribution extractor on
// it with span-level precision, recall and F1 for each of the three roles,
// under exact and overlap matching.
//
// Layout read: <root>/data/<split>/text/<name>.txt and
// <root>/data/<split>/attributions/<name>_<annotator>.ann, where offsets in
// the .ann files count Unicode code points; they are converted to byte
// offsets here. An article annotated by several annotators is scored
// against the first annotation file in name order, so each article counts
// once.
package polnear

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/model"
)

// Role names used in the annotations.
const (
	Source  = "Source"
	Cue     = "Cue"
	Content = "Content"
)

// Attribution is one gold attribution: each role as a list of byte spans
// (a discontinuous span has several pieces; a role may be missing, such as
// the source of an "Attribution-no-source").
type Attribution struct {
	ID      string
	Source  []model.Span
	Cue     []model.Span
	Content []model.Span
}

// Document is one article with its gold attributions.
type Document struct {
	Name      string // file name without extension
	Annotator string
	Text      string
	Attrs     []Attribution
}

// ErrFormat marks a malformed annotation file.
var ErrFormat = errors.New("polnear: malformed annotation")

// ParseAnn reads a brat standoff .ann file for text. Text-bound
// annotations ("T3\tContent 115 290;300 310\t...") are collected and the
// event lines ("E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1") tie them
// into attributions; roles with a number suffix (Content2) join their
// role. Span text may run over several lines; continuation lines are
// skipped. Offsets are code-point offsets into text and are returned as
// byte offsets. name is used in error messages.
func ParseAnn(r io.Reader, text, name string) ([]Attribution, error) {
	type tb struct {
		typ   string
		spans []model.Span
	}
	runeToByte := runeOffsets(text)
	tbs := map[string]tb{}
	type ev struct {
		id    string
		roles []string
		line  int
	}
	var evs []ev
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		l := sc.Text()
		tab := strings.IndexByte(l, '\t')
		if tab < 2 || !isID(l[:tab]) {
			continue // continuation of a multi-line span text, or a note
		}
		id, rest := l[:tab], l[tab+1:]
		switch id[0] {
		case 'T':
			if j := strings.IndexByte(rest, '\t'); j >= 0 {
				rest = rest[:j]
			}
			typ, offs, ok := strings.Cut(rest, " ")
			if !ok {
				return nil, fmt.Errorf("%w: %s:%d: want \"Type start end\", got %q", ErrFormat, name, line, rest)
			}
			var spans []model.Span
			for _, piece := range strings.Split(offs, ";") {
				f := strings.Fields(piece)
				if len(f) != 2 {
					return nil, fmt.Errorf("%w: %s:%d: want 2 offsets, got %q", ErrFormat, name, line, piece)
				}
				s, err1 := strconv.Atoi(f[0])
				e, err2 := strconv.Atoi(f[1])
				if err1 != nil || err2 != nil || s < 0 || e < s || e >= len(runeToByte) {
					return nil, fmt.Errorf("%w: %s:%d: bad offsets %q for a text of %d characters", ErrFormat, name, line, piece, len(runeToByte)-1)
				}
				spans = append(spans, model.Span{Start: runeToByte[s], End: runeToByte[e]})
			}
			tbs[id] = tb{typ: typ, spans: spans}
		case 'E':
			evs = append(evs, ev{id: id, roles: strings.Fields(rest), line: line})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("polnear: %s: %w", name, err)
	}
	var out []Attribution
	for _, e := range evs {
		a := Attribution{ID: e.id}
		for _, r := range e.roles {
			role, ref, ok := strings.Cut(r, ":")
			if !ok {
				return nil, fmt.Errorf("%w: %s:%d: want Role:Tn, got %q", ErrFormat, name, e.line, r)
			}
			t, ok := tbs[ref]
			if !ok {
				return nil, fmt.Errorf("%w: %s:%d: %s refers to unknown %s", ErrFormat, name, e.line, e.id, ref)
			}
			switch strings.TrimRight(role, "0123456789") {
			case Source:
				a.Source = append(a.Source, t.spans...)
			case Cue:
				a.Cue = append(a.Cue, t.spans...)
			case Content:
				a.Content = append(a.Content, t.spans...)
			}
		}
		out = append(out, a)
	}
	return out, nil
}

func isID(s string) bool {
	if len(s) < 2 || s[0] != 'T' && s[0] != 'E' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// runeOffsets maps code-point offsets 0..n to byte offsets.
func runeOffsets(text string) []int {
	out := make([]int, 0, utf8.RuneCountInString(text)+1)
	for i := range text {
		out = append(out, i)
	}
	return append(out, len(text))
}

// SplitDir finds the folder of one split under path: path itself when it
// holds text/ and attributions/, else path/<split> or path/data/<split>.
func SplitDir(path, split string) (string, error) {
	for _, d := range []string{path, filepath.Join(path, split), filepath.Join(path, "data", split)} {
		if isDir(filepath.Join(d, "text")) && isDir(filepath.Join(d, "attributions")) {
			return d, nil
		}
	}
	return "", fmt.Errorf("polnear: %s: no text/ and attributions/ folders for split %q", path, split)
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// Read loads the documents of one split ("train", "dev", "test") from a
// PolNeAR folder (the repository root, its data folder, or the split
// folder itself). limit > 0 keeps the first limit documents in name order.
func Read(path, split string, limit int) ([]Document, error) {
	dir, err := SplitDir(path, split)
	if err != nil {
		return nil, err
	}
	anns, err := filepath.Glob(filepath.Join(dir, "attributions", "*.ann"))
	if err != nil {
		return nil, err
	}
	sort.Strings(anns)
	var docs []Document
	seen := map[string]bool{}
	for _, ann := range anns {
		base := strings.TrimSuffix(filepath.Base(ann), ".ann")
		i := strings.LastIndexByte(base, '_')
		if i <= 0 {
			return nil, fmt.Errorf("polnear: %s: want <article>_<annotator>.ann", ann)
		}
		name, annotator := base[:i], base[i+1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		b, err := os.ReadFile(filepath.Join(dir, "text", name+".txt"))
		if err != nil {
			return nil, fmt.Errorf("polnear: text of %s: %w", ann, err)
		}
		f, err := os.Open(ann)
		if err != nil {
			return nil, err
		}
		attrs, err := ParseAnn(f, string(b), ann)
		f.Close()
		if err != nil {
			return nil, err
		}
		docs = append(docs, Document{Name: name, Annotator: annotator, Text: string(b), Attrs: attrs})
		if limit > 0 && len(docs) >= limit {
			break
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("polnear: %s: no annotated documents", dir)
	}
	return docs, nil
}
