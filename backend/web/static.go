package web

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
)

// shimSource defines window.go and window.runtime over HTTP, the way Wails
// defines them inside the desktop window, so the generated bindings work
// unchanged in a browser.
//
//go:embed shim.js
var shimSource []byte

const bindingsMarker = "/*BINDINGS*/[]"

func renderShim(bindings []*binding) ([]byte, error) {
	list := bindings
	if list == nil {
		list = []*binding{}
	}
	data, err := json.Marshal(list)
	if err != nil {
		return nil, fmt.Errorf("encode bindings: %w", err)
	}
	if !bytes.Contains(shimSource, []byte(bindingsMarker)) {
		return nil, fmt.Errorf("shim.js lost its bindings marker")
	}
	return bytes.Replace(shimSource, []byte(bindingsMarker), data, 1), nil
}

func (s *Server) handleShim(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(s.shim)
}

const notBuilt = `<!doctype html><html data-bs-theme="dark"><head><meta charset="utf-8"><title>Herald</title></head>
<body style="background:#212529;color:#dee2e6;font-family:sans-serif;padding:2rem">
<h1>Herald</h1><p>The interface has not been built into this binary. Run <code>make build</code> or <code>make serve</code>.</p></body></html>`

// frontend serves the built UI. index.html gets the shim script as the first
// thing in <head>, so window.go exists before the app's module runs.
func (s *Server) frontend() http.Handler {
	var index []byte
	if s.opts.Frontend != nil {
		index, _ = fs.ReadFile(s.opts.Frontend, "index.html")
	}
	if index == nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(notBuilt))
		})
	}
	index = bytes.Replace(index, []byte("<head>"), []byte(`<head><script src="/herald-serve.js"></script>`), 1)
	files := http.FileServerFS(s.opts.Frontend)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" || r.URL.Path == "/index.html" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			// The page holds no data, but it must not be framed by another site.
			w.Header().Set("X-Frame-Options", "DENY")
			_, _ = w.Write(index)
			return
		}
		files.ServeHTTP(w, r)
	})
}
