package importer

import (
	"context"
	"reflect"
	"testing"
)

func TestRead_GoogleSecondPhoneIsKeptAndTheMobileChosen(t *testing.T) {
	path := writeFile(t, "google.csv", "Name,Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value\n"+
		"Ana Ruiz,Work,55 5555 1234,Mobile,55 1234 5678\n"+
		"Beto Paz,Home,33 3333 4444,,\n")
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "MX"}), 2, 3)
	check(t, got[2], Record{Name: "Ana Ruiz", Phone: "+525512345678", RawPhone: "55 5555 1234",
		OtherPhones: []OtherPhone{{Label: "Work", Number: "+525555551234"}},
		Note:        "Chose the mobile +52 55 1234 5678 over the work number +52 55 5555 1234 for WhatsApp; the other number is kept on the contact."})
	check(t, got[3], Record{Name: "Beto Paz", Phone: "+523333334444"})
}

func TestRead_SecondNumbersWithoutLabelsAndDuplicates(t *testing.T) {
	// The landline comes first and nothing says which is the mobile: the
	// numbering plan does. A number written twice is kept once; one that
	// is not valid is kept as written.
	path := writeFile(t, "x.csv", "name,phone,phone 2,phone 3,phone 4\n"+
		"Ana,+44 20 7946 0958,+44 7911 123456,020 7946 0958,12\n")
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "GB"}), 2)
	check(t, got[2], Record{Name: "Ana", Phone: "+447911123456",
		OtherPhones: []OtherPhone{{Label: "phone", Number: "+442079460958"}, {Label: "phone 4", Number: "12"}},
		Note: "Chose the mobile +44 7911 123456 over the landline +44 20 7946 0958 for WhatsApp; the other number is kept on the contact. " +
			"Kept “12” as written: it is not a valid phone number."})
}

func TestRead_VCardSecondTelIsKept(t *testing.T) {
	path := writeFile(t, "x.vcf", "BEGIN:VCARD\nFN:Ana\nTEL;TYPE=WORK:+1 212 555 0187\nTEL;TYPE=CELL:+1 646 555 0199\nTEL:+1 305 555 0123\nEND:VCARD\n")
	got := byLine(t, readAll(t, path, Options{DefaultCountry: "US"}), 1)
	check(t, got[1], Record{Name: "Ana", Phone: "+16465550199",
		OtherPhones: []OtherPhone{{Label: "Work", Number: "+12125550187"}, {Number: "+13055550123"}},
		Note: "Chose the mobile +1 646 555 0199 over the work number +1 212 555 0187 and the number +1 305 555 0123 for WhatsApp; " +
			"the other numbers are kept on the contact."})
}

func TestPhoneProblem_SaysWhatIsWrongAndWhatToWrite(t *testing.T) {
	tests := []struct{ raw, region, want string }{
		{"55 1234", "MX", "The number is too short for Mexico (+52). Write it with its country code, like +52 222 123 4567."},
		{"55 1234 5678 9012", "MX", "The number is too long for Mexico (+52). Write it with its country code, like +52 222 123 4567."},
		{"+49 151", "US", "The number is too short for Germany (+49). Check its digits: a mobile number there is written like +49 1512 3456789."},
		{"+999 1234 5678", "US", "The number does not start with a country code. Check the digits after the + (or the 00): a number in the United Kingdom, for example, is written +44 7400 123456."},
		{"n/a", "BR", "This is not a phone number. Write it with its country code, like +55 11 96123 4567."},
		{"5512345678", "", "The number has no country code, and no default country is set. Write it with its country code, like +44 7400 123456, or choose your country in Settings."},
	}
	for _, tc := range tests {
		if got := phoneProblem(tc.raw, tc.region); got != tc.want {
			t.Errorf("phoneProblem(%q, %q)\n got  %s\n want %s", tc.raw, tc.region, got, tc.want)
		}
	}
}

func TestPreviewRecords_ReadTheRowsAsTheImportWill(t *testing.T) {
	path := writeFile(t, "x.csv", "Name,Notes,Phone\nAna,+52 55 1234 5678,55 1234 5678\nBen,,55 1234\nCy,,\n")
	p, err := PreviewFile(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	phones := func(recs []Record) []string {
		var out []string
		for _, r := range recs {
			out = append(out, r.Phone+"|"+r.Problem)
		}
		return out
	}
	want := []string{"+525512345678|",
		"|The number is too short for Mexico (+52). Write it with its country code, like +52 222 123 4567.", "|" + noPhone}
	if got := phones(p.Records(nil, "MX")); !reflect.DeepEqual(got, want) {
		t.Errorf("suggested mapping: %q, want %q", got, want)
	}
	// With the notes column read as the phone, every row but the first has none.
	want = []string{"+525512345678|", "|" + noPhone, "|" + noPhone}
	if got := phones(p.Records([]string{Name, Phone, Ignore}, "MX")); !reflect.DeepEqual(got, want) {
		t.Errorf("chosen mapping: %q, want %q", got, want)
	}
}

func TestFinish_ANumberThatIsNotValidIsKeptAsWrittenAndSaid(t *testing.T) {
	d := draft{phones: []candidate{{raw: "12", label: "Fax"}, {raw: "+1 212 555 0187"}}}
	want := Record{Phone: "+12125550187", RawPhone: "12", OtherPhones: []OtherPhone{{Label: "Fax", Number: "12"}},
		Note: "Kept “12” as written: it is not a valid phone number."}
	if r := finish(d, "US"); !reflect.DeepEqual(r, want) {
		t.Errorf("finish = %+v, want %+v", r, want)
	}
}
