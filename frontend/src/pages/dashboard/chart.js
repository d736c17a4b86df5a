// Messages per day over the last 30 days: a Chart.js line chart, only the pieces it needs.
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { h, icon } from '../../lib/dom.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

// Read on dark: Bootstrap's primary, Herald's green, Bootstrap's info.
const series = [
  { key: 'sent', label: 'Sent', color: '#6ea8fe', order: 3 },
  { key: 'delivered', label: 'Delivered', color: '#25d366', order: 2 },
  { key: 'read', label: 'Read', color: '#3dd5f3', order: 1 },
];

/** 'YYYY-MM-DD' as that local calendar day (not midnight UTC). */
function localDay(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d);
}

/** The chart card; update(perDay) redraws it. The canvas gets data-drawn once drawn. */
export function messagesChart() {
  const canvas = h('canvas', { id: 'dash-chart', role: 'img', 'aria-label': 'Messages sent, delivered and read per day over the last 30 days' });
  const element = h('section', { class: 'card', id: 'dash-chart-card' },
    h('div', { class: 'card-body' },
      h('h2', { class: 'h6 dash-card-title' }, icon('fa-solid fa-chart-line me-2'), 'Messages per day · last 30 days'),
      h('div', { class: 'dash-chart-box' }, canvas)));
  let chart = null;
  let draws = 0;

  const drawnHook = {
    id: 'heraldDrawn',
    afterRender(c) {
      draws += 1;
      c.canvas.dataset.drawn = String(draws);
    },
  };

  function update(perDay) {
    const labels = perDay.map((day) => dayLabel.format(localDay(day.date)));
    canvas.dataset.totalSent = String(perDay.reduce((n, day) => n + day.sent, 0));
    if (chart) {
      chart.data.labels = labels;
      series.forEach((s, i) => { chart.data.datasets[i].data = perDay.map((day) => day[s.key]); });
      chart.update('none');
      return;
    }
    chart = new Chart(canvas, {
      type: 'line',
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: perDay.map((day) => day[s.key]),
          borderColor: s.color,
          backgroundColor: `${s.color}26`,
          fill: s.key === 'sent',
          // Lower orders are drawn on top: deliveries and reads stay visible over the sends.
          order: s.order,
          tension: 0.25,
          pointRadius: 2,
          pointHoverRadius: 4,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        color: '#dee2e6',
        scales: {
          x: { ticks: { color: '#adb5bd', maxRotation: 0, autoSkipPadding: 12 }, grid: { color: 'rgba(255, 255, 255, 0.06)' } },
          y: { beginAtZero: true, ticks: { color: '#adb5bd', precision: 0 }, grid: { color: 'rgba(255, 255, 255, 0.08)' } },
        },
        plugins: { legend: { labels: { color: '#dee2e6', boxWidth: 12, sort: (a, b) => a.datasetIndex - b.datasetIndex } } },
      },
      plugins: [drawnHook],
    });
  }

  return { element, update, destroy: () => chart?.destroy() };
}
