package engine

import (
	"reflect"
	"testing"
)

func TestRequiredListsVariablesWithoutFallbackAndWhetherEveryMessageNeedsThem(t *testing.T) {
	tmpl, problems := Compile("Hi {{first_name|there}} {{ Email }}, {{phone}} {{date}} {Your {{company}}|Our {{custom.City}}} {{company}} {{email}}", Options{})
	if tmpl == nil {
		t.Fatal(problems)
	}
	want := []Required{{Variable: "email", Always: true}, {Variable: "company", Always: true}, {Variable: "custom.city", Always: false}}
	if got := tmpl.Required(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Required() = %+v, want %+v", got, want)
	}
	none, _ := Compile("Hello {{name|friend}}", Options{})
	if got := none.Required(); len(got) != 0 {
		t.Fatalf("a template with fallbacks requires %+v", got)
	}
}
