package campaigns

import (
	"testing"
	"time"
)

func TestScheduleWithoutZoneTakesTheUsersZone(t *testing.T) {
	w := newWorld(t)
	w.addContacts(1)
	in := w.start(quiet())
	in.e.userZone = func() string { return "America/Mexico_City" }
	tpl := w.template("Hello")
	c, err := in.Create(Input{Name: "Q", TemplateID: tpl, Audience: Audience{All: true}, Schedule: Schedule{At: "2026-12-01T09:00"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Schedule.TimeZone != "America/Mexico_City" || c.Schedule.At != "2026-12-01T09:00:00-06:00" {
		t.Errorf("schedule = %+v, want 09:00 in America/Mexico_City", c.Schedule)
	}
	// A zone the campaign names is its own.
	c, err = in.Create(Input{Name: "R", TemplateID: tpl, Audience: Audience{All: true}, Schedule: Schedule{At: "2026-12-01T09:00", TimeZone: "Europe/Madrid"}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Schedule.TimeZone != "Europe/Madrid" {
		t.Errorf("schedule = %+v, want its own zone", c.Schedule)
	}
	// No choice of the user's: the engine's Location, as before.
	in.e.userZone = func() string { return "" }
	c, err = in.Create(Input{Name: "S", TemplateID: tpl, Audience: Audience{All: true}, Schedule: Schedule{At: "2026-12-01T09:00"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC).Format(time.RFC3339); c.Schedule.TimeZone != "" || c.Schedule.At != want {
		t.Errorf("schedule = %+v, want 09:00 UTC", c.Schedule)
	}
}
