// The permalink page of a company-day: the days around it, its whole history, the distribution of daily
// changes (each with the day marked), and the "Copy link" button. Every number is in the HTML already.
import { crosshair, data, draw, openPointUrl } from './charts.js';
import { day, money, moneyTick, price } from './format.js';
import { drawHistograms, labelPosition } from './histogram.js';

function valueText(series, value) {
  return series.money ? money(value) : price(value);
}

function axisTick(series) {
  return (value) => (series.money ? moneyTick(value) : `$${value}`);
}

/** The shared options of the two line charts: a time axis, y in dollars, the day marked by a vertical line. */
function lineOptions(series, colours, extra = {}) {
  const dayValue = series.points.find((p) => p.x === series.day)?.y ?? 0;
  const position = labelPosition(dayValue, series.points.map((p) => p.y));
  return {
    parsing: false,
    normalized: true,
    animation: false,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    scales: {
      x: { type: 'time', time: { tooltipFormat: 'yyyy-MM-dd' }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
      y: { ticks: { callback: axisTick(series) } },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items) => day(items[0].parsed.x),
          label: (item) => `${item.dataset.label}: ${valueText(series, item.parsed.y)}`,
        },
      },
      annotation: {
        annotations: {
          day: {
            type: 'line', xMin: series.day, xMax: series.day, borderColor: colours.loss, borderWidth: 2, borderDash: [6, 4],
            label: { display: true, content: series.dayLabel, position, backgroundColor: colours.paper, color: colours.ink },
          },
        },
      },
    },
    ...extra,
  };
}

function drawWindow() {
  const series = data('day-window-data');
  if (!series) return;
  draw('day-window', (colours) => ({
    type: 'line',
    data: {
      datasets: [{
        label: series.label, data: series.points, borderColor: colours.series, backgroundColor: colours.series,
        borderWidth: 2, pointRadius: 0, pointHoverRadius: 4, tension: 0,
      }],
    },
    options: lineOptions(series, colours),
    plugins: [crosshair],
  }));
}

function drawHistory() {
  const series = data('day-history-data');
  if (!series) return;
  const theDay = series.points.filter((p) => p.x === series.day);
  draw('day-history', (colours) => ({
    type: 'line',
    data: {
      datasets: [
        { label: series.label, data: series.points, borderColor: colours.series, borderWidth: 1.5, pointRadius: 0, tension: 0 },
        { label: 'Shock', data: series.shocks ?? [], type: 'scatter', pointRadius: 2, pointHoverRadius: 5,
          backgroundColor: colours.loss, borderColor: colours.loss },
        { label: series.dayLabel, data: theDay, type: 'scatter', pointRadius: 6, pointHoverRadius: 7,
          backgroundColor: colours.paper, borderColor: colours.loss, borderWidth: 3 },
      ],
    },
    options: lineOptions(series, colours, { onClick: openPointUrl }),
  }));
}

function copyLink() {
  const button = document.getElementById('copy-link');
  const status = document.getElementById('copy-status');
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(button.dataset.url);
      status.textContent = 'Link copied.';
    } catch {
      status.textContent = 'Could not copy: select the address and copy it.';
    }
  });
}

copyLink();
drawWindow();
drawHistory();
drawHistograms();
