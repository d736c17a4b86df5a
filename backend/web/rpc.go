package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"reflect"
)

func (s *Server) handleRPC(w http.ResponseWriter, r *http.Request) {
	svc, name := r.PathValue("service"), r.PathValue("method")
	b := s.byName[svc]
	if b == nil {
		refuse(w, r, http.StatusNotFound, fmt.Sprintf("There is no service %q.", svc))
		return
	}
	m, ok := b.methods[name]
	if !ok {
		refuse(w, r, http.StatusNotFound, fmt.Sprintf("%s has no method %q.", svc, name))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		status, msg := bodyFailure(err, "The request", "The request is too large.")
		refuse(w, r, status, msg)
		return
	}
	result, err := s.invoke(r.Context(), b, name, m, body)
	if err != nil {
		status := statusOf(err)
		if status >= 500 {
			s.opts.Log.Error("rpc failed", "method", svc+"."+name, "err", err)
		}
		writeError(w, status, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": result})
}

// invoke calls m on b's service, or on the view of it for ctx when the
// service has one, turning a panic inside a service into an error answer
// instead of a dropped connection.
func (s *Server) invoke(ctx context.Context, b *binding, name string, m method, body []byte) (result any, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.opts.Log.Error("rpc panicked", "method", b.RPC+"."+name, "panic", p)
			err = fmt.Errorf("%s.%s failed unexpectedly", b.RPC, name)
		}
	}()
	in, err := m.decode(body)
	if err != nil {
		return nil, err
	}
	fn := m.fn
	if b.withContext != nil {
		view := reflect.ValueOf(b.withContext(ctx))
		if !view.IsValid() || view.Type() != b.typ {
			// A mistake in the service's wiring, not the caller's: the
			// log says what, the answer only that the call failed.
			s.opts.Log.Error("rpc view of the wrong type", "method", b.RPC+"."+name, "got", fmt.Sprintf("%T", view), "want", b.typ.String())
			return nil, fmt.Errorf("%s.%s failed unexpectedly", b.RPC, name)
		}
		// Same type as Impl, so the method has the same index.
		fn = view.Method(m.index)
	}
	return m.run(fn, in)
}

func (s *Server) handleListing(w http.ResponseWriter, _ *http.Request) {
	listing := make(map[string][]string, len(s.bindings))
	for _, b := range s.bindings {
		listing[b.RPC] = b.Methods
	}
	writeJSON(w, http.StatusOK, listing)
}
