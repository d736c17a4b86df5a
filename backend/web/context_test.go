package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// ctxService is a service whose WithContext view knows the call's context;
// Impl has none, so a call that reaches Impl instead of the view fails.
type ctxService struct {
	ctx context.Context
	// started gets the context of each call; ended what Wait returned.
	started chan context.Context
	ended   chan error
	// release ends a Wait that its context never ends, so that a failing
	// test fails instead of hanging in the server's Close.
	release chan struct{}
}

func (s *ctxService) Hello(name string) (string, error) {
	if s.ctx == nil {
		return "", errors.New("called on Impl, not on the view of the call")
	}
	s.started <- s.ctx
	return "hello " + name, nil
}

// Wait blocks until the call's context is done.
func (s *ctxService) Wait() error {
	s.started <- s.ctx
	select {
	case <-s.ctx.Done():
	case <-s.release:
	}
	s.ended <- s.ctx.Err()
	return s.ctx.Err()
}

func serveCtxService(t *testing.T, view func(impl *ctxService, ctx context.Context) any) (*ctxService, *httptest.Server) {
	t.Helper()
	impl := &ctxService{started: make(chan context.Context, 4), ended: make(chan error, 1), release: make(chan struct{})}
	srv := serveOn(t, Options{Token: token, Log: discardLog(), Services: []Service{{
		Name: "CtxService", Impl: impl,
		WithContext: func(ctx context.Context) any { return view(impl, ctx) },
	}}})
	t.Cleanup(func() { close(impl.release) })
	return impl, srv
}

func callingView(impl *ctxService, ctx context.Context) any {
	return &ctxService{ctx: ctx, started: impl.started, ended: impl.ended, release: impl.release}
}

// receive waits for a value on ch; the guard only turns a hang into a
// failure that says what never came.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(30 * time.Second):
		t.Fatalf("%s never came", what)
		panic("unreachable")
	}
}

func TestWithContext_EachCallRunsOnAViewWithItsRequestContext(t *testing.T) {
	impl, srv := serveCtxService(t, callingView)
	var seen []context.Context
	for _, who := range []string{"Ana", "Bo"} {
		status, body := rpc(t, srv, "/rpc/CtxService/Hello", `["`+who+`"]`, nil)
		if status != http.StatusOK || body["result"] != "hello "+who {
			t.Fatalf("Hello(%s): %d %v", who, status, body)
		}
		seen = append(seen, receive(t, impl.started, "the call's context"))
	}
	if seen[0] == seen[1] {
		t.Error("two calls were given the same context")
	}
	for i, ctx := range seen {
		// A request's context ends with the request: it has a Done channel,
		// and once the answer is in, it is done.
		if ctx.Done() == nil {
			t.Fatalf("call %d: a context that never ends", i+1)
		}
		receive(t, ctx.Done(), "the end of a finished call's context")
	}
}

func TestWithContext_ClientThatGoesAwayCancelsTheCall(t *testing.T) {
	impl, srv := serveCtxService(t, callingView)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	answered := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/rpc/CtxService/Wait", strings.NewReader(`[]`))
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := srv.Client().Do(req)
		if err == nil {
			res.Body.Close()
		}
		answered <- err
	}()
	callCtx := receive(t, impl.started, "the call")
	if callCtx.Err() != nil {
		t.Fatalf("the call's context ended before the client left: %v", callCtx.Err())
	}
	cancel()
	if err := receive(t, impl.ended, "the end of the call"); !errors.Is(err, context.Canceled) {
		t.Errorf("the call ended with %v, want context.Canceled", err)
	}
	if err := receive(t, answered, "the client's return"); !errors.Is(err, context.Canceled) {
		t.Errorf("the client got %v", err)
	}
}

func TestWithContext_ViewOfAnotherTypeFailsInPlainWords(t *testing.T) {
	_, srv := serveCtxService(t, func(*ctxService, context.Context) any { return &echoService{} })
	status, body := rpc(t, srv, "/rpc/CtxService/Hello", `["Ana"]`, nil)
	if status != http.StatusInternalServerError || body["error"] != "CtxService.Hello failed unexpectedly" {
		t.Errorf("%d %v", status, body)
	}
}
