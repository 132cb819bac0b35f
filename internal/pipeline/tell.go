package pipeline

import (
	"slices"
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
//
// With a cache, a story whose members are unchanged since it was told
// takes its stored told form (see toldCache); importance, entities,
// ranking and storylines are recomputed all the same.
func tellStories(g *Grouping, byID map[string]*model.Article, corpus map[string]model.Entity, now time.Time, workers int, cache *toldCache) {
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
				told[i] = tellOne(g.Stories[i], byID, corpus, newest, cache)
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

// tellOne tells one story from its member articles, or takes its told
// form from the cache when its members are unchanged.
func tellOne(s *model.Story, byID map[string]*model.Article, corpus map[string]model.Entity, newest time.Time, cache *toldCache) model.Story {
	members := make([]*model.Article, 0, len(s.Articles))
	for _, id := range s.Articles {
		members = append(members, byID[id])
	}
	var t model.Story
	key, reused := "", false
	if cache != nil {
		key = storyKey(members)
		if old := cache.lookup(s.ID, key); old != nil {
			toldOf(old).apply(&t)
			t.Articles = slices.Clone(s.Articles)
			t.Importance = tell.Importance(members, importanceNow(newest, t.End))
			reused = true
		}
	}
	if !reused {
		lang := "en"
		for _, a := range members {
			if a.Language != "" && a.Language != "und" {
				lang = a.Language
				break
			}
		}
		t = tell.Tell(members, tell.StoryOptions{Summary: tell.Options{Words: 100, Language: lang}, Now: newest})
		if cache != nil {
			imp := t.Importance
			toldOf(&t).roundTrip().apply(&t)
			t.Importance = imp
			cache.told(s.ID, key)
		}
	}
	t.ID, t.Storyline = s.ID, s.Storyline
	if t.Start.IsZero() {
		t.Start, t.End = s.Start, s.End
	}
	t.Entities = storyEntities(members, corpus)
	return t
}

// importanceNow is the reference time tell.Tell gives tell.Importance.
func importanceNow(newest, end time.Time) time.Time {
	if newest.IsZero() {
		return end
	}
	return newest
}

// titleStorylines names each storyline of several stories after the
// people (else the organization) and places all its stories share, most
// mentioned first, and the years its stories span: "Vladimir Putin and
// John Kerry: Syria, Ukraine, 2016". A storyline of one story, or whose
// stories share fewer than two such names, takes its first story's
// headline.
func titleStorylines(g Grouping) {
	stories := map[string]*model.Story{}
	for _, s := range g.Stories {
		stories[s.ID] = s
	}
	for _, l := range g.Storylines {
		var members []*model.Story
		for _, id := range l.Stories {
			if s := stories[id]; s != nil {
				members = append(members, s)
			}
		}
		if len(members) == 0 {
			continue
		}
		l.Title = members[0].Headline
		if len(members) < 2 {
			continue
		}
		who, where := sharedNames(members)
		if len(who)+len(where) < 2 {
			continue
		}
		title := strings.Join(who, " and ")
		if len(where) > 0 {
			if title != "" {
				title += ": "
			}
			title += strings.Join(where, ", ")
		}
		if years := yearSpan(members); years != "" {
			title += ", " + years
		}
		l.Title = title
	}
}

// sharedNames returns the two most mentioned people (the most mentioned
// organization when no person is shared) and the two most mentioned
// places that every story names, ties in order of appearance. Other entities ("Syrian") name no
// affair.
func sharedNames(members []*model.Story) (who, where []string) {
	type tally struct {
		typ              model.EntityType
		stories, mention int
		first            int
	}
	counts := map[string]*tally{}
	for _, s := range members {
		seen := map[string]bool{}
		for _, e := range s.Entities {
			t := counts[e.Name]
			if t == nil {
				t = &tally{typ: e.Type, first: len(counts)}
				counts[e.Name] = t
			}
			t.mention += max(e.Mentioned, 1)
			if !seen[e.Name] {
				seen[e.Name] = true
				t.stories++
			}
		}
	}
	top := func(typ model.EntityType, n int) []string {
		var names []string
		for n, t := range counts {
			if t.typ == typ && t.stories == len(members) {
				names = append(names, n)
			}
		}
		sort.Slice(names, func(i, j int) bool {
			a, b := counts[names[i]], counts[names[j]]
			if a.mention != b.mention {
				return a.mention > b.mention
			}
			return a.first < b.first
		})
		return names[:min(len(names), n)]
	}
	who = top(model.Person, 2)
	if len(who) == 0 {
		who = top(model.Organization, 1)
	}
	return who, top(model.Place, 2)
}

// yearSpan is "2016" or "2015–2016" from the stories' event dates, or ""
// when none is dated.
func yearSpan(members []*model.Story) string {
	first, last := "", ""
	for _, s := range members {
		if len(s.EventDate) < 4 {
			continue
		}
		y := s.EventDate[:4]
		if first == "" || y < first {
			first = y
		}
		if y > last {
			last = y
		}
	}
	if first == last {
		return first
	}
	return first + "–" + last
}
