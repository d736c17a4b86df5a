package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkRPC measures a call over POST /rpc on loopback against a bare
// net/http handler that decodes and answers the same JSON, measured in the
// same run: the ratio is what the bridge (token, Host check, reflection)
// costs on top of HTTP itself.
func BenchmarkRPC(b *testing.B) {
	srv, _ := newServer(b)
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var args []point
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &args)
		writeJSON(w, http.StatusOK, map[string]any{"result": args[0].X + args[0].Y})
	}))
	defer bare.Close()
	call := func(b *testing.B, url string) float64 {
		client := srv.Client()
		for b.Loop() {
			req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`[{"x":2,"y":3}]`))
			req.Header.Set("Authorization", "Bearer "+token)
			res, err := client.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		perCall := float64(b.Elapsed().Microseconds()) / float64(b.N)
		b.ReportMetric(perCall, "µs/call")
		return perCall
	}
	var baseline float64
	b.Run("bare-http", func(b *testing.B) { baseline = call(b, bare.URL+"/") })
	b.Run("rpc", func(b *testing.B) {
		perCall := call(b, srv.URL+"/rpc/EchoService/Add")
		if baseline > 0 {
			b.ReportMetric(perCall/baseline, "x-bare-http")
		}
	})
}
