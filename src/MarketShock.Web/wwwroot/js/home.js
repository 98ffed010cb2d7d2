// The home page's timeline: every shock with a market cap, by date and dollar loss (log scale), sized by the % fall.
// A bubble's tooltip carries the day's event label; selecting it opens the shock's permalink. The table under the
// chart lists the same shocks with their labels.
import { data, draw, openPointUrl, wrapLines } from './charts.js';
import { change, day, money, moneyTick, time } from './format.js';

// The width grows with the square root of the fall, so that a −50% day does not hide its neighbours.
function radius(changePct) {
  return 2 + 2.2 * Math.sqrt(Math.abs(changePct));
}

const shocks = data('timeline-data') ?? [];
const points = shocks.map((s) => ({ ...s, x: time(s.date), y: s.loss, r: radius(s.changePct) }));

// Room around the data, so that the first, last, biggest and smallest bubbles are drawn whole.
const DAY_MS = 24 * 3600 * 1000;
const xs = points.map((p) => p.x);
const ys = points.map((p) => p.y);
const xPad = Math.max((Math.max(...xs) - Math.min(...xs)) * 0.03, 30 * DAY_MS);
const bounds = { xMin: Math.min(...xs) - xPad, xMax: Math.max(...xs) + xPad, yMin: Math.min(...ys) / 1.6, yMax: Math.max(...ys) * 1.6 };

// Log-axis labels at 1, 2 and 5 of each power of ten: $10B, $20B, $50B, $100B...
const roundTick = (value) => {
  const mantissa = value / 10 ** Math.floor(Math.log10(value) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6) ? moneyTick(value) : '';
};

draw('timeline', (colours) => ({
  type: 'bubble',
  data: {
    datasets: [{
      label: 'Shocks',
      data: points,
      // With parsing off, Chart.js does not read r from the points: the radius option does (smaller on a narrow chart).
      radius: (context) => (context.raw?.r ?? 3) * Math.min(1, Math.max(0.5, context.chart.width / 900)),
      backgroundColor: `${colours.loss}55`,
      borderColor: colours.loss,
      borderWidth: 1,
      hoverBackgroundColor: `${colours.loss}aa`,
    }],
  },
  options: {
    parsing: false,
    normalized: true,
    animation: false,
    interaction: { mode: 'nearest', intersect: true },
    onClick: openPointUrl,
    onHover: (event, elements) => { event.native.target.style.cursor = elements.length ? 'pointer' : 'default'; },
    scales: {
      x: {
        type: 'time', min: bounds.xMin, max: bounds.xMax, grid: { display: false },
        time: { unit: bounds.xMax - bounds.xMin > 3 * 365 * DAY_MS ? 'year' : 'month', displayFormats: { month: 'MMM yyyy', year: 'yyyy' } },
        ticks: { maxRotation: 0, autoSkipPadding: 12 },
      },
      y: {
        type: 'logarithmic', min: bounds.yMin, max: bounds.yMax,
        title: { display: true, text: 'Market value lost (log scale)' },
        ticks: { callback: roundTick, autoSkip: false },
        grid: { color: (context) => (context.tick?.label ? colours.grid : 'transparent') },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items) => items.map((i) => `${i.raw.name} (${i.raw.ticker})`).join(', '),
          label: (item) => [
            `${day(item.raw.date)}: ${money(-item.raw.loss)} (${change(item.raw.changePct)})${item.raw.approximate ? ', approximate' : ''}`,
            ...(item.raw.label ? wrapLines(item.raw.label) : []),
          ],
        },
      },
    },
  },
}));
