// Package model holds the nouns of Storyline: raw documents, articles and the
// annotations the analysis stages add to them, entities, quotes, stories and
// storylines. It has no behaviour beyond small helpers, so every stage can
// import it without importing another stage.
package model

import "time"

// RawDoc is one input as ingest found it, before extraction: the bytes of a
// file, a feed item, a fetched page or a WARC record.
type RawDoc struct {
	// ID is the stable identifier proposed by the source: the file name
	// without extension for files, the "id" field of a JSON line, or empty
	// to let the pipeline derive one from the URL or the content.
	ID string
	// Origin names where the document came from for error messages and
	// provenance: a path, "path:line" for JSON Lines, or a URL.
	Origin string
	// URL is the canonical address of the article when known.
	URL string
	// Format is how Body is encoded: "text", "markdown", "html" or
	// "article" (already structured: Title, Text and friends are set).
	Format string
	// Body is the raw content (for text, markdown and html formats).
	Body []byte
	// Structured fields, set when the source already carries them (JSON
	// Lines, feeds); extraction keeps them over what it would infer.
	Title     string
	Text      string
	Source    string
	Author    string
	Published string // as given by the source: ISO date, RFC 3339, or free text
	Language  string
	// Label is a gold label carried by evaluation data (the "event" field of
	// the common clustering format); never used by the pipeline itself.
	Label string
	// Fetched is when the document was read, used as the reference time
	// for dates without a year when nothing better is known.
	Fetched time.Time
}

// DateSource says where a publication date came from, best first.
type DateSource string

// Provenance of publication dates.
const (
	DateMetadata DateSource = "metadata" // page metadata, feed, JSON field
	DateDateline DateSource = "dateline" // "MOSCOW, July 14. /TASS/."
	DateText     DateSource = "text"     // a printed date line or in-text evidence
	DateInferred DateSource = "inferred" // reasoned from relative dates in the body
)

// Precision of a date or time value.
type Precision string

// Precisions, finest last.
const (
	PrecisionYear   Precision = "year"
	PrecisionMonth  Precision = "month"
	PrecisionDay    Precision = "day"
	PrecisionMinute Precision = "minute"
)

// Published is an article's publication time with its precision and source.
type Published struct {
	Time      time.Time  `json:"time"`
	Precision Precision  `json:"precision"`
	Source    DateSource `json:"source"`
}

// Outlet is who published an article.
type Outlet struct {
	Name   string `json:"name,omitempty"`
	Domain string `json:"domain,omitempty"`
}

// Span is a half-open byte range [Start, End) in an article's Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Sentence is one sentence of an article's text.
type Sentence struct {
	Span
	Text      string `json:"text"`
	Paragraph int    `json:"paragraph"`
}

// EntityType is the coarse type of a named entity.
type EntityType string

// Entity types.
const (
	Person       EntityType = "person"
	Place        EntityType = "place"
	Organization EntityType = "organization"
	OtherEntity  EntityType = "other"
)

// Mention is one occurrence of a named entity in an article.
type Mention struct {
	Span
	Text string     `json:"text"`
	Type EntityType `json:"type"`
	// Entity is the key of the entity the mention is linked to, within the
	// article after analysis and across articles after grouping.
	Entity string `json:"entity"`
}

// Entity is a real-world person, place, organization or other named thing,
// with every spelling seen for it.
type Entity struct {
	Key       string     `json:"key"`
	Name      string     `json:"name"`
	Type      EntityType `json:"type"`
	Variants  []string   `json:"variants"`
	Articles  []string   `json:"articles,omitempty"`
	Mentioned int        `json:"mentions,omitempty"`
}

// Quote is a direct or indirect quotation and who said it.
type Quote struct {
	// Speaker is the speaker as written nearest the quote ("he", "the
	// Kremlin spokesman", "Peskov").
	Speaker string `json:"speaker_text"`
	// Entity is the key of the resolved speaker entity, when resolved.
	Entity string `json:"entity,omitempty"`
	// SpeakerName is the resolved speaker's canonical name, when resolved.
	SpeakerName string `json:"speaker,omitempty"`
	Cue         string `json:"cue,omitempty"`
	Text        string `json:"text"`
	Direct      bool   `json:"direct"`
	Span        Span   `json:"span"`
}

// TimeRef is a date or time expression in an article, normalized.
type TimeRef struct {
	Span
	Text string `json:"text"`
	// Value is a TIMEX3 value: "2016-07-14", "2016-07", "2016-W28",
	// "2016-07-14TEV", "PRESENT_REF", "P3D"...
	Value string `json:"value"`
	// Type is the TIMEX3 type: DATE, TIME, DURATION or SET.
	Type string `json:"type"`
	// Sentence is the index of the sentence holding the expression.
	Sentence int `json:"sentence"`
}

// Article is an extracted and analyzed news article.
type Article struct {
	ID        string     `json:"id"`
	Origin    string     `json:"origin,omitempty"`
	URL       string     `json:"url,omitempty"`
	Outlet    Outlet     `json:"outlet"`
	Title     string     `json:"title"`
	Byline    string     `json:"byline,omitempty"`
	Published *Published `json:"published,omitempty"`
	Language  string     `json:"language"`
	// Paragraphs are the article's main text, furniture removed; Text is
	// the paragraphs joined by "\n\n" and all spans refer to it.
	Paragraphs []string `json:"paragraphs"`
	Text       string   `json:"text"`
	// Flags mark conditions a reader should know: "no_title", "no_date",
	// "paywall", "no_text", "truncated"...
	Flags []string `json:"flags,omitempty"`
	// Label is a gold label from evaluation data, never used to group.
	Label string `json:"-"`

	// Analysis, filled by the analyze stages.
	Sentences []Sentence `json:"sentences,omitempty"`
	Mentions  []Mention  `json:"mentions,omitempty"`
	Entities  []Entity   `json:"entities,omitempty"`
	Quotes    []Quote    `json:"quotes,omitempty"`
	TimeRefs  []TimeRef  `json:"time_refs,omitempty"`

	// Grouping, filled by dedup and cluster.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	Story       string `json:"story,omitempty"`
}

// HasFlag reports whether the article carries flag f.
func (a *Article) HasFlag(f string) bool {
	for _, g := range a.Flags {
		if g == f {
			return true
		}
	}
	return false
}

// Cited is a piece of story text with the articles that support it.
type Cited struct {
	Text     string   `json:"text"`
	Articles []string `json:"articles"`
}

// TimelineEntry is one dated event of a story.
type TimelineEntry struct {
	Date     string   `json:"date"` // ISO date, or a coarser TIMEX3 value
	Text     string   `json:"text"`
	Articles []string `json:"articles"`
}

// StoryQuote is one statement in a story, possibly reported by several
// articles in different words.
type StoryQuote struct {
	Speaker  string   `json:"speaker"`
	Text     string   `json:"text"`
	Article  string   `json:"article"`
	Articles []string `json:"articles,omitempty"`
	Variants []string `json:"variants,omitempty"`
}

// Claim is a statement compared across a story's outlets.
type Claim struct {
	Text     string   `json:"text"`
	Articles []string `json:"articles"`
	// Kind is "shared" (every outlet), "single" (one outlet only) or
	// "conflict" (outlets disagree; Detail says on what).
	Kind   string `json:"kind"`
	Detail string `json:"detail,omitempty"`
}

// Story is the articles about one real-world event and what they tell.
type Story struct {
	ID         string          `json:"id"`
	Headline   string          `json:"headline"`
	EventDate  string          `json:"event_date,omitempty"`
	Start      time.Time       `json:"start"`
	End        time.Time       `json:"end"`
	Articles   []string        `json:"articles"`
	Summary    []Cited         `json:"summary"`
	Timeline   []TimelineEntry `json:"timeline"`
	Quotes     []StoryQuote    `json:"quotes"`
	Entities   []Entity        `json:"entities"`
	Claims     []Claim         `json:"claims,omitempty"`
	Importance float64         `json:"importance"`
	Storyline  string          `json:"storyline,omitempty"`
	// Rewrite is the optional machine-written rewording of Summary, set
	// only when the user configured a rewrite endpoint; Summary stays.
	Rewrite *Rewrite `json:"rewrite,omitempty"`
}

// Rewrite is a language model's rewording of a story's extractive summary.
// It never replaces the summary: each sentence cites the articles of the
// summary sentences it draws on, and sentences that failed the
// faithfulness check (a name or number its sources do not give, no or bad
// citations) are left out. When too little survived, Sentences is empty
// and Warning says why.
type Rewrite struct {
	Sentences []Cited `json:"sentences"`
	// Model is the model name the endpoint was asked for.
	Model string `json:"model"`
	// Endpoint is the host of the endpoint (never a key or a path).
	Endpoint string `json:"endpoint"`
	// Input identifies what was rewritten (a hash of the summary
	// sentences, the model and the prompt): an unchanged story reuses the
	// stored rewrite instead of asking the endpoint again.
	Input string `json:"input"`
	// Warning says what the faithfulness check dropped, or why the whole
	// rewrite was discarded.
	Warning string `json:"warning,omitempty"`
}

// Storyline is the stories of one ongoing affair, ordered in time.
type Storyline struct {
	ID      string   `json:"id"`
	Title   string   `json:"title"`
	Stories []string `json:"stories"`
}
