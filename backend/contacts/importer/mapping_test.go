package importer

import (
	"reflect"
	"strings"
	"testing"
)

func TestTargetFor_HeadersInOurUsersLanguages(t *testing.T) {
	tests := map[string]string{
		"Name": Name, "Full Name": Name, "nombre": Name, "Nome completo": Name, "NOM": Name,
		"First Name": FirstName, "first_name": FirstName, "Nombre de pila": FirstName, "Primeiro nome": FirstName,
		"Prénom": FirstName, "Vorname": FirstName, "Given Name": FirstName,
		"Last Name": LastName, "Apellidos": LastName, "Sobrenome": LastName, "Nom de famille": LastName, "Nachname": LastName,
		"Phone": Phone, "Mobile": Phone, "Cell": Phone, "Teléfono": Phone, "Telefone": Phone, "Celular": Phone,
		"Téléphone": Phone, "Portable": Phone, "Telefon": Phone, "Handy": Phone, "Mobil": Phone, "WhatsApp": Phone,
		"Phone 2 - Value": Phone, "Mobile Phone": Phone, "Telefone comercial": Phone,
		"Email": Email, "E-mail": Email, "Correo electrónico": Email, "Courriel": Email, "E-mail 2 Address": Email,
		"Company": Company, "Organization": Company, "Empresa": Company, "Société": Company, "Entreprise": Company,
		"Firma": Company, "Unternehmen": Company, "Organization Name": Company,
		"Tags": Tags, "Labels": Tags, "Groups": Tags, "Etiquetas": Tags, "Étiquettes": Tags, "Gruppen": Tags,
		"Kategorien": Tags, "Group Membership": Tags, "Categories": Tags,
		"Notes": Notes, "Notas": Notes, "Observações": Notes, "Notizen": Notes, "Bemerkungen": Notes,
		"Opted out": OptedOut, "Unsubscribed": OptedOut, "opt-out": OptedOut,
		"Phone 1 - Label": Ignore, "Phone 1 - Type": Ignore, "E-mail 1 - Label": Ignore, "Address 1 - Label": Ignore,
		"": Ignore, "  City ": "custom:City", "Birthday": "custom:Birthday",
	}
	for h, want := range tests {
		if got := targetFor(h); got != want {
			t.Errorf("targetFor(%q) = %q, want %q", h, got, want)
		}
	}
}

func TestSuggestMapping_AmbiguousNameBesideFirstOrLast(t *testing.T) {
	tests := []struct{ headers, want string }{
		{"Vorname,Name,Handy", "first_name,last_name,phone"},
		{"Prénom,Nom,Portable", "first_name,last_name,phone"},
		{"Nombre,Apellido,Celular", "first_name,last_name,phone"},
		{"Name,Given Name,Family Name", "name,first_name,last_name"},
		{"Full Name,First Name,Phone", "name,first_name,phone"},
	}
	for _, tt := range tests {
		h := strings.Split(tt.headers, ",")
		if got := strings.Join(suggestMapping(h, len(h), nil), ","); got != tt.want {
			t.Errorf("suggestMapping(%s) = %s, want %s", tt.headers, got, tt.want)
		}
	}
}

func TestSplitTags(t *testing.T) {
	tests := map[string][]string{
		"customer, vip":                     {"customer", "vip"},
		"a;b; ;c":                           {"a", "b", "c"},
		"* myContacts ::: Friends ::: VIP":  {"Friends", "VIP"},
		"* starred ::: friends ::: Friends": {"starred", "friends"},
		"":                                  nil,
	}
	for in, want := range tests {
		if got := splitTags(nil, in); !reflect.DeepEqual(got, want) {
			t.Errorf("splitTags(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFinish_PrefersMobileThenFirstValid(t *testing.T) {
	d := draft{phones: []candidate{{raw: "bad"}, {raw: "+1 212 555 0187"}, {raw: "+44 7911 123456", mobile: true}}}
	want := Record{Phone: "+447911123456", RawPhone: "bad", OtherPhones: []OtherPhone{{Number: "bad"}, {Number: "+12125550187"}},
		Note: "Chose the mobile +44 7911 123456 over the number +1 212 555 0187 for WhatsApp; the other number is kept on the contact. " +
			"Kept “bad” as written: it is not a valid phone number."}
	if r := finish(d, "US"); !reflect.DeepEqual(r, want) {
		t.Errorf("finish = %+v, want %+v", r, want)
	}
	d = draft{phones: []candidate{{raw: ""}, {raw: "123"}, {raw: "abc"}}}
	if r := finish(d, "US"); r.Phone != "" || r.Skip || r.RawPhone != "123" ||
		r.Problem != "The number is too short for United States (+1). Write it with its country code, like +1 201 555 0123." {
		t.Errorf("finish = %+v", r)
	}
}
