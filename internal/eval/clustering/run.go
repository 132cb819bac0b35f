package clustering

import (
	"time"

	"github.com/storyline-news/storyline/internal/cluster"
)

// Result is the outcome of one replay.
type Result struct {
	BCubed            Scores  `json:"bcubed"`
	Pairwise          Scores  `json:"pairwise"`
	Articles          int     `json:"articles"`
	Events            int     `json:"events"`
	Stories           int     `json:"stories"`
	Storylines        int     `json:"storylines"`
	Duplicates        int     `json:"duplicates"`
	Seconds           float64 `json:"seconds"`
	ArticlesPerSecond float64 `json:"articles_per_second"`
	// Assignments are article id -> story id, in replay order.
	Assignments []Assigned `json:"-"`
}

// Assigned is one article's story.
type Assigned struct {
	Article, Story, Storyline, DuplicateOf string
}

// Run replays arts online in publication order (Order) through a new
// Clusterer and scores the stories against the articles' events. Timing
// covers analysis and assignment.
func Run(arts []Article, m cluster.Model, o cluster.Options) Result {
	ordered := Order(arts)
	c := cluster.New(m, o)
	start := time.Now()
	res := Result{Articles: len(ordered)}
	for _, a := range ordered {
		as := c.Add(a.Doc())
		if as.Repeated {
			continue
		}
		if as.DuplicateOf != "" {
			res.Duplicates++
		}
		res.Assignments = append(res.Assignments, Assigned{a.ID, as.Story, as.Storyline, as.DuplicateOf})
	}
	res.Seconds = time.Since(start).Seconds()
	if res.Seconds > 0 {
		res.ArticlesPerSecond = float64(len(ordered)) / res.Seconds
	}
	score(&res, arts, c)
	return res
}

func score(res *Result, arts []Article, c *cluster.Clusterer) {
	gold := map[string]string{}
	events := map[string]bool{}
	for _, a := range arts {
		gold[a.ID] = a.Event
		events[a.Event] = true
	}
	pred := map[string]string{}
	for i := range res.Assignments {
		as := &res.Assignments[i]
		as.Story = c.Resolve(as.Story)
		pred[as.Article] = as.Story
	}
	res.Events = len(events)
	res.Stories = len(c.Stories())
	res.Storylines = len(c.Storylines())
	res.BCubed = BCubed(gold, pred)
	res.Pairwise = Pairwise(gold, pred)
}

// Prepared is a set analyzed once, to replay with many models (training).
type Prepared struct {
	Name     string
	Articles []Article
	analyzed []*cluster.Analyzed
}

// Prepare orders and analyzes arts once.
func Prepare(name string, arts []Article, o cluster.Options) *Prepared {
	ordered := Order(arts)
	an := cluster.NewAnalyzer(withDefaults(o).Dedup)
	p := &Prepared{Name: name, Articles: ordered}
	for _, a := range ordered {
		p.analyzed = append(p.analyzed, an.Analyze(a.Doc()))
	}
	return p
}

func withDefaults(o cluster.Options) cluster.Options {
	if o.Dedup.Bands == 0 {
		o.Dedup = cluster.DefaultOptions().Dedup
	}
	return o
}

// Replay runs a prepared set with model m and scores it.
func (p *Prepared) Replay(m cluster.Model, o cluster.Options) Result {
	c := cluster.New(m, o)
	res := Result{Articles: len(p.Articles)}
	for i, a := range p.analyzed {
		as := c.AddAnalyzed(a)
		if as.Repeated {
			continue
		}
		if as.DuplicateOf != "" {
			res.Duplicates++
		}
		res.Assignments = append(res.Assignments, Assigned{p.Articles[i].ID, as.Story, as.Storyline, as.DuplicateOf})
	}
	score(&res, p.Articles, c)
	return res
}

// Subset returns the prepared articles whose event is in keep.
func (p *Prepared) Subset(name string, keep func(event string) bool) *Prepared {
	q := &Prepared{Name: name}
	for i, a := range p.Articles {
		if keep(a.Event) {
			q.Articles = append(q.Articles, a)
			q.analyzed = append(q.analyzed, p.analyzed[i])
		}
	}
	return q
}
