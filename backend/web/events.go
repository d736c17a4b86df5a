package web

import (
	"fmt"
	"net/http"
	"time"
)

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	if !s.tokenOK(r.URL.Query().Get("token")) {
		refuse(w, r, http.StatusUnauthorized, "This request needs Herald's token.")
		return
	}
	if s.opts.Hub == nil {
		refuse(w, r, http.StatusInternalServerError, "Live updates are not available.")
		return
	}
	// Each write moves the connection's write deadline on (limitedWriter),
	// so the stream lives as long as the client reads it, however long
	// that is, and ends once a write is stuck for longer than the limit.
	rc := http.NewResponseController(w)
	msgs, leave := s.opts.Hub.Subscribe()
	defer leave()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\n\n")
	if rc.Flush() != nil {
		return
	}
	ticker := time.NewTicker(s.opts.KeepAlive)
	defer ticker.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ticker.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		case m := <-msgs:
			// Topics are our own constants and JSON has no raw newlines,
			// so neither can break the event framing.
			fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.Topic, m.Data)
		}
		if rc.Flush() != nil {
			return
		}
	}
}
