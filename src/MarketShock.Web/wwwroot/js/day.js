// The market-day page: a horizontal bar per company of its market-cap change, the largest loss at the top;
// a click opens that company-day's permalink. The numbers are all in the table under it.
import { data, draw } from './charts.js';
import { money, moneyTick, change } from './format.js';

const bars = data('day-data') ?? [];
const box = document.getElementById('day-bars-box');
// One row of bars per company, so that every ticker label stays readable.
if (box) box.style.height = `${Math.max(12, bars.length * 1.6 + 4)}rem`;

draw('day-bars', (colours) => ({
  type: 'bar',
  data: {
    labels: bars.map((b) => b.ticker),
    datasets: [{
      label: 'Market cap change',
      data: bars.map((b) => b.marketCapChange),
      backgroundColor: bars.map((b) => (b.marketCapChange < 0 ? colours.loss : colours.gain)),
      borderWidth: 0,
      barPercentage: 0.85,
      categoryPercentage: 0.9,
    }],
  },
  options: {
    indexAxis: 'y',
    animation: false,
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          title: (items) => `${bars[items[0].dataIndex].ticker} · ${bars[items[0].dataIndex].name}`,
          label: (item) => `${money(bars[item.dataIndex].marketCapChange, true)} (${change(bars[item.dataIndex].changePct)})`,
        },
      },
    },
    scales: {
      x: { ticks: { callback: (value) => moneyTick(value) }, grid: { color: colours.grid } },
      y: { grid: { display: false }, ticks: { autoSkip: false, color: colours.ink } },
    },
    onHover: (event, elements) => { event.native.target.style.cursor = elements.length ? 'pointer' : 'default'; },
    onClick: (event, elements) => {
      if (elements.length) window.location.href = bars[elements[0].index].url;
    },
  },
}));
