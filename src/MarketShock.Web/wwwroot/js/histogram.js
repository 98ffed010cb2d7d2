// Histograms of daily changes (Pages/Shared/_Histogram): falls in the loss colour, rises in the gain colour, and
// a highlighted bin (a permalink's day) in the accent colour with a line over it, since its bar may hold one day.
import { data, draw } from './charts.js';

/** Where a vertical line's label goes: 'end' (top) when the value there is low, so that the label does not hide the data. */
export function labelPosition(value, values) {
  const [min, max] = [Math.min(...values), Math.max(...values)];
  return max > min && (value - min) / (max - min) < 0.5 ? 'end' : 'start';
}

function drawHistogram(canvas) {
  const histogram = data(`${canvas.id}-data`);
  if (!histogram) return;
  const { bins, highlight: marked, highlightLabel } = histogram;
  draw(canvas.id, (colours) => ({
    type: 'bar',
    data: {
      labels: bins.map((b) => b.label),
      datasets: [{
        label: 'Days',
        data: bins.map((b) => b.count),
        bins,
        backgroundColor: bins.map((b, i) => (i === marked ? colours.accent : b.to <= 0 ? colours.loss : colours.gain)),
        categoryPercentage: 1,
        barPercentage: 0.9,
      }],
    },
    options: {
      animation: false,
      scales: {
        // The axis shows each bin's lower edge ("−3%"), the table its whole range.
        x: { ticks: { maxRotation: 0, autoSkipPadding: 8, callback: (_, i) => (i === 0 ? bins[0].label : `${bins[i].from}%`) } },
        y: { beginAtZero: true },
      },
      plugins: {
        legend: { display: false },
        annotation: marked === null ? {} : {
          annotations: {
            day: {
              type: 'line', xMin: marked, xMax: marked, borderColor: colours.accent, borderWidth: 2, borderDash: [6, 4],
              label: {
                display: true, content: highlightLabel, backgroundColor: colours.paper, color: colours.ink,
                position: labelPosition(bins[marked].count, bins.map((b) => b.count)),
              },
            },
          },
        },
        tooltip: {
          callbacks: {
            title: (items) => bins[items[0].dataIndex].label,
            label: (item) => `${item.parsed.y} days${item.dataIndex === marked ? ` · ${highlightLabel}` : ''}`,
          },
        },
      },
    },
  }));
}

export function drawHistograms() {
  document.querySelectorAll('canvas[data-chart=histogram]').forEach(drawHistogram);
}
