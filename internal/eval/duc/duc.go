// Package duc reads the multi-document summarization benchmarks the
// summarizer is measured on: DUC 2003/2004 task 2 (TREC-style SGML
// newswire documents in docs/<cluster>t/<DOCNO>, reference summaries in
// models/<cluster>.m.100.t.<assessor>, any case) and the TAC 2011
// MultiLing pilot (plain UTF-8 source texts source-texts/M00TD.<lang>,
// references model-summaries/<Lang>/M00T.<A|B|C>.250). It only reads; the
// scoring lives in package rouge.
package duc

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/nlp"
)

// Document is one source document of a cluster.
type Document struct {
	ID    string
	Title string
	// Text is the body with SGML tags removed, paragraphs separated by a
	// blank line when the source marks them.
	Text string
	// Date is the publication date when the id or a date field gives it.
	Date time.Time
}

// Cluster is one summarization topic: its documents and the reference
// summaries, each as lines (one sentence per line where the source has
// them).
type Cluster struct {
	ID        string
	Language  string
	Docs      []Document
	Models    [][]string
	ModelIDs  []string
	WordLimit int
}

// ErrNoDocument is returned when an SGML input holds no <DOC> element.
var ErrNoDocument = errors.New("no <DOC> element")

var (
	reDoc     = regexp.MustCompile(`(?is)<DOC>(.*?)(?:</DOC>|\z)`)
	reDocNo   = regexp.MustCompile(`(?is)<DOCNO>\s*(.*?)\s*</DOCNO>`)
	reText    = regexp.MustCompile(`(?is)<TEXT>(.*?)(?:</TEXT>|\z)`)
	reHead    = regexp.MustCompile(`(?is)<(?:HEADLINE|HL|TITLE|H1)>(.*?)</(?:HEADLINE|HL|TITLE|H1)>`)
	reDate    = regexp.MustCompile(`(?is)<DATE_TIME>\s*(\d\d)/(\d\d)/(\d\d\d\d)`)
	reTag     = regexp.MustCompile(`<[^>]*>`)
	reP       = regexp.MustCompile(`(?i)</?P>`)
	reIDDate  = regexp.MustCompile(`(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])`)
	reParaGap = regexp.MustCompile(`\n[ \t]*\n|\n[ \t]+`)
)

// ParseSGML parses the TREC/DUC SGML documents in b. name is used in
// errors. Documents without <TEXT> keep an empty text.
func ParseSGML(name string, b []byte) ([]Document, error) {
	var out []Document
	for _, m := range reDoc.FindAllSubmatch(b, -1) {
		body := m[1]
		var d Document
		if n := reDocNo.FindSubmatch(body); n != nil {
			d.ID = strings.TrimSpace(string(n[1]))
		}
		if h := reHead.FindSubmatch(body); h != nil {
			d.Title = cleanText(string(h[1]))
		}
		if t := reText.FindSubmatch(body); t != nil {
			d.Text = paragraphs(string(t[1]))
		}
		if dm := reDate.FindSubmatch(body); dm != nil {
			d.Date, _ = time.Parse("2006-01-02", string(dm[3])+"-"+string(dm[1])+"-"+string(dm[2]))
		}
		if d.Date.IsZero() {
			if s := reIDDate.FindString(d.ID); s != "" {
				d.Date, _ = time.Parse("20060102", s)
			}
		}
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("duc: %s: %w", name, ErrNoDocument)
	}
	return out, nil
}

// paragraphs removes markup and joins wrapped lines; <P> tags, blank lines
// and indented lines start paragraphs.
func paragraphs(s string) string {
	s = reP.ReplaceAllString(s, "\n\n")
	s = reParaGap.ReplaceAllString(s, "\n\n")
	var paras []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = cleanText(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// cleanText strips tags and entities, turns TREC quote pairs into plain
// quotes and folds white space.
func cleanText(s string) string {
	s = reTag.ReplaceAllString(s, " ")
	s = strings.NewReplacer("``", `"`, "''", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(s)
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// ReadDUC reads a DUC task 2 layout: docsDir holds one folder per cluster
// (its name, without a trailing "t", is the cluster id) and modelsDir the
// reference summaries named <cluster>.m.100.t.<assessor> in any case (a
// trailing .html is ignored). Clusters without references are kept with
// none; modelsDir may be empty to read documents only.
func ReadDUC(docsDir, modelsDir string) ([]Cluster, error) {
	ents, err := os.ReadDir(docsDir)
	if err != nil {
		return nil, fmt.Errorf("duc: %w", err)
	}
	models := map[string][][]string{}
	modelIDs := map[string][]string{}
	if modelsDir != "" {
		mf, err := os.ReadDir(modelsDir)
		if err != nil {
			return nil, fmt.Errorf("duc: %w", err)
		}
		names := make([]string, 0, len(mf))
		for _, e := range mf {
			if !e.IsDir() {
				names = append(names, e.Name())
			}
		}
		sort.Strings(names)
		for _, n := range names {
			parts := strings.Split(strings.ToLower(strings.TrimSuffix(n, ".html")), ".")
			if len(parts) < 2 {
				continue
			}
			b, err := os.ReadFile(filepath.Join(modelsDir, n))
			if err != nil {
				return nil, fmt.Errorf("duc: %w", err)
			}
			cl := parts[0]
			models[cl] = append(models[cl], SummaryLines(b))
			modelIDs[cl] = append(modelIDs[cl], parts[len(parts)-1])
		}
	}
	var out []Cluster
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		id := strings.ToLower(e.Name())
		if len(id) > 1 && strings.HasSuffix(id, "t") {
			id = id[:len(id)-1]
		}
		c := Cluster{ID: id, Language: "en", WordLimit: 100, Models: models[id], ModelIDs: modelIDs[id]}
		dir := filepath.Join(docsDir, e.Name())
		files, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("duc: %w", err)
		}
		for _, f := range files {
			if f.IsDir() {
				continue
			}
			p := filepath.Join(dir, f.Name())
			b, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("duc: %w", err)
			}
			docs, err := ParseSGML(p, b)
			if err != nil {
				return nil, err
			}
			for i := range docs {
				if docs[i].ID == "" {
					docs[i].ID = f.Name()
				}
			}
			c.Docs = append(c.Docs, docs...)
		}
		sortDocs(c.Docs)
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("duc: %s: no cluster folders", docsDir)
	}
	return out, nil
}

func sortDocs(d []Document) {
	sort.SliceStable(d, func(i, j int) bool {
		if !d[i].Date.Equal(d[j].Date) {
			return d[i].Date.Before(d[j].Date)
		}
		return d[i].ID < d[j].ID
	})
}

var reSEE = regexp.MustCompile(`(?i)<a [^>]*name="?\d+"?>\[\d+\]</a>\s*<a [^>]*>([^<]+)`)

// SummaryLines returns the sentences of a reference summary: one per
// line for plain files, the marked sentences for SEE html files.
func SummaryLines(b []byte) []string {
	if bytes.Contains(b, []byte("<a ")) || bytes.Contains(b, []byte("<A ")) {
		var out []string
		for _, m := range reSEE.FindAllSubmatch(b, -1) {
			if s := strings.TrimSpace(string(m[1])); s != "" {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// TACLanguages are the language names of the TAC 2011 MultiLing pilot, as
// used in its file names (lower case) and folders (capitalized).
var TACLanguages = []string{"arabic", "czech", "english", "french", "greek", "hebrew", "hindi"}

// ReadTAC reads the TAC 2011 MultiLing pilot for one language (for
// example "english") from root (holding source-texts and
// model-summaries). A source text's first line is its date and title.
func ReadTAC(root, lang string) ([]Cluster, error) {
	lang = strings.ToLower(lang)
	// The extension's case varies within a language (the Hebrew texts of
	// topics M001-M003 end in ".Hebrew", the others in ".hebrew").
	all, err := filepath.Glob(filepath.Join(root, "source-texts", "M*.*"))
	var files []string
	for _, p := range all {
		if strings.EqualFold(strings.TrimPrefix(filepath.Ext(p), "."), lang) {
			files = append(files, p)
		}
	}
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("duc: %s: no source texts for %q", root, lang)
	}
	sort.Slice(files, func(i, j int) bool { return filepath.Base(files[i]) < filepath.Base(files[j]) })
	byTopic := map[string]*Cluster{}
	var order []string
	for _, p := range files {
		base := strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))
		if len(base) < 3 {
			continue
		}
		topic := base[:len(base)-1]
		c := byTopic[topic]
		if c == nil {
			c = &Cluster{ID: topic, Language: lang, WordLimit: 250}
			byTopic[topic] = c
			order = append(order, topic)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("duc: %w", err)
		}
		// One Czech text (M0069) is in Windows-1250, not UTF-8: decode
		// it as ingestion decodes any file.
		b, _ = ingest.ToUTF8(b)
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		// Some texts open with blank lines (Hebrew M004): the title is
		// the first line with text.
		title, rest, _ := strings.Cut(strings.TrimLeft(text, " \t\n"), "\n")
		var paras []string
		for _, para := range strings.Split(rest, "\n") {
			if para = strings.TrimSpace(para); para != "" {
				paras = append(paras, para)
			}
		}
		c.Docs = append(c.Docs, Document{ID: base, Title: strings.TrimSpace(title), Text: strings.Join(paras, "\n\n")})
	}
	dirLang := strings.ToUpper(lang[:1]) + lang[1:]
	var out []Cluster
	for _, topic := range order {
		c := byTopic[topic]
		ms, _ := filepath.Glob(filepath.Join(root, "model-summaries", dirLang, topic+".*"))
		sort.Strings(ms)
		for _, m := range ms {
			b, err := os.ReadFile(m)
			if err != nil {
				return nil, fmt.Errorf("duc: %w", err)
			}
			c.Models = append(c.Models, SummaryLines(b))
			parts := strings.Split(filepath.Base(m), ".")
			c.ModelIDs = append(c.ModelIDs, parts[1])
		}
		out = append(out, *c)
	}
	return out, nil
}

// reDateline matches a wire dateline opening a story: "PHNOM PENH,
// Cambodia (AP) _ ", "WASHINGTON _ ", "LONDON (Reuters) - ".
var reDateline = regexp.MustCompile(`^(?:[A-Z][A-Za-z.'\- ]*[A-Z.](?:,[A-Za-z.' ]+)?\s*(?:\([A-Za-z. ]+\))?|\([A-Za-z. ]+\))\s*(?:_|--|-|–|—)\s+`)

// Sentences splits a document's text into sentences with the nlp
// splitter, drops the wire dateline from the first one and folds white
// space.
func Sentences(d Document) []string {
	var out []string
	for _, p := range strings.Split(d.Text, "\n\n") {
		for si, span := range nlp.Sentences(p) {
			s := strings.Join(strings.Fields(p[span[0]:span[1]]), " ")
			if si == 0 {
				s = reDateline.ReplaceAllString(s, "")
			}
			if s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// TACRun is one official TAC 2011 MultiLing run for one language: its id
// (ID1 ... ID10) and its summary of every topic, as lines.
type TACRun struct {
	ID        string
	Summaries map[string][]string // by topic (M000 ...)
}

// ReadTACRuns reads the official runs of one language from
// root/system-submissions/<run>/<Language>/<topic>; runs that did not
// take part in the language are left out.
func ReadTACRuns(root, lang string) ([]TACRun, error) {
	lang = strings.ToLower(lang)
	dirLang := strings.ToUpper(lang[:1]) + lang[1:]
	dirs, err := filepath.Glob(filepath.Join(root, "system-submissions", "*", dirLang))
	if err != nil {
		return nil, fmt.Errorf("duc: %s: %w", root, err)
	}
	var runs []TACRun
	for _, d := range dirs {
		files, err := filepath.Glob(filepath.Join(d, "M*"))
		if err != nil || len(files) == 0 {
			continue
		}
		r := TACRun{ID: filepath.Base(filepath.Dir(d)), Summaries: map[string][]string{}}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, fmt.Errorf("duc: %w", err)
			}
			r.Summaries[filepath.Base(f)] = SummaryLines(b)
		}
		runs = append(runs, r)
	}
	// ID2 before ID10.
	sort.Slice(runs, func(i, j int) bool {
		a, b := runs[i].ID, runs[j].ID
		if len(a) != len(b) {
			return len(a) < len(b)
		}
		return a < b
	})
	if len(runs) == 0 {
		return nil, fmt.Errorf("duc: %s: no system submissions for %q", root, lang)
	}
	return runs, nil
}
