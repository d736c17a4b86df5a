package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
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

// contentPolicy is the Content-Security-Policy of every answer. The UI is
// one bundle that Vite builds and Herald serves itself: scripts, styles
// and fonts come from here, calls and events go here, and nothing else is
// needed, so an injected script, a form posting elsewhere or a frame on
// another site has nowhere to go. Bootstrap's CSS draws its icons (the
// select arrow, the check mark) from data: images. Styles set from script
// through element.style are not inline styles, and need no 'unsafe-inline'.
const contentPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
	"frame-ancestors 'none'; form-action 'self'"

// notBuiltStyle is the one inline style of notBuilt: the policy names its
// hash, so that the page keeps the look of the app.
const notBuiltStyle = "body{background:#212529;color:#dee2e6;font-family:sans-serif;padding:2rem}"

const notBuilt = `<!doctype html><html data-bs-theme="dark"><head><meta charset="utf-8"><title>Herald</title>
<style>` + notBuiltStyle + `</style></head>
<body><h1>Herald</h1><p>The interface has not been built into this binary. Run <code>make build</code> or <code>make serve</code>.</p></body></html>`

// notBuiltPolicy is contentPolicy with notBuiltStyle allowed.
func notBuiltPolicy() string {
	sum := sha256.Sum256([]byte(notBuiltStyle))
	hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	return strings.Replace(contentPolicy, "style-src 'self'", "style-src 'self' "+hash, 1)
}

// frontend serves the built UI. index.html gets the shim script as the first
// thing in <head>, so window.go exists before the app's module runs.
func (s *Server) frontend() http.Handler {
	var index []byte
	if s.opts.Frontend != nil {
		index, _ = fs.ReadFile(s.opts.Frontend, "index.html")
	}
	if index == nil {
		policy := notBuiltPolicy()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Security-Policy", policy)
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
			// The page holds no data, but it must not be framed by another
			// site; frame-ancestors says so to browsers that read the
			// policy, this to those that do not.
			w.Header().Set("X-Frame-Options", "DENY")
			_, _ = w.Write(index)
			return
		}
		files.ServeHTTP(w, r)
	})
}
