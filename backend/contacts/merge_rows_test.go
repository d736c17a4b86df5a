package contacts

import (
	"reflect"
	"testing"
	"time"
)

// A contact read as one JSON row (mergeRows) holds what the driver gives
// when it reads the columns, whichever writer stored its opt-out time.
func TestMergeRows_ReadAsTheDriverReadsColumns(t *testing.T) {
	f := newServiceIn(t, "GB")
	ana := mustCreate(t, f.svc, Contact{Name: "Ana \"Q\" \\ Zoë 😀", Phone: "+447911123401", Email: "ana@example.com", Company: "Co\nLtd",
		Notes: "tab\there", Tags: []string{"lead", "vip"}, CustomFields: map[string]string{"city": "Porto"},
		OtherPhones: []OtherPhone{{Label: "work", Number: "+447911123499"}}})
	mustCreate(t, f.svc, Contact{Phone: "+447911123402"})
	if _, err := f.svc.SetOptedOut([]int64{ana.ID}, true, "asked"); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "out.csv", "name,phone,opted out\nCy,+44 7911 123403,yes\n")
	if _, err := f.svc.Import(path, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// A time as time.Time.String writes it, which the driver reads too.
	if err := f.svc.db.Exec("UPDATE contacts SET opted_out = 1, opted_out_at = ? WHERE phone = '+447911123402'",
		time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("CET", 3600)).String()).Error; err != nil {
		t.Fatal(err)
	}
	var byColumns []row
	if err := f.svc.db.Raw(`SELECT id, phone, name, email, company, notes, tags, custom_fields, other_phones, opted_out,
		opted_out_at, opted_out_reason FROM contacts ORDER BY id`).Scan(&byColumns).Error; err != nil {
		t.Fatal(err)
	}
	var stamps []string
	if err := f.svc.db.Raw("SELECT CAST(updated_at AS TEXT) FROM contacts ORDER BY id").Scan(&stamps).Error; err != nil {
		t.Fatal(err)
	}
	byJSON, err := dbMergeRows(f.svc.db, mergeRows+"FROM contacts ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	if len(byJSON) != 3 || len(byColumns) != 3 {
		t.Fatalf("%d rows as JSON, %d by columns", len(byJSON), len(byColumns))
	}
	for i := range byJSON {
		a, b := byJSON[i].contact(), byColumns[i].contact()
		if (a.OptedOutAt == nil) != (b.OptedOutAt == nil) || a.OptedOutAt != nil && !a.OptedOutAt.Equal(*b.OptedOutAt) {
			t.Errorf("row %d: opted out at %v as JSON, %v by columns", i, a.OptedOutAt, b.OptedOutAt)
		}
		if a.OptedOutAt != nil && storedTime(a.OptedOutAt) != storedTime(b.OptedOutAt) {
			t.Errorf("row %d: opt-out time would be written back as %v, not %v", i, storedTime(a.OptedOutAt), storedTime(b.OptedOutAt))
		}
		a.OptedOutAt, b.OptedOutAt = nil, nil
		if !reflect.DeepEqual(a, b) || byJSON[i].Stamp != stamps[i] {
			t.Errorf("row %d:\n as JSON    %+v %q\n by columns %+v %q", i, a, byJSON[i].Stamp, b, stamps[i])
		}
		if a.ID == ana.ID && a.Name != ana.Name {
			t.Errorf("name %q read back as %q", ana.Name, a.Name)
		}
	}
	if byJSON[0].OptedOutAt == nil || byJSON[1].OptedOutAt == nil || byJSON[2].OptedOutAt == nil {
		t.Fatal("every contact here is opted out")
	}
}
