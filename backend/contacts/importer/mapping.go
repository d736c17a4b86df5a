package importer

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// headerTargets maps a squashed header (see squash) to its target, in the
// languages of our users (English, Spanish, Portuguese, French, German) and
// the column names of Google and Outlook exports.
func headerTargets() map[string]string {
	m := map[string]string{}
	add := func(target string, names ...string) {
		for _, n := range names {
			m[n] = target
		}
	}
	add(Name, "name", "fullname", "contactname", "displayname", "contact", "nombre", "nombrecompleto",
		"nome", "nomecompleto", "nom", "nomcomplet", "vollstandigername", "kontaktname", "kontakt")
	add(FirstName, "firstname", "first", "givenname", "given", "forename", "nombredepila", "primernombre",
		"primeironome", "prenome", "prenom", "vorname")
	add(LastName, "lastname", "last", "surname", "familyname", "apellido", "apellidos", "sobrenome",
		"ultimonome", "apelido", "nomdefamille", "nachname", "familienname")
	add(Phone, "phone", "phonenumber", "phonevalue", "telephone", "telephonenumber", "tel", "telno", "mobile",
		"mobilephone", "mobilenumber", "mobileno", "cell", "cellphone", "cellular", "whatsapp", "whatsappnumber",
		"number", "numero", "telefono", "numerodetelefono", "movil", "celular", "telefone", "numerodetelefone",
		"numerodecelular", "telemovel", "portable", "telephoneportable", "numerodetelephone", "telefon",
		"telefonnummer", "handy", "handynummer", "mobil", "mobilnummer", "mobiltelefon", "mobilfunk",
		"businessphone", "homephone", "primaryphone", "otherphone", "carphone", "companymainphone")
	add(Email, "email", "emailaddress", "emailvalue", "mail", "correo", "correoelectronico", "courriel",
		"adresseemail", "adressemail", "emailadresse")
	add(Company, "company", "companyname", "organization", "organisation", "organizationname", "org",
		"business", "empresa", "compania", "companhia", "organizacion", "organizacao", "societe", "entreprise",
		"firma", "firmenname", "unternehmen")
	add(Tags, "tags", "tag", "labels", "label", "groups", "group", "groupmembership", "categories",
		"category", "etiquetas", "etiqueta", "etiquettes", "etiquette", "gruppen", "gruppe", "kategorien",
		"kategorie", "grupos", "grupo", "categorias", "categoria", "groupes", "groupe", "segment", "segments",
		"lists", "list", "listas", "lista")
	add(Notes, "notes", "note", "notas", "nota", "observacoes", "observacao", "observaciones", "comentarios",
		"comentario", "comments", "comment", "remarques", "remarque", "commentaire", "commentaires", "notizen",
		"notiz", "bemerkungen", "bemerkung", "anmerkungen", "anmerkung", "description")
	add(OptedOut, "optedout", "optout", "unsubscribed", "unsubscribe", "donotcontact", "dnc", "baja",
		"dadodebaja", "desuscrito", "descadastrado", "desabonne", "desinscrit", "abgemeldet")
	// Metadata columns of Google and Outlook exports: they describe other
	// columns and are not contact data.
	add(Ignore, "phonelabel", "phonetype", "emaillabel", "emailtype", "emaildisplayname")
	return m
}

// phoneWords in a header that matched nothing else still make it a phone
// column ("Telefone comercial", "WhatsApp business").
func phoneWords() []string {
	return []string{"phone", "telephone", "tel", "mobile", "cell", "whatsapp", "telefono", "movil",
		"celular", "telefone", "portable", "telefon", "handy", "mobil"}
}

// mobileWords mark a phone column or label as a mobile number, preferred
// for WhatsApp over the others.
func mobileWords() []string {
	return []string{"mobil", "cell", "celular", "movil", "portable", "handy", "whatsapp", "telemovel"}
}

// ambiguousNames are headers that mean the whole name alone but the surname
// beside a first-name column (German "Vorname, Name", French "Prénom, Nom")
// and the given name beside a last-name column (Spanish "Nombre, Apellido").
func ambiguousName(squashed string) bool {
	switch squashed {
	case "name", "nom", "nombre", "nome":
		return true
	}
	return false
}

// foldAccents removes diacritics: "Téléphone" → "Telephone".
func foldAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// words lowercases a header, removes accents and splits it into words of
// letters and digits: "E-mail 1 - Value" → [e mail 1 value].
func words(header string) []string {
	return strings.FieldsFunc(strings.ToLower(foldAccents(header)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// squash joins a header's words without the numbers: "E-mail 2 Address" →
// "emailaddress", so that spelling, numbering and punctuation do not matter.
func squash(header string) string {
	var b strings.Builder
	for _, w := range words(header) {
		if strings.Trim(w, "0123456789") != "" {
			b.WriteString(w)
		}
	}
	return b.String()
}

// targetFor suggests the target of one header.
func targetFor(header string) string {
	key := squash(header)
	if t, ok := headerTargets()[key]; ok {
		return t
	}
	w := words(header)
	if key == "" || isLabelColumn(w) {
		return Ignore
	}
	for _, w := range w {
		for _, p := range phoneWords() {
			if w == p {
				return Phone
			}
		}
		if strings.Contains(w, "mail") || w == "correo" || w == "courriel" {
			return Email
		}
	}
	return CustomPrefix + strings.TrimSpace(header)
}

// isLabelColumn reports whether a header names the label or type of a
// numbered field ("Address 1 - Label", "Organization 1 - Type") in Google
// exports: metadata about another column, not contact data.
func isLabelColumn(w []string) bool {
	n := len(w)
	return n >= 3 && (w[n-1] == "label" || w[n-1] == "type") && strings.Trim(w[n-2], "0123456789") == ""
}

// suggestMapping proposes a target for each column. The first named
// columns have their header from the file; columns beyond (rows longer than
// the header row) are ignored.
func suggestMapping(headers []string, named int, sample [][]string) []string {
	if named == 0 {
		return mappingFromContent(len(headers), sample)
	}
	mapping := make([]string, len(headers))
	has := map[string]int{}
	for i, h := range headers[:named] {
		mapping[i] = targetFor(h)
		has[mapping[i]]++
	}
	for i, h := range headers {
		if mapping[i] != Name || !ambiguousName(squash(h)) {
			continue
		}
		switch {
		case has[FirstName] > 0 && has[LastName] == 0:
			mapping[i] = LastName
		case has[LastName] > 0 && has[FirstName] == 0:
			mapping[i] = FirstName
		}
	}
	return mapping
}

// mappingFromContent guesses the columns of a file without a header row:
// phone-like columns are phones, columns with "@" are e-mails, and the first
// column of words is the name. The rest are ignored, since "Column 4" would
// make a poor custom field name.
func mappingFromContent(n int, sample [][]string) []string {
	mapping := make([]string, n)
	named := false
	for c := 0; c < n; c++ {
		var phones, mails, texts, filled int
		for _, r := range sample {
			if c >= len(r) || strings.TrimSpace(r[c]) == "" {
				continue
			}
			filled++
			switch v := r[c]; {
			case phoneLike(v):
				phones++
			case strings.Contains(v, "@"):
				mails++
			case strings.IndexFunc(v, unicode.IsLetter) >= 0:
				texts++
			}
		}
		switch {
		case filled == 0:
		case phones*2 > filled:
			mapping[c] = Phone
		case mails*2 > filled:
			mapping[c] = Email
		case texts*2 > filled && !named:
			mapping[c], named = Name, true
		}
	}
	return mapping
}

// phoneLike reports whether a cell looks like a phone number rather than a
// header: 7 to 15 digits and nothing but the characters numbers are written
// with.
func phoneLike(s string) bool {
	digits := 0
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-.()/'\u00a0", r):
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

// targets lists every choice for the UI's select: the standard targets and
// a custom field per named column.
func targets(headers []string) []string {
	out := standardTargets()
	seen := make(map[string]bool, len(out)+len(headers))
	for _, t := range out {
		seen[foldKey(t)] = true
	}
	for _, h := range headers {
		t := CustomPrefix + strings.TrimSpace(h)
		if k := foldKey(t); strings.TrimSpace(h) != "" && !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

// columnName names a column the header row does not.
func columnName(i int) string { return fmt.Sprintf("Column %d", i+1) }
