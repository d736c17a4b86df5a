package events

import "testing"

func TestHub_FansOutAndDropsForASlowClient(t *testing.T) {
	h := NewHub()
	fast, leaveFast := h.Subscribe()
	slow, leaveSlow := h.Subscribe()
	defer leaveSlow()
	for i := range clientBuffer + 5 {
		h.Emit("activity:new", map[string]int{"i": i})
		<-fast // the fast client keeps up
	}
	if len(slow) != clientBuffer {
		t.Errorf("slow client holds %d events, want its buffer (%d)", len(slow), clientBuffer)
	}
	if h.Dropped() != 5 {
		t.Errorf("dropped %d, want 5", h.Dropped())
	}
	m := <-slow
	if m.Topic != "activity:new" || string(m.Data) != `{"i":0}` {
		t.Errorf("first event %q %s", m.Topic, m.Data)
	}
	leaveFast()
	if h.Clients() != 1 {
		t.Errorf("%d clients after one left", h.Clients())
	}
	h.Emit("x", func() {}) // cannot be encoded
	if h.Dropped() != 6 {
		t.Errorf("an unencodable event was not counted as dropped")
	}
}

func TestRelay_ForwardsOnlyOnceATargetIsSet(t *testing.T) {
	var r Relay
	rec := &Recorder{}
	r.Emit("early", 1)
	r.SetTarget(Fanout{rec, rec})
	r.Emit("late", 2)
	r.SetTarget(nil)
	r.Emit("after", 3)
	got := rec.Events("")
	if len(got) != 2 || got[0].Topic != "late" || got[1].Topic != "late" {
		t.Errorf("recorded %+v, want the one late event twice (fan-out to two)", got)
	}
	if len(rec.Events("early")) != 0 {
		t.Error("an event before the target existed was kept")
	}
}
