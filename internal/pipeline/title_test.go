package pipeline

import (
	"testing"

	"github.com/storyline-news/storyline/internal/model"
)

func TestTitleStorylines(t *testing.T) {
	ent := func(name string, typ model.EntityType, mentions int) model.Entity {
		return model.Entity{Key: name, Name: name, Type: typ, Mentioned: mentions}
	}
	march := &model.Story{ID: "s1", Headline: "Putin and Kerry meet in Moscow", EventDate: "2016-03-24", Entities: []model.Entity{
		ent("John Kerry", model.Person, 5), ent("Vladimir Putin", model.Person, 6), ent("Syria", model.Place, 4),
		ent("Ukraine", model.Place, 2), ent("Moscow", model.Place, 1), ent("Syrian", model.OtherEntity, 9),
		ent("Barack Obama", model.Person, 3)}}
	july := &model.Story{ID: "s2", Headline: "Putin to receive Kerry", EventDate: "2016-07-14", Entities: []model.Entity{
		ent("Vladimir Putin", model.Person, 8), ent("John Kerry", model.Person, 7), ent("Sergei Lavrov", model.Person, 9),
		ent("Syria", model.Place, 6), ent("Ukraine", model.Place, 3), ent("Moscow", model.Place, 1), ent("Syrian", model.OtherEntity, 9)}}
	floods := &model.Story{ID: "s3", Headline: "Floods in the north", EventDate: "2015-12-30", Entities: []model.Entity{
		ent("Environment Agency", model.Organization, 4), ent("Cumbria", model.Place, 3)}}
	floods2 := &model.Story{ID: "s4", Headline: "More rain on the way", EventDate: "2016-01-02", Entities: []model.Entity{
		ent("Environment Agency", model.Organization, 2), ent("Cumbria", model.Place, 2)}}
	lone := &model.Story{ID: "s5", Headline: "A story alone", EventDate: "2016-05-01"}
	g := Grouping{Stories: []*model.Story{march, july, floods, floods2, lone}, Storylines: []*model.Storyline{
		{ID: "l1", Stories: []string{"s1", "s2"}}, {ID: "l2", Stories: []string{"s3", "s4"}}, {ID: "l3", Stories: []string{"s5"}}}}
	titleStorylines(g)
	for i, want := range []string{
		// Shared by both stories, most mentioned first: Lavrov and
		// Obama are in one story only, Syrian is no name of an affair.
		"Vladimir Putin and John Kerry: Syria, Ukraine, 2016",
		"Environment Agency: Cumbria, 2015–2016",
		"A story alone",
	} {
		if got := g.Storylines[i].Title; got != want {
			t.Errorf("storyline %d: title %q, want %q", i, got, want)
		}
	}
}
