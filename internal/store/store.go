// Package store owns Storyline's persistent state: articles, the stories and
// storylines grouping made of them, the record of which input files were
// fully ingested, marks (small named values that let a run reuse work of
// an earlier one), and full-text search over all of it. It defines the Store
// interface with its contract; implementations live in subpackages
// (store/sqlite, the embedded default) and must pass the conformance suite in
// store/storetest. Only this package tree talks to a database.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/storyline-news/storyline/internal/model"
)

// Sentinel errors. Implementations wrap them with the input and the reason
// (fmt.Errorf("store: article %q: ...: %w", id, ErrTooLarge)); callers test
// them with errors.Is.
var (
	// ErrNotFound is returned when the requested article or story does not
	// exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid is returned for input the store refuses: an empty or
	// over-long id, duplicate story ids in one grouping, a negative limit.
	ErrInvalid = errors.New("invalid input")
	// ErrTooLarge is returned for an article whose text or encoded form is
	// over MaxArticleBytes; it is never stored.
	ErrTooLarge = errors.New("article too large")
	// ErrBadQuery is returned by Search for a query with no searchable
	// term (empty, only punctuation or operators).
	ErrBadQuery = errors.New("bad search query")
	// ErrReadOnly is returned by every write to a store opened read-only
	// (a data folder on read-only media or owned by another user, opened
	// for serving).
	ErrReadOnly = errors.New("store is read-only")
)

// Limits every implementation enforces.
const (
	// MaxArticleBytes caps an article: its title, paragraphs and text
	// together, and its whole encoded form with the analysis, must each
	// stay at or under this many bytes. Longer inputs are not news
	// articles (or are broken); PutArticles refuses them with ErrTooLarge.
	MaxArticleBytes = 16 << 20
	// MaxIDBytes caps article, story and storyline ids.
	MaxIDBytes = 1024
	// MaxMarkKeyBytes caps a mark's key: room for a prefix and an id.
	MaxMarkKeyBytes = 2 * MaxIDBytes
	// MaxMarkValueBytes caps a mark's value.
	MaxMarkValueBytes = 64 << 10
)

// Outcome is what putting one article did.
type Outcome int

// Outcomes of putting an article.
const (
	Inserted  Outcome = iota // the id was new
	Updated                  // the id existed with different content
	Unchanged                // the id existed with identical content
)

// PutStats counts the outcomes of one PutArticles call.
type PutStats struct {
	Inserted  int `json:"inserted"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// SamePutter is implemented by stores whose PutArticles can ask, of an
// article whose stored form differs from the one put, whether the
// difference is no change of the article itself (a run re-reads an
// article it stored before, without what grouping added to it: its
// story, an inferred date). Such an article is written all the same but
// counted Unchanged, so that a summary line does not call every re-read
// article updated. Stores without it count every difference as Updated.
type SamePutter interface {
	PutArticlesSame(ctx context.Context, articles []*model.Article, same func(stored, put *model.Article) bool) (PutStats, error)
}

// Add counts one outcome.
func (s *PutStats) Add(o Outcome) {
	switch o {
	case Inserted:
		s.Inserted++
	case Updated:
		s.Updated++
	default:
		s.Unchanged++
	}
}

// Input identifies one input file (or other source unit) the pipeline
// read completely. Origin is its path or URL. Two inputs with the same Origin
// are the same version when their Hash values are equal (if both are set) or
// else when Size and ModTime are equal.
type Input struct {
	Origin  string    `json:"origin"`
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime"`
	// Hash is an optional content hash (any stable hex string).
	Hash string `json:"hash,omitempty"`
}

// Same reports whether in and other are the same version of one origin,
// by the rule documented on Input.
func (in Input) Same(other Input) bool {
	if in.Origin != other.Origin {
		return false
	}
	if in.Hash != "" && other.Hash != "" {
		return in.Hash == other.Hash
	}
	return in.Size == other.Size && in.ModTime.Equal(other.ModTime)
}

// ArticleFilter selects articles. The zero value selects all.
type ArticleFilter struct {
	// Story keeps only the members of this story, as recorded by the
	// latest ReplaceGrouping.
	Story string
	// Since and Until keep articles published in [Since, Until); undated
	// articles are dropped when either is set.
	Since, Until time.Time
	// Language keeps articles of this language code.
	Language string
	// Limit caps the number returned (0: no cap); Offset skips that many
	// first.
	Limit, Offset int
}

// StoryOrder is how Stories ranks its result.
type StoryOrder string

// Story orders.
const (
	// ByImportance ranks by importance (highest first), then newest End,
	// then id. It is the default.
	ByImportance StoryOrder = "importance"
	// ByNewest ranks by End (latest first), then importance, then id.
	ByNewest StoryOrder = "newest"
)

// StoryFilter selects and orders stories. The zero value selects all, by
// importance.
type StoryFilter struct {
	// Storyline keeps only the stories of this storyline.
	Storyline string
	// Article keeps only the story (or stories) holding this article.
	Article string
	Order   StoryOrder
	// Limit caps the number returned (0: no cap); Offset skips that many
	// first.
	Limit, Offset int
}

// HitKind says what a search hit is.
type HitKind string

// Kinds of search hits.
const (
	HitStory   HitKind = "story"
	HitArticle HitKind = "article"
)

// Hit is one search result.
type Hit struct {
	Kind HitKind `json:"kind"`
	ID   string  `json:"id"`
	// Title is the story headline or article title.
	Title string `json:"title"`
	// Snippet is a short plain-text excerpt around the matches; the byte
	// ranges of Snippet that matched the query are in Highlights.
	Snippet    string       `json:"snippet"`
	Highlights []model.Span `json:"highlights,omitempty"`
	// Score is the relevance, higher is better; comparable within one
	// result only.
	Score float64 `json:"score"`
}

// Stats counts what a store holds. Inputs counts input files (and other
// source units) marked ingested; marks are not counted.
type Stats struct {
	Articles   int `json:"articles"`
	Stories    int `json:"stories"`
	Storylines int `json:"storylines"`
	Inputs     int `json:"inputs"`
}

// Store is Storyline's persistent state. All methods are safe for
// concurrent use; every write is one transaction, so a reader, or a process
// killed mid-call, sees either all of a call's effect or none of it.
// Returned values are fresh copies the caller may modify.
type Store interface {
	// PutArticles stores articles by Article.ID in one transaction. It is
	// idempotent: an article whose content equals the stored one (by a
	// hash of its encoded form) is left alone and counted Unchanged; a
	// changed one replaces the stored one (Updated) and its search entry.
	// Text is stored as valid UTF-8: invalid bytes become U+FFFD, as
	// encoding/json does. An empty or over-long id fails with ErrInvalid
	// and an oversized article with ErrTooLarge; on any error nothing of
	// the call is stored. A later duplicate id in the same call wins.
	PutArticles(ctx context.Context, articles []*model.Article) (PutStats, error)
	// Article returns the article with this id, or ErrNotFound. Its Story
	// field is the story the latest ReplaceGrouping put it in, when any.
	Article(ctx context.Context, id string) (*model.Article, error)
	// Articles returns the articles selected by f, ordered by publication
	// time (earliest first, undated last), then id. No match is an empty
	// slice, not an error.
	Articles(ctx context.Context, f ArticleFilter) ([]*model.Article, error)

	// MarkIngested records inputs as completely ingested, replacing what
	// was recorded for the same origins. Call it only after every article
	// read from the input was put: since PutArticles is idempotent, a run
	// killed before the mark simply redoes the input.
	MarkIngested(ctx context.Context, inputs ...Input) error
	// IsIngested reports whether this version of the input (see
	// Input.Same) was marked ingested.
	IsIngested(ctx context.Context, in Input) (bool, error)

	// PutMarks sets marks, key to value, in one transaction, replacing
	// the values stored under the same keys. Marks are the state a run
	// keeps for the next one (which analysis made a stored article, which
	// content a story was told from); they are neither articles nor
	// inputs, and Stats does not count them. Keys and values are any
	// byte strings, stored exactly; an empty key or one over
	// MaxMarkKeyBytes, or a value over MaxMarkValueBytes, fails with
	// ErrInvalid and nothing of the call is stored.
	PutMarks(ctx context.Context, marks map[string]string) error
	// Marks returns the values stored under keys, in one read: a key
	// with no mark is absent from the map (no error). Duplicate keys are
	// allowed.
	Marks(ctx context.Context, keys []string) (map[string]string, error)
	// DeleteMarks deletes, in one transaction, every mark whose key
	// starts with prefix ("": every mark) and that keep (when not nil)
	// does not want kept, and returns how many it deleted. keep is
	// called with each such key, inside the transaction: it must be
	// quick and must not call the store.
	DeleteMarks(ctx context.Context, prefix string, keep func(key string) bool) (int, error)

	// ReplaceGrouping replaces every stored story and storyline with these,
	// in one transaction, keeping the ids given (they must be non-empty and
	// unique: ErrInvalid otherwise). Story.Articles becomes the membership
	// that ArticleFilter.Story and Article's Story field report; member
	// articles need not be stored yet.
	ReplaceGrouping(ctx context.Context, stories []*model.Story, storylines []*model.Storyline) error
	// Story returns the story with this id, or ErrNotFound.
	Story(ctx context.Context, id string) (*model.Story, error)
	// Stories returns the stories selected by f in f.Order.
	Stories(ctx context.Context, f StoryFilter) ([]*model.Story, error)
	// Storylines returns every storyline, the one with the latest story
	// first, then by id.
	Storylines(ctx context.Context) ([]*model.Storyline, error)

	// Search runs query over article titles and texts and story headlines
	// and summaries, best hit first, at most limit hits (limit <= 0: 20).
	// The query syntax is the one ParseQuery documents; every string is
	// accepted, and one without a searchable term fails with ErrBadQuery.
	Search(ctx context.Context, query string, limit int) ([]Hit, error)

	// Stats counts what the store holds.
	Stats(ctx context.Context) (Stats, error)
	// Close releases the store; no method may be called after it.
	Close() error
}
