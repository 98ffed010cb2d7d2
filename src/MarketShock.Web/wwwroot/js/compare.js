// The compare page: one line per shock, aligned on day 0 (the close before the shock = 0%), x in trading days.
// The figures are all in the tables; the line colours match the table's swatches (--compare-1 … --compare-8).
import { data, draw, crosshair } from './charts.js';
import { percent } from './format.js';

const lines = data('compare-data') ?? [];
const MINUS = '\u2212';
const dayLabel = (x) => `Day ${x > 0 ? '+' : x < 0 ? MINUS : ''}${Math.abs(x)}`;
const LEGEND_EVENT_CHARS = 40;

/** The legend's text for a line: its event, and what happened where the chart is wide enough to say it. */
function legendLabel(line, wide) {
  if (!line.event || !wide) return line.label;
  const event = line.event.length > LEGEND_EVENT_CHARS ? `${line.event.slice(0, LEGEND_EVENT_CHARS - 1).trimEnd()}\u2026` : line.event;
  return `${line.label} \u00b7 ${event}`;
}

function palette() {
  const css = getComputedStyle(document.documentElement);
  return lines.map((_, i) => css.getPropertyValue(`--compare-${(i % 8) + 1}`).trim());
}

draw('compare-chart', (colours) => {
  const lineColours = palette();
  const wide = (document.getElementById('compare-chart')?.clientWidth ?? 0) >= 640;
  return {
    type: 'line',
    data: {
      datasets: lines.map((line, i) => ({
        label: legendLabel(line, wide),
        data: line.points,
        borderColor: lineColours[i],
        backgroundColor: lineColours[i],
        // Every other line dashed, so that colour is not the only way to tell them apart.
        borderDash: i % 2 ? [6, 3] : [],
        borderWidth: 2,
        pointRadius: (ctx) => (ctx.raw?.x === 0 ? 4 : 0),
        pointHoverRadius: 4,
        tension: 0,
      })),
    },
    options: {
      parsing: false,
      normalized: true,
      animation: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line', pointStyleWidth: 32, color: colours.ink } },
        tooltip: {
          callbacks: {
            title: (items) => dayLabel(items[0].parsed.x),
            label: (item) => `${lines[item.datasetIndex].label}: ${percent(item.parsed.y)}`,
            afterLabel: (item) => lines[item.datasetIndex].event ?? '',
          },
        },
        annotation: {
          annotations: {
            day0: {
              type: 'line', xMin: 0, xMax: 0, borderColor: colours.muted, borderWidth: 1, borderDash: [4, 4],
              label: { display: true, content: 'Day 0', position: 'start', backgroundColor: colours.paper, color: colours.ink, font: { size: 11 } },
            },
            zero: { type: 'line', yMin: 0, yMax: 0, borderColor: colours.line, borderWidth: 1 },
          },
        },
      },
      scales: {
        x: {
          type: 'linear', min: -10, max: 60,
          title: { display: true, text: 'Trading days from the shock' },
          ticks: { stepSize: 10, callback: (value) => (value === 0 ? '0' : `${value > 0 ? '+' : MINUS}${Math.abs(value)}`) },
          grid: { color: colours.grid },
        },
        y: {
          title: { display: true, text: 'Change from the close before day 0' },
          ticks: { callback: (value) => percent(value, 0) },
          grid: { color: colours.grid },
        },
      },
    },
    plugins: [crosshair],
  };
});
