// Messages per day over the last 30 days: a Chart.js bar chart, only the pieces it needs.
// Each day has a bar per series side by side, so a series never hides behind another
// when their counts are the same (every message sent was delivered, say).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { h, icon } from '../../lib/dom.js';

Chart.register(BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip);

const dayLabel = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

// Read on dark: Bootstrap's primary, Herald's green, Bootstrap's info.
const series = [
  { key: 'sent', label: 'Sent', color: '#6ea8fe' },
  { key: 'delivered', label: 'Delivered', color: '#25d366' },
  { key: 'read', label: 'Read', color: '#3dd5f3' },
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
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: perDay.map((day) => day[s.key]),
          backgroundColor: s.color,
          borderWidth: 0,
          categoryPercentage: 0.8,
          barPercentage: 0.9,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: 'index', intersect: false },
        color: '#dee2e6',
        scales: {
          x: { ticks: { color: '#adb5bd', maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: '#adb5bd', precision: 0 }, grid: { color: 'rgba(255, 255, 255, 0.08)' } },
        },
        plugins: { legend: { labels: { color: '#dee2e6', boxWidth: 12 } } },
      },
      plugins: [drawnHook],
    });
  }

  return { element, update, destroy: () => chart?.destroy() };
}
