package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path"
	"reflect"
	"sort"

	"herald/backend/apperr"
)

// method is one exported method of a bound service, callable over HTTP.
type method struct {
	// index is the method's place in the service's method set, where
	// WithContext's view of the service has it too.
	index   int
	fn      reflect.Value // bound to Impl
	args    []reflect.Type
	returns []reflect.Type
}

// binding is a bound service: its RPC name and where the generated Wails
// bindings look for it (window.go.<pkg>.<struct>).
type binding struct {
	RPC     string   `json:"rpc"`
	Pkg     string   `json:"pkg"`
	Struct  string   `json:"struct"`
	Methods []string `json:"methods"`
	methods map[string]method
	// typ is Impl's type; withContext is Service.WithContext.
	typ         reflect.Type
	withContext func(context.Context) any
}

var errorType = reflect.TypeFor[error]()

// bind reflects over svc the way Wails does: every exported method whose
// results are (T), (error) or (T, error).
func bind(rpcName string, svc any) (*binding, error) {
	v := reflect.ValueOf(svc)
	t := v.Type()
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("bind %s: want a pointer to a struct, got %s", rpcName, t)
	}
	b := &binding{RPC: rpcName, Pkg: path.Base(t.Elem().PkgPath()), Struct: t.Elem().Name(), methods: map[string]method{}, typ: t}
	for i := range t.NumMethod() {
		m := t.Method(i)
		ft := m.Func.Type()
		if ft.NumOut() > 2 || (ft.NumOut() == 2 && ft.Out(1) != errorType) || ft.IsVariadic() {
			return nil, fmt.Errorf("bind %s.%s: results must be (T), (error) or (T, error)", rpcName, m.Name)
		}
		bm := method{index: i, fn: v.Method(i)}
		for j := 1; j < ft.NumIn(); j++ {
			bm.args = append(bm.args, ft.In(j))
		}
		for j := range ft.NumOut() {
			bm.returns = append(bm.returns, ft.Out(j))
		}
		b.methods[m.Name] = bm
		b.Methods = append(b.Methods, m.Name)
	}
	sort.Strings(b.Methods)
	return b, nil
}

// rpcError is an answer other than 200, with a message the UI can show.
type rpcError struct {
	status int
	msg    string
}

func (e *rpcError) Error() string { return e.msg }

// call decodes body (a JSON array of arguments) and calls m on Impl.
func (m method) call(body []byte) (any, error) {
	in, err := m.decode(body)
	if err != nil {
		return nil, err
	}
	return m.run(m.fn, in)
}

// decode reads body, a JSON array of arguments, as m's arguments.
func (m method) decode(body []byte) ([]reflect.Value, error) {
	body = bytes.TrimSpace(body)
	var raw []json.RawMessage
	if len(body) > 0 {
		if err := json.Unmarshal(body, &raw); err != nil {
			return nil, bodyError(err)
		}
	}
	if len(raw) != len(m.args) {
		return nil, countError(len(m.args), len(raw))
	}
	in := make([]reflect.Value, len(m.args))
	for i, t := range m.args {
		p := reflect.New(t)
		if err := json.Unmarshal(raw[i], p.Interface()); err != nil {
			return nil, argumentError(i+1, t, err)
		}
		in[i] = p.Elem()
	}
	return in, nil
}

// run calls fn, m bound to a service, and turns its results into an
// answer.
func (m method) run(fn reflect.Value, in []reflect.Value) (any, error) {
	out := fn.Call(in)
	var result any
	for i, t := range m.returns {
		if t == errorType {
			if err, _ := out[i].Interface().(error); err != nil {
				return nil, err
			}
			continue
		}
		result = emptyNotNull(out[i])
	}
	return result, nil
}

// emptyNotNull turns a nil slice or map into an empty one, so the UI always
// gets [] or {} and never null for a list.
func emptyNotNull(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Slice:
		if v.IsNil() {
			return reflect.MakeSlice(v.Type(), 0, 0).Interface()
		}
	case reflect.Map:
		if v.IsNil() {
			return reflect.MakeMap(v.Type()).Interface()
		}
	}
	return v.Interface()
}

// statusOf maps a service error to an HTTP status.
func statusOf(err error) int {
	var re *rpcError
	if errors.As(err, &re) {
		return re.status
	}
	switch apperr.KindOf(err) {
	case apperr.KindInvalid:
		return http.StatusUnprocessableEntity
	case apperr.KindNotFound:
		return http.StatusNotFound
	case apperr.KindConflict:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}
