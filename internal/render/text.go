package render

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Text writes the stories for a person at a terminal: newest first, each
// with its headline, date, outlets, a short cited summary (numbers refer to
// the story's article list) and its articles.
func Text(w io.Writer, r *Result) error {
	byID := index(r.Articles)
	lineOf := map[string]string{}
	for _, l := range r.Storylines {
		if len(l.Stories) > 1 {
			for _, s := range l.Stories {
				lineOf[s] = l.Title
			}
		}
	}
	bw := &errWriter{w: w}
	stories := newestFirst(r.Stories)
	bw.printf("%s, %s, %s\n", plural(len(r.Articles), "article"), plural(len(stories), "story"), plural(len(r.Storylines), "storyline"))
	for _, s := range stories {
		bw.printf("\n%s\n", strings.Repeat("─", 72))
		date := s.EventDate
		if date == "" {
			date = "undated"
		}
		bw.printf("%s  ·  %s\n", s.Headline, date)
		bw.printf("%s from %s\n", plural(len(s.Articles), "article"), strings.Join(outlets(s, byID), ", "))
		if t := lineOf[s.ID]; t != "" {
			bw.printf("Storyline: %s\n", t)
		}
		num := map[string]int{}
		for i, id := range s.Articles {
			num[id] = i + 1
		}
		if len(s.Summary) > 0 {
			bw.printf("\n")
			for _, c := range s.Summary {
				bw.printf("  %s [%s]\n", c.Text, citeNumbers(num, c.Articles))
			}
		}
		if r := s.Rewrite; r != nil && len(r.Sentences) > 0 {
			bw.printf("\n  Machine-written by %s at %s (not checked by an editor):\n", r.Model, r.Endpoint)
			for _, c := range r.Sentences {
				bw.printf("  %s [%s]\n", c.Text, citeNumbers(num, c.Articles))
			}
		}
		bw.printf("\n")
		for i, id := range s.Articles {
			a := byID[id]
			if a == nil {
				continue
			}
			date := "undated"
			if a.Published != nil {
				date = a.Published.Time.Format("2006-01-02")
			}
			src := a.Outlet.Name
			if src == "" {
				src = "unknown outlet"
			}
			dup := ""
			if a.DuplicateOf != "" {
				dup = " (copy of " + a.DuplicateOf + ")"
			}
			bw.printf("  [%d] %s — %s, %s%s\n", i+1, ArticleTitle(a), src, date, dup)
		}
	}
	return bw.err
}

// citeNumbers writes the numbers of the cited articles in ascending order,
// as the article list below the summary runs ("[1,2,4]", never "[4,2]"), each
// once; an id that is not one of the story's articles has no number and is
// left out rather than printed as 0.
func citeNumbers(num map[string]int, ids []string) string {
	var ns []int
	for _, id := range ids {
		if n, ok := num[id]; ok && !slices.Contains(ns, n) {
			ns = append(ns, n)
		}
	}
	slices.Sort(ns)
	refs := make([]string, len(ns))
	for i, n := range ns {
		refs[i] = strconv.Itoa(n)
	}
	return strings.Join(refs, ",")
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// plural writes "1 article", "2 articles", "3 stories".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
