package cluster

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
)

// ErrUnknownStory is returned by Merge and Split for an id never issued.
var ErrUnknownStory = errors.New("cluster: unknown story")

// candidates returns the stories sharing the article's query terms, best
// accumulated overlap first (ties to the older story), at most
// Options.Candidates. Only the most recent ScanPerTerm stories of each
// posting list are read, so the cost does not grow with the stream. The
// result is scratch, valid until the next call.
func (c *Clusterer) candidates(ar *article) []int32 {
	if len(c.slots) < len(c.stories) {
		c.slots = append(c.slots, make([]storySlot, len(c.stories)-len(c.slots))...)
	}
	slots := c.slots
	touched := c.touched[:0]
	scan := c.o.ScanPerTerm
	// Read every list's header and newest entry first: these loads do not
	// depend on each other, so their cache misses overlap instead of
	// each term's scan waiting for its own.
	lists := c.lists[:0]
	var sink int32
	for _, t := range ar.query {
		list := c.post[t]
		if len(list) > 0 {
			sink |= list[len(list)-1]
		}
		lists = append(lists, list)
	}
	c.lists = lists
	c.sink = uint32(sink)
	for i, t := range ar.query {
		list := lists[i]
		d := &c.dense[t]
		w := d.body + d.head + d.ent + 1e-9
		n := 0
		for k := len(list) - 1; k >= 0 && n < scan; k-- {
			si := list[k]
			sl := &slots[si]
			if sl.gone {
				continue
			}
			n++
			if sl.acc == 0 {
				touched = append(touched, si)
			}
			sl.acc += w
		}
	}
	// Keep the best Candidates by accumulated weight (ties to the older
	// story) with an insertion into a short sorted list: cheaper than
	// sorting every touched story.
	better := func(a, b int32) bool {
		return slots[a].acc > slots[b].acc || slots[a].acc == slots[b].acc && a < b
	}
	k := c.o.Candidates
	top := c.top[:0]
	for _, si := range touched {
		if len(top) == k && !better(si, top[k-1]) {
			continue
		}
		if len(top) < k {
			top = append(top, si)
		} else {
			top[k-1] = si
		}
		for j := len(top) - 1; j > 0 && better(top[j], top[j-1]); j-- {
			top[j], top[j-1] = top[j-1], top[j]
		}
	}
	for _, si := range touched {
		slots[si].acc = 0
	}
	c.touched, c.top = touched, top
	return top
}

// touchStories reads the records of the candidate stories and the first
// entry of every vector features will read for them, before features
// reads them one story after another: the loads are independent, so
// their cache misses overlap. It changes nothing.
func (c *Clusterer) touchStories(cands []int32) {
	var x uint32
	for _, si := range cands {
		s := c.stories[si]
		if len(s.body) > 0 {
			x |= s.body[0].id
		}
		if len(s.head) > 0 {
			x |= s.head[0].id
		}
		if len(s.ent) > 0 {
			x |= s.ent[0].id
		}
		for _, r := range s.recent {
			if len(r) > 0 {
				x |= r[0].id
			}
		}
	}
	c.sink = x
}

// scatter loads the article's vectors into the dense scratch array so
// that a dot product with a story vector is one pass over the story's
// entries; unscatter clears them.
func (c *Clusterer) scatter(ar *article) {
	d := c.dense
	for _, x := range ar.body {
		d[x.id].body = x.w
	}
	for _, x := range ar.head {
		d[x.id].head = x.w
	}
	c.aEntL1, c.aBodyL1, c.aYears = 0, 0, false
	for _, x := range ar.ent {
		d[x.id].ent = x.w
		c.aEntL1 += float64(x.w)
		if d[x.id].year() {
			c.aYears = true
		}
	}
	for _, x := range ar.body {
		c.aBodyL1 += float64(x.w)
	}
}

func (c *Clusterer) unscatter(ar *article) {
	d := c.dense
	for _, x := range ar.body {
		d[x.id].body = 0
	}
	for _, x := range ar.head {
		d[x.id].head = 0
	}
	for _, x := range ar.ent {
		d[x.id].ent = 0
	}
}

// features fills f for article ar (scattered) against story s and reports
// whether the story may still take the article (open and within the time
// window).
func (c *Clusterer) features(ar *article, s *story, f []float64) bool {
	for i := range f {
		f[i] = 0
	}
	f[0] = 1
	d := c.dense
	// One pass over each centroid; every sum keeps its own order, so the
	// values are those of separate loops.
	var bb, hb, bcov float32
	for _, x := range s.body {
		t := &d[x.id]
		bb += t.body * x.w
		hb += t.head * x.w
		bcov += t.body
	}
	// Head and entity centroids in one loop (three independent sums).
	var hh, ee, ecov float32
	yearsS, yearsShared := false, false
	sh, se := s.head, s.ent
	n := min(len(sh), len(se))
	for i := 0; i < n; i++ {
		hh += d[sh[i].id].head * sh[i].w
		t := &d[se[i].id]
		a := t.ent
		ee += a * se[i].w
		ecov += a
		if t.year() {
			yearsS = true
			if a > 0 {
				yearsShared = true
			}
		}
	}
	for _, x := range sh[n:] {
		hh += d[x.id].head * x.w
	}
	for _, x := range se[n:] {
		t := &d[x.id]
		a := t.ent
		ee += a * x.w
		ecov += a
		if t.year() {
			yearsS = true
			if a > 0 {
				yearsShared = true
			}
		}
	}
	if c.aEntL1 > 0 {
		f[10] = float64(ecov) / c.aEntL1
	}
	if c.aBodyL1 > 0 {
		f[11] = float64(bcov) / c.aBodyL1
	}
	if yearsShared {
		f[12] = 1
	} else if yearsS && c.aYears {
		f[12] = -1
	}
	if s.bn > 0 {
		f[1] = float64(bb) / s.bn
		f[3] = float64(hb) / s.bn
	}
	if s.hn > 0 {
		f[2] = float64(hh) / s.hn
	}
	if s.en > 0 {
		f[5] = float64(ee) / s.en
	}
	// Member dot products two at a time (independent sums overlap),
	// then combined in member order.
	var dms [recentMembers]float32
	rs := s.recent
	for k := 0; k < len(rs); k += 2 {
		if k+1 < len(rs) {
			dms[k], dms[k+1] = dot2(d, rs[k], rs[k+1])
		} else {
			dms[k] = dot1(d, rs[k])
		}
	}
	nm := 0
	for _, dm := range dms[:len(rs)] {
		f[4] = math.Max(f[4], float64(dm))
		f[13] += float64(dm)
		nm++
	}
	if nm > 0 {
		f[13] /= float64(nm)
	}
	// Cohesion shrunk toward the stream's mean cohesion (one pseudo
	// member), so a young story is judged against what joining looks like
	// in this stream rather than against absolute cosines.
	if c.cohN > 0 {
		g := c.cohSum / float64(c.cohN)
		f[14] = f[4] - (s.cohSum+g)/float64(s.cohN+1)
	}
	if len(s.fp) > 0 {
		hit := 0
		for _, t := range s.fp {
			if d[t].body > 0 || d[t].ent > 0 {
				hit++
			}
		}
		f[15] = float64(hit) / float64(len(s.fp))
	}
	eligible := s.active
	if ar.dated && s.dated {
		gap := math.Max(0, math.Max(s.first-ar.day, ar.day-s.last))
		f[6] = math.Log1p(gap)
		if gap > c.m.WindowDays {
			eligible = false
		}
	} else {
		f[6] = c.m.UndatedGap
		f[7] = 1
	}
	if len(ar.places) > 0 && len(s.places) > 0 {
		f[8] = -1
		for _, p := range ar.places {
			if slices.Contains(s.places, p) {
				f[8] = 1
				break
			}
		}
	}
	f[9] = math.Log1p(float64(len(s.members)))
	return eligible
}

func (c *Clusterer) newStory(idx int32, line int32, label string) *story {
	c.nextID++
	si := int32(len(c.stories))
	s := &story{id: "s" + strconv.Itoa(c.nextID), idx: si, active: true}
	c.stories = append(c.stories, s)
	c.lasts = append(c.lasts, math.Inf(1))
	c.byStory[s.id] = si
	if line < 0 {
		line = int32(len(c.lines))
		c.lines = append(c.lines, &storyline{id: "l" + strconv.Itoa(len(c.lines)+1)})
	}
	s.line = line
	c.lines[line].stories = append(c.lines[line].stories, si)
	if label != "" {
		s.label = label
		c.labels[label] = si
	}
	c.active = append(c.active, si)
	c.arts[idx].story = -1
	c.join(s, idx)
	return s
}

// join adds article idx to story s: centroids, time span, places, index.
func (c *Clusterer) join(s *story, idx int32) {
	if c.joinArticle(s, idx) {
		c.summarize(s)
	}
}

// summarize computes what is derived from a story's centroids: norms and
// fingerprint.
func (c *Clusterer) summarize(s *story) {
	s.bn, s.hn, s.en = s.body.norm(), s.head.norm(), s.ent.norm()
	s.fp = topIDs(s.fp[:0], s.body, s.ent, fingerprintTerms, &c.fpKeys)
}

// joinArticle is join without summarize, which it reports is due (the
// centroids changed); nothing in it reads what summarize computes, so
// several articles can join before one summarize (Merge).
func (c *Clusterer) joinArticle(s *story, idx int32) bool {
	si := s.idx
	ar := &c.arts[idx]
	ar.story = si
	s.members = append(s.members, idx)
	s.lastSeq = c.seq
	if ar.dated {
		if !s.dated {
			s.first, s.last, s.dated = ar.day, ar.day, true
		} else {
			s.first = math.Min(s.first, ar.day)
			s.last = math.Max(s.last, ar.day)
		}
	}
	c.syncLast(s)
	if ar.body == nil {
		return false
	}
	if len(s.recent) > 0 {
		best := 0.0
		for _, mv := range s.recent {
			if idx == c.scattered {
				best = math.Max(best, c.dotScattered(mv))
			} else {
				best = math.Max(best, dot(ar.body, mv))
			}
		}
		s.cohSum += best
		s.cohN++
		c.cohSum += best
		c.cohN++
	}
	if len(s.recent) == recentMembers {
		copy(s.recent, s.recent[1:])
		s.recent = s.recent[:recentMembers-1]
	}
	s.recent = append(s.recent, ar.body)
	max := storyTerms
	if !s.active {
		max = closedTerms
	}
	s.body = addInto(s.body, ar.body, max, &c.sum, &c.keys)
	s.head = addInto(s.head, ar.head, storyHead, &c.sum, &c.keys)
	s.ent = addInto(s.ent, ar.ent, storyEnts, &c.sum, &c.keys)
	for _, p := range ar.places {
		if !slices.Contains(s.places, p) && len(s.places) < maxPlaces {
			s.places = append(s.places, p)
		}
	}
	for _, t := range ar.query {
		k, found := slices.BinarySearch(s.indexed, t)
		if found {
			continue
		}
		s.indexed = slices.Insert(s.indexed, k, t)
		c.appendPosting(t, si)
	}
	return true
}

func (c *Clusterer) appendPosting(t uint32, si int32) {
	list := append(c.post[t], si)
	if n := int(c.postLen[t]); len(list) >= 64 && len(list) >= 2*n {
		keep := list[:0]
		for _, x := range list {
			if s := c.stories[x]; !s.dead && !s.expired {
				keep = append(keep, x)
			}
		}
		list = keep
		c.postLen[t] = int32(len(list))
	}
	c.post[t] = list
}

// maintain closes stories that left the time window (or exceed MaxActive)
// and expires closed stories too old to join a storyline, releasing their
// vectors. Work is proportional to what changes, so the per-article cost
// stays flat.
func (c *Clusterer) maintain() {
	if c.seq%64 != 0 && len(c.active) <= c.o.MaxActive {
		return
	}
	keep := c.active[:0]
	var closing []int32
	// c.lasts mirrors what this test reads of each story (dead, dated,
	// last), so the sweep does not visit every open story's record.
	lasts := c.lasts
	for _, si := range c.active {
		last := lasts[si]
		if math.IsNaN(last) { // merged away
			continue
		}
		if c.hasClk && c.clock-last > c.m.WindowDays { // undated: +Inf, never
			closing = append(closing, si)
			continue
		}
		keep = append(keep, si)
	}
	c.active = keep
	if len(c.active) > c.o.MaxActive {
		// Close the least recently updated.
		order := slices.Clone(c.active)
		slices.SortFunc(order, func(a, b int32) int {
			sa, sb := c.stories[a], c.stories[b]
			if sa.lastSeq != sb.lastSeq {
				if sa.lastSeq < sb.lastSeq {
					return -1
				}
				return 1
			}
			return int(a - b)
		})
		drop := order[:len(order)-c.o.MaxActive*9/10]
		closing = append(closing, drop...)
		dropped := map[int32]bool{}
		for _, si := range drop {
			dropped[si] = true
		}
		keep := c.active[:0]
		for _, si := range c.active {
			if !dropped[si] {
				keep = append(keep, si)
			}
		}
		c.active = keep
	}
	for _, si := range closing {
		c.close(si)
	}
	// Expire closed stories in closing order.
	lim := int64(c.o.MaxActive) * 20
	for len(c.closed) > 0 {
		s := c.stories[c.closed[0]]
		if s.dead || s.active {
			c.closed = c.closed[1:]
			continue
		}
		old := s.dated && c.hasClk && c.clock-s.last > c.o.StorylineDays ||
			!s.dated && c.seq-s.lastSeq > lim
		if !old {
			break
		}
		s.expired = true
		c.markGone(c.closed[0])
		s.body, s.head, s.ent, s.indexed = nil, nil, nil, nil
		s.bn, s.hn, s.en = 0, 0, 0
		c.closed = c.closed[1:]
	}
}

// close stops story si from growing: its vectors shrink to what storyline
// linking needs and its members' vectors are released.
func (c *Clusterer) close(si int32) {
	s := c.stories[si]
	s.active = false
	s.body = prune(s.body, closedTerms, &c.keys)
	s.head = prune(s.head, closedSmall, &c.keys)
	s.ent = prune(s.ent, closedSmall, &c.keys)
	s.bn, s.hn, s.en = s.body.norm(), s.head.norm(), s.ent.norm()
	s.fp = topIDs(s.fp[:0], s.body, s.ent, fingerprintTerms, &c.fpKeys)
	for _, mi := range s.members {
		a := &c.arts[mi]
		a.body, a.head, a.ent, a.query = nil, nil, nil, nil
	}
	s.recent = nil
	c.closed = append(c.closed, si)
}

func (c *Clusterer) resolveIdx(si int32) int32 {
	for c.stories[si].dead {
		si = c.stories[si].into
	}
	return si
}

// Resolve returns the current id of a story id: itself, or the story it was
// merged into. Unknown ids return "".
func (c *Clusterer) Resolve(id string) string {
	si, ok := c.byStory[id]
	if !ok {
		return ""
	}
	return c.stories[c.resolveIdx(si)].id
}

// StoryInfo describes one story.
type StoryInfo struct {
	ID        string
	Storyline string
	// Articles are the member ids in arrival order.
	Articles []string
	// Groups are the near-duplicate groups among Articles: the original
	// first, then its copies; an article without copies is a group of one.
	Groups [][]string
	// Outlets are the distinct outlets, in arrival order.
	Outlets []string
	// Start and End span the dated members (zero when none is dated).
	Start, End time.Time
	// Aliases are ids of stories merged into this one.
	Aliases []string
	// Open is true while the story can still take articles.
	Open bool
}

// StorylineInfo describes one storyline: its stories, earliest first.
type StorylineInfo struct {
	ID      string
	Stories []string
}

func fromDay(d float64) time.Time {
	return time.Unix(int64(math.Round(d*86400)), 0).UTC()
}

func (c *Clusterer) info(si int32) StoryInfo {
	s := c.stories[si]
	in := StoryInfo{ID: s.id, Storyline: c.lines[s.line].id, Open: s.active}
	groups := map[string]int{}
	for _, mi := range s.members {
		a := &c.arts[mi]
		in.Articles = append(in.Articles, a.id)
		if a.outlet != "" && !slices.Contains(in.Outlets, a.outlet) {
			in.Outlets = append(in.Outlets, a.outlet)
		}
		if a.dup != "" {
			if g, ok := groups[a.dup]; ok {
				in.Groups[g] = append(in.Groups[g], a.id)
				continue
			}
		}
		groups[a.id] = len(in.Groups)
		in.Groups = append(in.Groups, []string{a.id})
	}
	if s.dated {
		in.Start, in.End = fromDay(s.first), fromDay(s.last)
	}
	for alias, to := range c.aliases {
		if c.Resolve(to) == s.id {
			in.Aliases = append(in.Aliases, alias)
		}
	}
	slices.Sort(in.Aliases)
	return in
}

// Stories lists the current stories in creation order (merged-away ids are
// not listed; see StoryInfo.Aliases).
func (c *Clusterer) Stories() []StoryInfo {
	out := make([]StoryInfo, 0, len(c.stories))
	for si, s := range c.stories {
		if !s.dead {
			out = append(out, c.info(int32(si)))
		}
	}
	return out
}

// Story returns the story with id, following merge aliases.
func (c *Clusterer) Story(id string) (StoryInfo, bool) {
	si, ok := c.byStory[id]
	if !ok {
		return StoryInfo{}, false
	}
	return c.info(c.resolveIdx(si)), true
}

// StoryOf returns the current story id of an article, or "".
func (c *Clusterer) StoryOf(articleID string) string {
	i, ok := c.byID[articleID]
	if !ok {
		return ""
	}
	return c.stories[c.resolveIdx(c.arts[i].story)].id
}

// Storylines lists the storylines that hold at least one story, in
// creation order, each with its stories ordered by start time.
func (c *Clusterer) Storylines() []StorylineInfo {
	var out []StorylineInfo
	for _, l := range c.lines {
		var ids []int32
		for _, si := range l.stories {
			if !c.stories[si].dead {
				ids = append(ids, si)
			}
		}
		if len(ids) == 0 {
			continue
		}
		slices.SortStableFunc(ids, func(a, b int32) int {
			sa, sb := c.stories[a], c.stories[b]
			if sa.dated && sb.dated && sa.first != sb.first {
				if sa.first < sb.first {
					return -1
				}
				return 1
			}
			return 0
		})
		in := StorylineInfo{ID: l.id}
		for _, si := range ids {
			in.Stories = append(in.Stories, c.stories[si].id)
		}
		out = append(out, in)
	}
	return out
}

// Merge moves every article of story from into story into. The id from
// stays valid as an alias of into (Resolve, Story); no article is lost and
// no other id changes.
func (c *Clusterer) Merge(into, from string) error {
	ti, ok := c.byStory[into]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownStory, into)
	}
	fi, ok := c.byStory[from]
	if !ok {
		return fmt.Errorf("%w: %q", ErrUnknownStory, from)
	}
	ti, fi = c.resolveIdx(ti), c.resolveIdx(fi)
	if ti == fi {
		return nil
	}
	t, f := c.stories[ti], c.stories[fi]
	if f.active && !t.active {
		t.active = true
		c.active = append(c.active, ti)
	}
	if !f.active {
		// Closed stories no longer hold member vectors: add the centroids.
		t.body = addInto(t.body, f.body, storyTerms, &c.sum, &c.keys)
		t.head = addInto(t.head, f.head, storyHead, &c.sum, &c.keys)
		t.ent = addInto(t.ent, f.ent, storyEnts, &c.sum, &c.keys)
		t.bn, t.hn, t.en = t.body.norm(), t.head.norm(), t.ent.norm()
		t.cohSum += f.cohSum
		t.cohN += f.cohN
		t.fp = topIDs(t.fp[:0], t.body, t.ent, fingerprintTerms, &c.fpKeys)
	}
	changed := false
	for _, mi := range f.members {
		changed = c.joinArticle(t, mi) || changed
	}
	if changed {
		c.summarize(t)
	}
	for _, p := range f.places {
		if !slices.Contains(t.places, p) && len(t.places) < maxPlaces {
			t.places = append(t.places, p)
		}
	}
	f.dead = true
	c.syncLast(f)
	f.into = ti
	c.markGone(fi)
	c.unpost(fi, f.indexed)
	f.members, f.recent, f.body, f.head, f.ent, f.indexed = nil, nil, nil, nil, nil, nil
	c.aliases[f.id] = t.id
	return nil
}

// Split moves the listed articles of story id into a new story (same
// storyline) and returns the new story's id; the original id keeps the
// remaining articles. Vectors of closed stories are rebuilt from what is
// still kept, so a closed story cannot grow again after a split.
func (c *Clusterer) Split(id string, articleIDs []string) (string, error) {
	si, ok := c.byStory[id]
	if !ok {
		return "", fmt.Errorf("%w: %q", ErrUnknownStory, id)
	}
	si = c.resolveIdx(si)
	s := c.stories[si]
	move := map[int32]bool{}
	for _, a := range articleIDs {
		ai, ok := c.byID[a]
		if !ok || c.resolveIdx(c.arts[ai].story) != si {
			return "", fmt.Errorf("cluster: split %s: article %q is not in the story", id, a)
		}
		move[ai] = true
	}
	if len(move) == 0 || len(move) == len(s.members) {
		return "", fmt.Errorf("cluster: split %s: must move some but not all of its %d articles", id, len(s.members))
	}
	old := s.members
	wasActive := s.active
	*s = story{id: s.id, idx: s.idx, line: s.line, label: s.label, active: wasActive, lastSeq: s.lastSeq, indexed: s.indexed}
	var moved []int32
	for _, mi := range old {
		if move[mi] {
			moved = append(moved, mi)
		} else {
			c.join(s, mi)
		}
	}
	ns := c.newStory(moved[0], s.line, "")
	for _, mi := range moved[1:] {
		c.join(ns, mi)
	}
	if !wasActive {
		ni := c.byStory[ns.id]
		c.active = slices.DeleteFunc(c.active, func(x int32) bool { return x == ni })
		c.close(ni)
	}
	return ns.id, nil
}

// unpost removes story si, merged away, from the recent end of the
// posting lists of its terms, where candidate scans read: a scan skips a
// gone story anyway, so the stories it reads, and their order, are the
// same, but it no longer steps over this one. Entries further back are
// left to compaction.
func (c *Clusterer) unpost(si int32, terms []uint32) {
	const reach = 256
	for _, t := range terms {
		list := c.post[t]
		for k := len(list) - 1; k >= 0 && k >= len(list)-reach; k-- {
			if list[k] == si {
				c.post[t] = append(list[:k], list[k+1:]...)
				break
			}
		}
	}
}

// syncLast updates c.lasts[s.idx]: NaN when s is merged away, +Inf when
// it has no dated member, else its newest date.
func (c *Clusterer) syncLast(s *story) {
	switch {
	case s.dead:
		c.lasts[s.idx] = math.NaN()
	case !s.dated:
		c.lasts[s.idx] = math.Inf(1)
	default:
		c.lasts[s.idx] = s.last
	}
}

// markGone records that story si is merged away or expired, so posting
// scans skip it.
func (c *Clusterer) markGone(si int32) {
	if len(c.slots) <= int(si) {
		c.slots = append(c.slots, make([]storySlot, len(c.stories)-len(c.slots))...)
	}
	c.slots[si].gone = true
}

// dotScattered is dot(body, v) for the scattered article's body: the
// same products (a term v has and the body not adds +0, which leaves the
// non-negative sum unchanged) in the same order (v's, by id), without
// the merge's branches.
func (c *Clusterer) dotScattered(v vec) float64 {
	d := c.dense
	s := 0.0
	for _, x := range v {
		s += float64(d[x.id].body) * float64(x.w)
	}
	return s
}

// dot1 is the dot product of v with the scattered article body.
func dot1(d []denseTerm, v vec) float32 {
	var s float32
	for _, x := range v {
		s += d[x.id].body * x.w
	}
	return s
}

// dot2 is dot1 of a and of b, the two sums interleaved; each keeps its
// own order, so the values are those of dot1.
func dot2(d []denseTerm, a, b vec) (float32, float32) {
	var sa, sb float32
	n := min(len(a), len(b))
	a2, b2 := a[:n], b[:n]
	for i := range a2 {
		sa += d[a2[i].id].body * a2[i].w
		sb += d[b2[i].id].body * b2[i].w
	}
	for _, x := range a[n:] {
		sa += d[x.id].body * x.w
	}
	for _, x := range b[n:] {
		sb += d[x.id].body * x.w
	}
	return sa, sb
}
