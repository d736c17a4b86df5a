//go:build e2e

package hostile

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"herald/test/serve"
)

// A browser that goes away mid-import stops the import: the rows read so
// far stay, the activity log says it stopped, and Herald does not read on
// through a file nobody waits for.
func TestImport_StopsWhenTheCallerGoesAway(t *testing.T) {
	const rows = 300000
	h, _ := start(t)
	csv := serve.ContactsCSV(rows)
	file := h.Upload(t, "clientes.csv", csv)
	past := h.Await(t, "import:progress", serve.RowsPast(20000))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	body, _ := json.Marshal([]any{file, map[string]any{}})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL+"/rpc/ContactService/Import", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+h.Token)
	answered := make(chan error, 1)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			res.Body.Close()
		}
		answered <- err
	}()
	select {
	case <-past:
	case <-time.After(60 * time.Second):
		t.Fatal("the import did not get past 20,000 rows in a minute")
	}
	cancel()
	if err := <-answered; err == nil {
		t.Fatal("the import answered before the caller left; make the file bigger")
	}
	var stopped string
	serve.WaitUntil(t, "the import says it stopped", 30*time.Second, func() (bool, error) {
		for _, s := range activity(t, h) {
			if strings.HasPrefix(s, "Stopped importing clientes.csv") {
				stopped = s
			}
		}
		return stopped != "", nil
	})
	var page struct {
		Total int64 `json:"total"`
	}
	h.Must(t, "ContactService", "List", &page, map[string]any{"limit": 1})
	if page.Total == 0 || page.Total >= rows {
		t.Errorf("%d contacts after the import stopped (%q); want the rows read before, fewer than %d", page.Total, stopped, rows)
	}
}
