package pipeline

import (
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/model"
	"github.com/storyline-news/storyline/internal/tell"
)

// tellStories has every story told (headline, event date, cited summary,
// timeline, quotes, claims, importance), gathers its entities, ranks the
// stories by importance and orders and names the storylines.
func tellStories(g *Grouping, byID map[string]*model.Article, corpus map[string]model.Entity, now time.Time, workers int) {
	// Importance weighs recency against the newest article of the corpus,
	// not the wall clock, so an archive ranks the same whenever it is run.
	var newest time.Time
	for _, a := range byID {
		if a.Published != nil && a.Published.Time.After(newest) {
			newest = a.Published.Time
		}
	}
	if newest.IsZero() {
		newest = now
	}
	// Stories are told independently: spread them over the cores,
	// biggest first so one large story does not finish last alone.
	told := make([]model.Story, len(g.Stories))
	order := make([]int, len(g.Stories))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return len(g.Stories[order[i]].Articles) > len(g.Stories[order[j]].Articles) })
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < max(workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				told[i] = tellOne(g.Stories[i], byID, corpus, newest)
			}
		}()
	}
	for _, i := range order {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	tell.RankStories(told)
	byStory := make(map[string]model.Story, len(told))
	g.Stories = g.Stories[:0]
	for i := range told {
		g.Stories = append(g.Stories, &told[i])
		byStory[told[i].ID] = told[i]
	}
	for _, l := range g.Storylines {
		tell.OrderStoryline(l, byStory)
	}
	titleStorylines(*g)
	// Storylines with the latest story first.
	latest := func(l *model.Storyline) string {
		m := ""
		for _, id := range l.Stories {
			if d := byStory[id].EventDate; d > m {
				m = d
			}
		}
		return m
	}
	sort.SliceStable(g.Storylines, func(i, j int) bool { return latest(g.Storylines[i]) > latest(g.Storylines[j]) })
}

// tellOne tells one story from its member articles.
func tellOne(s *model.Story, byID map[string]*model.Article, corpus map[string]model.Entity, newest time.Time) model.Story {
	members := make([]*model.Article, 0, len(s.Articles))
	for _, id := range s.Articles {
		members = append(members, byID[id])
	}
	lang := "en"
	for _, a := range members {
		if a.Language != "" && a.Language != "und" {
			lang = a.Language
			break
		}
	}
	t := tell.Tell(members, tell.StoryOptions{Summary: tell.Options{Words: 100, Language: lang}, Now: newest})
	t.ID, t.Storyline = s.ID, s.Storyline
	if t.Start.IsZero() {
		t.Start, t.End = s.Start, s.End
	}
	t.Entities = storyEntities(members, corpus)
	return t
}

// titleStorylines names each storyline after the entities all its stories
// share (people and places first), or after its first story's headline.
func titleStorylines(g Grouping) {
	stories := map[string]*model.Story{}
	for _, s := range g.Stories {
		stories[s.ID] = s
	}
	for _, l := range g.Storylines {
		count := map[string]int{}
		var names []string
		for _, id := range l.Stories {
			s := stories[id]
			if s == nil {
				continue
			}
			for _, e := range s.Entities {
				if e.Type == model.OtherEntity {
					continue // "Syrian", "Russian": adjectives name no affair
				}
				if count[e.Name] == 0 {
					names = append(names, e.Name)
				}
				count[e.Name]++
			}
		}
		var top []string
		for _, n := range names {
			if len(top) == 4 {
				break
			}
			if count[n] == len(l.Stories) {
				top = append(top, n)
			}
		}
		switch {
		case len(l.Stories) > 1 && len(top) >= 2:
			l.Title = strings.Join(top, ", ")
		case len(l.Stories) > 0 && stories[l.Stories[0]] != nil:
			l.Title = stories[l.Stories[0]].Headline
		}
	}
}
