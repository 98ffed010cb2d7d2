// The home page's timeline: every shock with a market cap, by date and dollar loss (log scale), sized by the % fall.
// Selecting a bubble opens the shock's permalink; the table under the chart lists the same shocks.
import { data, draw, openPointUrl } from './charts.js';
import { change, day, money, moneyTick, time } from './format.js';

const shocks = data('timeline-data') ?? [];

// The width grows with the square root of the fall, so that a −50% day does not hide its neighbours.
const radius = (changePct) => 2 + 2.2 * Math.sqrt(Math.abs(changePct));

draw('timeline', (colours) => ({
  type: 'bubble',
  data: {
    datasets: [{
      label: 'Shocks',
      data: shocks.map((s) => ({ ...s, x: time(s.date), y: s.loss, r: radius(s.changePct) })),
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
      x: { type: 'time', time: { unit: 'year', tooltipFormat: 'yyyy-MM-dd' }, grid: { display: false } },
      y: {
        type: 'logarithmic',
        title: { display: true, text: 'Market value lost (log scale)' },
        ticks: { callback: (value) => (Number.isInteger(Math.log10(value)) ? moneyTick(value) : '') },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items) => items.map((i) => `${i.raw.name} (${i.raw.ticker})`).join(', '),
          label: (item) => `${day(item.raw.date)}: ${money(-item.raw.loss)} (${change(item.raw.changePct)})${item.raw.approximate ? ', approximate' : ''}`,
        },
      },
    },
  },
}));
