package store

import (
	"fmt"
	"slices"

	"github.com/storyline-news/storyline/internal/model"
)

// The checks every implementation makes before it writes, so that they
// refuse the same inputs with the same errors.

// CheckID refuses an empty id and one over MaxIDBytes; kind ("article",
// "story", "storyline") names it in the error.
func CheckID(kind, id string) error {
	if id == "" {
		return fmt.Errorf("store: %s with empty id: %w", kind, ErrInvalid)
	}
	if len(id) > MaxIDBytes {
		return fmt.Errorf("store: %s id of %d bytes, over %d: %w", kind, len(id), MaxIDBytes, ErrInvalid)
	}
	return nil
}

// CheckArticle refuses a nil article, a bad id, and an article whose
// title, text and paragraphs together are over MaxArticleBytes.
func CheckArticle(a *model.Article) error {
	if a == nil {
		return fmt.Errorf("store: nil article: %w", ErrInvalid)
	}
	if err := CheckID("article", a.ID); err != nil {
		return err
	}
	n := len(a.Title) + len(a.Text)
	for _, p := range a.Paragraphs {
		n += len(p)
	}
	if n > MaxArticleBytes {
		return fmt.Errorf("store: article %q: title, text and paragraphs together are %d bytes, over the %d-byte limit: %w", a.ID, n, MaxArticleBytes, ErrTooLarge)
	}
	return nil
}

// CheckGrouping refuses nil stories or storylines, bad ids and an id given
// twice, and returns the storyline of each story that the storylines list
// (the first that lists it), for stories that do not name their own.
func CheckGrouping(stories []*model.Story, storylines []*model.Storyline) (map[string]string, error) {
	byID := make(map[string]bool, len(stories))
	for _, st := range stories {
		if st == nil {
			return nil, fmt.Errorf("store: nil story: %w", ErrInvalid)
		}
		if err := CheckID("story", st.ID); err != nil {
			return nil, err
		}
		if byID[st.ID] {
			return nil, fmt.Errorf("store: story id %q given twice: %w", st.ID, ErrInvalid)
		}
		byID[st.ID] = true
	}
	lineOf := map[string]string{}
	seen := map[string]bool{}
	for _, sl := range storylines {
		if sl == nil {
			return nil, fmt.Errorf("store: nil storyline: %w", ErrInvalid)
		}
		if err := CheckID("storyline", sl.ID); err != nil {
			return nil, err
		}
		if seen[sl.ID] {
			return nil, fmt.Errorf("store: storyline id %q given twice: %w", sl.ID, ErrInvalid)
		}
		seen[sl.ID] = true
		for _, id := range sl.Stories {
			if _, ok := lineOf[id]; !ok {
				lineOf[id] = sl.ID
			}
		}
	}
	return lineOf, nil
}

// Search limits every implementation applies.
const (
	// DefaultSearchLimit is the number of hits Search returns for a limit
	// of zero or less.
	DefaultSearchLimit = 20
	// MaxSearchLimit caps Search's limit.
	MaxSearchLimit = 1000
)

// SearchLimit is the number of hits Search returns for limit.
func SearchLimit(limit int) int {
	if limit <= 0 {
		return DefaultSearchLimit
	}
	return min(limit, MaxSearchLimit)
}

// CheckMarks checks the keys and values of a PutMarks call against the
// limits and returns the keys sorted: engines write them in that one order,
// so that concurrent writers do not deadlock on each other's rows.
func CheckMarks(marks map[string]string) ([]string, error) {
	keys := make([]string, 0, len(marks))
	for k, v := range marks {
		switch {
		case k == "":
			return nil, fmt.Errorf("store: mark with an empty key: %w", ErrInvalid)
		case len(k) > MaxMarkKeyBytes:
			return nil, fmt.Errorf("store: mark key %.40q...: %d bytes, over the %d-byte limit: %w", k, len(k), MaxMarkKeyBytes, ErrInvalid)
		case len(v) > MaxMarkValueBytes:
			return nil, fmt.Errorf("store: mark %.40q: value of %d bytes, over the %d-byte limit: %w", k, len(v), MaxMarkValueBytes, ErrInvalid)
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, nil
}

// PrefixEnd returns the least byte string greater than every string that
// starts with prefix, for a range scan [prefix, end); ok is false when
// there is none (prefix is empty or all 0xff bytes): scan to the end.
func PrefixEnd(prefix string) (end string, ok bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}
