package inbox

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"herald/backend/activity"
	"herald/backend/campaigns"
	"herald/backend/contacts"
	"herald/backend/templates"
	"herald/backend/userfiles"
	"herald/backend/whatsapp/simulator"
)

// simWorld is an inbox beside real campaigns and templates, on a paired
// simulator whose events both take, as the connection monitor hands them.
type simWorld struct {
	*world
	dir    string
	act    *activity.Log
	sim    *simulator.Simulator
	tmpls  *templates.Service
	camps  *campaigns.Service
	engine *campaigns.Engine
	svc    *Service
	e      *Engine
}

// simulated builds a simWorld on w; deps, when given, completes the
// inbox's dependencies before it starts.
func simulated(t *testing.T, w *world, cfg simulator.Config, deps func(*Deps)) *simWorld {
	t.Helper()
	s := &simWorld{world: w, dir: t.TempDir()}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s.act = activity.NewLog(w.db, w.rec, log)
	book := contacts.NewAPI(w.contacts)
	s.tmpls = templates.NewService(w.db, s.act, log, w.contacts, s.dir, userfiles.Desktop(s.dir))
	var err error
	if s.sim, err = simulator.New(s.dir, cfg, w.clock); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.sim.Close() })
	s.camps, s.engine, err = campaigns.New(campaigns.Deps{DB: w.db, Driver: s.sim, Activity: s.act, Emitter: w.rec, Log: log,
		Templates: s.tmpls, Contacts: book, Audiences: book, Clock: w.clock, Location: time.UTC, Files: userfiles.Desktop(s.dir),
		Keywords:     func(ids []int64) ([]campaigns.KeywordCount, error) { return s.e.KeywordCounts(ids) },
		ReplyKeyword: func(reply string) string { return s.e.KeywordOf(reply) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.engine.Stop() })
	d := Deps{DB: w.db, Driver: s.sim, Contacts: book, Campaigns: campaigns.NewAPI(s.camps), Templates: s.tmpls,
		Activity: s.act, Emitter: w.rec, Log: log, Clock: w.clock}
	if deps != nil {
		deps(&d)
	}
	s.svc, s.e = New(d)
	t.Cleanup(s.e.Stop)
	go func() {
		for ev := range s.sim.Events() {
			s.engine.Observe(ev)
			s.e.Observe(ev)
		}
	}()
	if err := s.sim.Connect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.sim.SimulateScan(); err != nil {
		t.Fatal(err)
	}
	return s
}

// sendCampaign sends body to every contact and waits until it is done.
func (s *simWorld) sendCampaign(t *testing.T, name, body string) campaigns.Campaign {
	t.Helper()
	tmpl, err := s.tmpls.Create(templates.Template{Name: name, Body: body})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.camps.Create(campaigns.Input{Name: name, TemplateID: tmpl.ID, Audience: campaigns.Audience{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.camps.Start(c.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the campaign sent", func() bool {
		got, err := s.camps.Get(c.ID)
		return err == nil && got.State == campaigns.StateCompleted
	})
	got, err := s.camps.Get(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}
