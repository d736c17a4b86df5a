package contacts

import (
	"testing"
	"time"
)

func TestImport_OptedOutColumnKeepsDateAndReason(t *testing.T) {
	f := newService(t)
	res, err := f.svc.Import(writeFile(t, "o.csv", "name,phone,opted out\nAna,+447911123401,yes\nBo,+447911123402,no\n"), ImportOptions{})
	if err != nil || res.Created != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	yes := true
	page, err := f.svc.List(Query{OptedOut: &yes})
	if err != nil || page.Total != 1 {
		t.Fatalf("opted out: %+v %v", page, err)
	}
	c := page.Items[0]
	if c.OptedOutAt == nil || time.Since(*c.OptedOutAt) > time.Hour || c.OptedOutAt.Location() != time.UTC || c.OptedOutReason != "imported from o.csv" {
		t.Errorf("opted-out contact %+v at %v", c, c.OptedOutAt)
	}
	// Reading it back through the same column as a contact saved by Update.
	c.Name = "Ana B"
	got, err := f.svc.Update(c)
	if err != nil || got.OptedOutAt == nil || !got.OptedOutAt.Equal(*c.OptedOutAt) {
		t.Errorf("after update: %v %v (was %v)", got.OptedOutAt, err, c.OptedOutAt)
	}
}
