package web

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

func (s *Server) tokenOK(given string) bool {
	return subtle.ConstantTimeCompare([]byte(given), []byte(s.opts.Token)) == 1
}

func (s *Server) authorised(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !s.tokenOK(bearerToken(r.Header.Get("Authorization"))) {
			refuse(w, r, http.StatusUnauthorized, "This request needs Herald's token.")
			return
		}
		next(w, r)
	}
}

// bearerToken is the token of an Authorization header of the Bearer
// scheme, or "". The scheme's name is case-insensitive (RFC 9110 11.1), and
// clients and proxies differ in the spaces they put around the parts.
func bearerToken(header string) string {
	header = strings.TrimSpace(header)
	i := strings.IndexAny(header, " \t")
	if i < 0 || !strings.EqualFold(header[:i], "Bearer") {
		return ""
	}
	return strings.TrimSpace(header[i:])
}
