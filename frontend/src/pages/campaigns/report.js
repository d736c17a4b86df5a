// A campaign's report card (#campaign-report): delivery, read, reply and failure rates,
// and a chart of messages sent, delivered and read over time.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h } from '../../lib/dom.js';
import { formatCount } from '../../lib/format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const RATES = [
  { key: 'delivery', label: 'Delivered', hint: 'of the messages that went out' },
  { key: 'read', label: 'Read', hint: 'of the messages that went out' },
  { key: 'reply', label: 'Replied', hint: 'of the messages that went out' },
  { key: 'failure', label: 'Failed', hint: 'of all recipients' },
];
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });

/** The colour of a CSS custom property of the theme (Chart.js draws on a canvas, not in CSS). */
function themeColor(name, fallback) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

/** A bucket's label: seconds for short buckets, the date for day-long ones. */
function bucketLabel(at, bucketSec) {
  const date = new Date(at);
  if (bucketSec >= 86400) return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(date);
  const options = bucketSec < 60 ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' };
  if (bucketSec >= 3600) options.day = 'numeric';
  return new Intl.DateTimeFormat(undefined, options).format(date);
}

/** reportCard() → {element, update(report), destroy()} */
export function reportCard() {
  const tiles = RATES.map((r) => {
    const value = h('div', { id: `campaign-rate-${r.key}`, class: 'campaign-rate-value', dataset: { value: '0' } }, '—');
    return { ...r, value, element: h('div', { class: 'col-6 col-md-3' }, h('div', { class: 'campaign-tile' },
      h('div', { class: 'campaign-tile-label' }, r.label), value, h('div', { class: 'campaign-tile-hint' }, r.hint))) };
  });
  const canvas = h('canvas', { id: 'campaign-chart', role: 'img', 'aria-label': 'Messages sent, delivered and read over time' });
  const noData = h('p', { id: 'campaign-chart-empty', class: 'text-body-secondary mb-0' }, 'The chart fills in as messages go out.');
  const chartBox = h('div', { class: 'campaign-chart-box', hidden: true }, canvas);
  const element = h('section', { id: 'campaign-report', class: 'card mb-3' },
    h('div', { class: 'card-header' }, 'Report'),
    h('div', { class: 'card-body' },
      h('div', { class: 'row g-2 mb-3' }, tiles.map((t) => t.element)),
      noData, chartBox));

  let chart = null;

  function draw(report) {
    const timeline = report.timeline ?? [];
    const labels = timeline.map((b) => bucketLabel(b.at, report.bucketSec));
    const series = [
      { key: 'sent', label: 'Sent', color: themeColor('--bs-info', '#0dcaf0') },
      { key: 'delivered', label: 'Delivered', color: themeColor('--bs-success', '#198754') },
      { key: 'read', label: 'Read', color: themeColor('--herald-accent', '#25d366') },
    ];
    const datasets = series.map((s) => ({ label: s.label, data: timeline.map((b) => b[s.key] ?? 0), backgroundColor: s.color, borderRadius: 2 }));
    canvas.dataset.buckets = String(timeline.length);
    canvas.dataset.sent = String(timeline.reduce((sum, b) => sum + (b.sent ?? 0), 0));
    if (chart) {
      chart.data.labels = labels;
      chart.data.datasets.forEach((d, i) => { d.data = datasets[i].data; });
      chart.update('none');
      return;
    }
    const text = themeColor('--bs-body-color', '#dee2e6');
    const grid = themeColor('--bs-border-color-translucent', 'rgba(255,255,255,0.15)');
    chart = new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
          y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
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
      const hasData = (report.timeline ?? []).length > 0;
      noData.hidden = hasData;
      chartBox.hidden = !hasData;
      if (hasData) draw(report);
    },
    destroy() {
      chart?.destroy();
      chart = null;
    },
  };
}
