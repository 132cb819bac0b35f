package cluster

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"os"
)

// Feature names, in the order of Model.Weights. Every feature compares one
// new article with one candidate story.
var FeatureNames = []string{
	"bias",
	"cos_body",      // TF-IDF cosine: article body vs story body centroid
	"cos_head",      // headline (or lead) terms vs the story's headline centroid
	"cos_head_body", // headline terms vs the story's body centroid
	"max_member",    // best body cosine with one of the story's recent members
	"entities",      // IDF-weighted cosine of entity keys
	"log_gap_days",  // log(1+days outside the story's time span); Model.UndatedGap when a date is unknown
	"undated",       // 1 when the article or the story has no date
	"place",         // +1 same dateline place, -1 different, 0 unknown
	"log_size",      // log(1+articles in the story)
	"ent_cover",     // share of the article's entity weight found in the story
	"term_cover",    // share of the article's body weight found in the story
	"years",         // +1 a year in common, -1 both name years but none in common, 0 otherwise
	"mean_member",   // mean body cosine with the story's recent members
	"rel_member",    // max_member minus the story's cohesion (mean best-member cosine of its members when they joined, shrunk toward the stream's mean by one pseudo member); 0 before any join
	"fingerprint",   // share of the story's fingerprint (its fingerprintTerms strongest centroid terms) found in the article
}

// Model holds the learned parameters of grouping: logistic-regression
// weights over FeatureNames, the probability threshold above which an
// article joins its best candidate story, and the time window outside which
// a story can no longer grow.
type Model struct {
	Features   []string  `json:"features"`
	Weights    []float64 `json:"weights"`
	Threshold  float64   `json:"threshold"`
	WindowDays float64   `json:"window_days"`
	// MergeThreshold, when positive, merges open stories that one new
	// article matches with at least this probability each (0: never).
	MergeThreshold float64 `json:"merge_threshold,omitempty"`
	// UndatedGap is the log_gap_days value used when the article or the
	// story has no date: the mean over the dated training pairs (mean
	// imputation), so that a model trained on dated news does not read
	// "no date" as "same day" on undated input.
	UndatedGap float64 `json:"undated_gap,omitempty"`
	// Provenance: the command that wrote the file, what it trained on, and
	// what it measured on its training data.
	Command   string             `json:"command,omitempty"`
	TrainedOn []string           `json:"trained_on,omitempty"`
	Metrics   map[string]float64 `json:"metrics,omitempty"`
}

//go:embed model.json
var defaultModelJSON []byte

// DefaultModel returns the model shipped with the package (model.json,
// written by `storyline train cluster`).
func DefaultModel() Model {
	m, err := ParseModel(defaultModelJSON)
	if err != nil {
		panic("cluster: embedded model.json: " + err.Error())
	}
	return m
}

// ParseModel decodes and validates a model file's content.
func ParseModel(b []byte) (Model, error) {
	var m Model
	if err := json.Unmarshal(b, &m); err != nil {
		return Model{}, fmt.Errorf("cluster: model: %w", err)
	}
	return m, m.Validate()
}

// LoadModel reads a model file written by Model.Save.
func LoadModel(path string) (Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Model{}, fmt.Errorf("cluster: %w", err)
	}
	m, err := ParseModel(b)
	if err != nil {
		return Model{}, fmt.Errorf("cluster: %s: %w", path, err)
	}
	return m, nil
}

// Save writes the model as indented JSON.
func (m Model) Save(path string) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Validate checks that the model matches this version's features.
func (m Model) Validate() error {
	if len(m.Weights) != len(FeatureNames) {
		return fmt.Errorf("cluster: model has %d weights, want %d (%v)", len(m.Weights), len(FeatureNames), FeatureNames)
	}
	for i, f := range m.Features {
		if i < len(FeatureNames) && f != FeatureNames[i] {
			return fmt.Errorf("cluster: model feature %d is %q, want %q", i, f, FeatureNames[i])
		}
	}
	if m.Threshold <= 0 || m.Threshold >= 1 || math.IsNaN(m.Threshold) {
		return fmt.Errorf("cluster: model threshold %v outside (0,1)", m.Threshold)
	}
	if m.WindowDays <= 0 {
		return fmt.Errorf("cluster: model window_days %v must be positive", m.WindowDays)
	}
	return nil
}

// Prob is the model's probability that features f describe an article and
// a story of the same event.
func (m Model) Prob(f []float64) float64 {
	z := 0.0
	for i, w := range m.Weights {
		z += w * f[i]
	}
	return 1 / (1 + math.Exp(-z))
}
