//go:build e2e

package browser

import (
	"fmt"
	"strings"
	"testing"
)

func TestCampaigns_FinishedReportShowsACumulativeChartDurationAndSpeed(t *testing.T) {
	h := startHerald(t)
	pairSimulator(t, h)
	for i := range 4 {
		addContact(t, h, map[string]any{"name": fmt.Sprintf("Report Person %d", i), "phone": fmt.Sprintf("+1415555%04d", 3200+i)})
	}
	tmpl := addTemplate(t, h, "Report", "Hello {{first_name|there}}")
	// One message a second: the campaign lasts a few seconds.
	id := addCampaign(t, h, "Reported", tmpl, paceWith(map[string]any{"perMinute": 60}), true)
	ctx := openCampaigns(t, h)
	click(t, ctx, fmt.Sprintf("#campaign-row-%d .campaign-open", id))
	waitCampaignState(t, ctx, "completed")
	waitFor(t, ctx, "the finished campaign's duration", `!document.querySelector('#campaign-finished-pace').hidden && Number(document.querySelector('#campaign-duration').dataset.sec) >= 3`)
	if perMinute := eval[float64](t, ctx, `Number(document.querySelector('#campaign-average-speed').dataset.perMinute)`); perMinute <= 0 || perMinute > 80 {
		t.Errorf("average speed %.1f a minute at a pace of 60", perMinute)
	}
	if text := eval[string](t, ctx, `document.querySelector('#campaign-average-speed').textContent`); !strings.HasSuffix(text, "messages a minute") {
		t.Errorf("average speed reads %q", text)
	}
	waitFor(t, ctx, "the cumulative chart", `document.querySelector('#campaign-chart')?.dataset.cumulative === 'true' && document.querySelector('#campaign-chart').dataset.sent === '4' && Number(document.querySelector('#campaign-chart').dataset.buckets) >= 2`)
	if sent := eval[string](t, ctx, `document.querySelector('#campaign-funnel [data-step="sent"]')?.dataset.value`); sent != "4" {
		t.Errorf("the funnel starts at %q sent", sent)
	}
	if text := eval[string](t, ctx, `document.querySelector('#campaign-schedule').textContent`); text != "Started by hand" {
		t.Errorf("the schedule says %q", text)
	}
	// The date of the sending times is written once, where it changes.
	waitFor(t, ctx, "the recipients' times", `document.querySelectorAll('#campaign-recipients tbody .campaign-recipient-sent .campaign-time').length === 4`)
	times := eval[[]string](t, ctx, `[...document.querySelectorAll('#campaign-recipients tbody .campaign-recipient-sent .campaign-time')].map(e => e.textContent)`)
	full := eval[[]string](t, ctx, `[...document.querySelectorAll('#campaign-recipients tbody .campaign-recipient-sent .campaign-time')].map(e => e.title)`)
	if times[0] != full[0] {
		t.Errorf("the first time %q is not written with its date %q", times[0], full[0])
	}
	for i := 1; i < len(times); i++ {
		if times[i] == full[i] || !strings.HasSuffix(full[i], times[i]) {
			t.Errorf("time %d reads %q (in full %q): its date is written again", i, times[i], full[i])
		}
	}
	screenshot(t, ctx, "browser-campaigns-finished-report")
}
