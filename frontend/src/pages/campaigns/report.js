// A campaign's report card (#campaign-report): delivery, read, reply and failure rates; for a
// finished campaign how long it took and how fast it sent; a funnel from sent to replied; and
// a chart of how many messages had been sent, delivered, read and answered over the
// campaign's time (cumulative, so it reads at any scale); and the reply keywords the
// recipients answered with (#campaign-keywords), with the contacts each tagged.
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { h } from '../../lib/dom.js';
import { formatCount, plural } from '../../lib/format.js';
import { counts, formatSeconds, isFinished } from './states.js';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Filler, Legend, Tooltip);

const RATES = [
  { key: 'delivery', label: 'Delivered', hint: 'of the messages that went out' },
  { key: 'read', label: 'Read', hint: 'of the messages that went out' },
  { key: 'reply', label: 'Replied', hint: 'of the messages that went out' },
  { key: 'failure', label: 'Failed', hint: 'of all recipients' },
];
/** The steps of the funnel and of the chart, in the order a message goes through them. */
const STEPS = [
  { key: 'sent', label: 'Sent', color: ['--bs-info', '#0dcaf0'] },
  { key: 'delivered', label: 'Delivered', color: ['--bs-success', '#198754'] },
  { key: 'read', label: 'Read', color: ['--herald-accent', '#25d366'] },
  { key: 'replied', label: 'Replied', color: ['--bs-warning', '#ffc107'] },
];
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** The colour of a CSS custom property of the theme (Chart.js draws on a canvas, not in CSS). */
function themeColor([name, fallback]) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/**
 * The labels of the buckets: the time of each, and its date only where the date changes, so
 * a date is written once rather than on every label.
 */
function bucketLabels(timeline, bucketSec) {
  const day = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
  const clock = new Intl.DateTimeFormat(undefined, bucketSec < 60
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
  let lastDay = '';
  return timeline.map((b) => {
    const date = new Date(b.at);
    const d = day.format(date);
    const first = d !== lastDay;
    lastDay = d;
    if (bucketSec >= 86400) return d;
    return first ? `${d} ${clock.format(date)}` : clock.format(date);
  });
}

/** "42 messages a minute", with a decimal under ten. */
function perMinuteText(n) {
  return `${n.toFixed(n < 10 ? 1 : 0)} ${n === 1 ? 'message' : 'messages'} a minute`;
}

/** The funnel: each step's count and its share of the messages sent, as bars. */
function funnel(c) {
  const top = c.sent;
  return STEPS.map((s) => {
    const n = c[s.key];
    const share = top > 0 ? n / top : 0;
    return h('div', { class: 'campaign-funnel-step', dataset: { step: s.key, value: String(n) } },
      h('div', { class: 'campaign-funnel-label' }, s.label),
      h('div', { class: 'campaign-funnel-track' },
        h('div', { class: 'campaign-funnel-bar', style: `width: ${(share * 100).toFixed(1)}%; background: ${themeColor(s.color)}` })),
      h('div', { class: 'campaign-funnel-value' }, `${formatCount(n)}${top > 0 && s.key !== 'sent' ? ` · ${percent.format(share)}` : ''}`));
  });
}

/** reportCard() → {element, update(report), destroy()} */
export function reportCard() {
  const tiles = RATES.map((r) => {
    const value = h('div', { id: `campaign-rate-${r.key}`, class: 'campaign-rate-value', dataset: { value: '0' } }, '—');
    return { ...r, value, element: h('div', { class: 'col-6 col-md-3' }, h('div', { class: 'campaign-tile' },
      h('div', { class: 'campaign-tile-label' }, r.label), value, h('div', { class: 'campaign-tile-hint' }, r.hint))) };
  });
  const duration = h('div', { id: 'campaign-duration', class: 'campaign-rate-value', dataset: { sec: '0' } });
  const average = h('div', { id: 'campaign-average-speed', class: 'campaign-rate-value', dataset: { perMinute: '0' } });
  const finished = h('div', { id: 'campaign-finished-pace', class: 'row g-2 mb-3', hidden: true },
    h('div', { class: 'col-6' }, h('div', { class: 'campaign-tile' }, h('div', { class: 'campaign-tile-label' }, 'Took'), duration,
      h('div', { class: 'campaign-tile-hint' }, 'from its start to its end'))),
    h('div', { class: 'col-6' }, h('div', { class: 'campaign-tile' }, h('div', { class: 'campaign-tile-label' }, 'Average speed'), average,
      h('div', { class: 'campaign-tile-hint' }, 'messages that went out, over the whole campaign'))));
  const funnelBox = h('div', { id: 'campaign-funnel', class: 'campaign-funnel mb-3', 'aria-label': 'From sent to replied' });
  const canvas = h('canvas', { id: 'campaign-chart', role: 'img', 'aria-label': 'Messages sent, delivered, read and replied so far, over the campaign\'s time' });
  const noData = h('p', { id: 'campaign-chart-empty', class: 'text-body-secondary mb-0' }, 'The chart fills in as messages go out.');
  const chartBox = h('div', { class: 'campaign-chart-box', hidden: true }, canvas);
  const keywordList = h('ul', { class: 'list-unstyled mb-0' });
  const keywords = h('div', { id: 'campaign-keywords', class: 'mt-3', hidden: true },
    h('h3', { class: 'h6' }, 'Reply keywords'), keywordList);
  const element = h('section', { id: 'campaign-report', class: 'card mb-3' },
    h('div', { class: 'card-header' }, 'Report'),
    h('div', { class: 'card-body' },
      h('div', { class: 'row g-2 mb-3' }, tiles.map((t) => t.element)),
      finished, funnelBox, noData, chartBox, keywords));

  let chart = null;

  function draw(report) {
    const timeline = report.timeline ?? [];
    const labels = bucketLabels(timeline, report.bucketSec);
    const datasets = STEPS.map((s) => ({
      label: s.label, data: timeline.map((b) => b[s.key] ?? 0), borderColor: themeColor(s.color), backgroundColor: themeColor(s.color),
      pointRadius: 0, borderWidth: 2, tension: 0, stepped: false,
    }));
    const last = timeline.at(-1) ?? {};
    canvas.dataset.buckets = String(timeline.length);
    canvas.dataset.cumulative = 'true';
    for (const s of STEPS) canvas.dataset[s.key] = String(last[s.key] ?? 0);
    if (chart) {
      chart.data.labels = labels;
      chart.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
      chart.update('none');
      return;
    }
    const text = themeColor(['--bs-body-color', '#dee2e6']);
    const grid = themeColor(['--bs-border-color-translucent', 'rgba(255,255,255,0.15)']);
    chart = new Chart(canvas, {
      type: 'line',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
          y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid }, title: { display: true, text: 'Messages so far', color: text } },
        },
        plugins: {
          legend: { labels: { color: text } },
          tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${formatCount(item.raw)}` } },
        },
      },
    });
  }

  return {
    element,
    /** Shows a Report from CampaignService.Report. */
    update(report) {
      for (const t of tiles) {
        const rate = report.rates?.[t.key] ?? 0;
        t.value.textContent = percent.format(rate);
        t.value.dataset.value = String(rate);
      }
      const { state, startedAt, finishedAt } = report.campaign ?? {};
      const took = report.durationSec ?? 0;
      finished.hidden = !(isFinished(state) && startedAt && finishedAt);
      duration.textContent = formatSeconds(took);
      duration.dataset.sec = String(took);
      // A campaign over within a second has no speed worth a number.
      average.textContent = report.avgPerMinute > 0 ? perMinuteText(report.avgPerMinute) : '—';
      average.dataset.perMinute = String(report.avgPerMinute ?? 0);
      const c = counts(report.campaign?.stats);
      funnelBox.hidden = c.sent === 0;
      funnelBox.replaceChildren(...funnel(c));
      const hasData = (report.timeline ?? []).length > 0;
      noData.hidden = hasData;
      chartBox.hidden = !hasData;
      if (hasData) draw(report);
      const said = report.keywords ?? [];
      keywords.hidden = said.length === 0;
      keywordList.replaceChildren(...said.map((k) => h('li', { class: 'campaign-keyword', dataset: { keyword: k.keyword, replies: String(k.replies), tagged: String(k.tagged) } },
        h('strong', {}, `“${k.keyword}”`), k.tag ? ` → ${k.tag}` : '',
        `: ${plural(k.replies, 'contact')} replied with it, ${formatCount(k.tagged)} tagged`)));
    },
    destroy() {
      chart?.destroy();
      chart = null;
    },
  };
}
