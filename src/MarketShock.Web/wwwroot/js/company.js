// The company page's charts: the price or market-cap history (zoom, pan, log scale, shocks and labelled days marked
// and linked), the histogram of daily changes and the drawdown chart. The page's tables hold the same numbers.
import { crosshair, data, draw, openPointUrl, wrapLines } from './charts.js';
import { change, day, money, moneyTick, percent, price } from './format.js';
import { drawHistograms } from './histogram.js';

const Chart = window.Chart;
const logButton = document.getElementById('history-log');
const resetButton = document.getElementById('history-reset');

/**
 * Round values for a logarithmic axis, whose own ticks are unreadable: 1, 2 and 5 of each power of ten (only the
 * powers when that is too many); on a narrow range, one and then two significant digits ($4.1T, $4.2T).
 */
export function logTicks(min, max) {
  const levels = [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9], Array.from({ length: 90 }, (_, i) => (10 + i) / 10)];
  let ticks = [];
  for (const steps of levels) {
    ticks = [];
    for (let power = Math.floor(Math.log10(min)); power <= Math.ceil(Math.log10(max)); power++) {
      for (const step of steps) {
        const value = Number((step * 10 ** power).toPrecision(3));
        if (value >= min && value <= max) ticks.push({ value, power: step === 1 });
      }
    }
    if (ticks.length >= 3) break;
  }
  const powers = ticks.filter((t) => t.power);
  if (ticks.length > 8) ticks = powers.length >= 3 ? powers : ticks.filter((_, i) => i % Math.ceil(ticks.length / 8) === 0);
  return ticks.map((t) => t.value);
}

// The labelled days' markers sit in a row along the top of the plot, on a hidden axis of their own (0 to 1), so that
// they neither hide a shock's marker nor move with the log scale; a dashed line runs down each labelled day.
const LABEL_ROW = 0.95;
const LABEL_DATASET = 2;

function labelLines(points, colour) {
  return Object.fromEntries(points.filter((p) => p.label).map((p) => [`label-${p.x}`, {
    type: 'line', xMin: p.x, xMax: p.x, borderColor: colour, borderWidth: 1, borderDash: [3, 3], drawTime: 'beforeDatasetsDraw',
  }]));
}

// On a long range one pixel holds several days, so the 'index' tooltip under the pointer may be a neighbour's: a marker
// under the pointer (a shock's or a labelled day's) decides the day instead, with every dataset's point of that day.
Chart.Interaction.modes.markerOrIndex = (chart, event, options, useFinalPosition) => {
  const marker = Chart.Interaction.modes.nearest(chart, event, { intersect: true, axis: 'xy' }, useFinalPosition).find((e) => e.datasetIndex > 0);
  if (!marker) return Chart.Interaction.modes.index(chart, event, options, useFinalPosition);
  return chart.data.datasets.map((_, datasetIndex) => ({ datasetIndex, index: marker.index, element: chart.getDatasetMeta(datasetIndex).data[marker.index] }))
    .filter((item) => item.element && !item.element.skip);
};

// A labelled day's tooltip starts with its label, then the day's figures.
const tooltipOrder = (item) => (item.datasetIndex === LABEL_DATASET ? -1 : item.datasetIndex);

function historyConfig(history, colours, logarithmic) {
  const points = history.points;
  // The markers share the line's indices (null elsewhere), so that the 'index' tooltip finds them with the line.
  const shocks = points.map((p) => (p.shock ? p : { x: p.x, y: null }));
  const labels = points.map((p) => (p.label ? { x: p.x, y: LABEL_ROW, label: p.label, url: p.url } : { x: p.x, y: null }));
  const labelled = points.some((p) => p.label);
  const label = history.metric === 'marketCap' ? 'Market cap' : 'Close';
  return {
    type: 'line',
    data: {
      datasets: [
        { label, data: points, borderColor: colours.series, backgroundColor: colours.series, borderWidth: 1.5, pointRadius: 0, pointHoverRadius: 3 },
        {
          label: 'Shock', data: shocks, showLine: false, pointStyle: 'triangle', rotation: 180, pointRadius: 6, pointHoverRadius: 8,
          borderColor: colours.loss, backgroundColor: colours.loss,
        },
        {
          label: 'Labelled day', data: labels, yAxisID: 'labels', showLine: false, pointStyle: 'rectRot', pointRadius: 5, pointHoverRadius: 7,
          borderColor: colours.paper, borderWidth: 1, backgroundColor: colours.label,
        },
      ],
    },
    options: {
      parsing: false,
      normalized: true,
      animation: false,
      interaction: { mode: 'markerOrIndex', intersect: false },
      scales: {
        x: { type: 'time', min: history.from, max: history.to, time: { minUnit: 'day' }, ticks: { maxRotation: 0, autoSkipPadding: 16 } },
        y: {
          type: logarithmic ? 'logarithmic' : 'linear',
          // Room above the line for the row of labelled days' markers (grace would also push a linear axis below zero).
          afterDataLimits: (scale) => {
            if (!labelled) return;
            scale.max = scale.type === 'logarithmic' ? scale.max * (scale.max / scale.min) ** 0.1 : scale.max + (scale.max - scale.min) * 0.1;
          },
          ticks: { callback: (value) => moneyTick(value) },
          afterBuildTicks: (scale) => {
            if (scale.type === 'logarithmic') scale.ticks = logTicks(scale.min, scale.max).map((value) => ({ value }));
          },
        },
        labels: { display: false, min: 0, max: 1 },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          itemSort: (a, b) => tooltipOrder(a) - tooltipOrder(b),
          callbacks: {
            title: (items) => day(items[0].parsed.x),
            label: (item) => {
              if (item.datasetIndex === LABEL_DATASET) return wrapLines(item.raw.label);
              return item.datasetIndex === 1 ? 'Shock: click to open the day' : tooltipLines(history, item.raw);
            },
          },
        },
        annotation: { annotations: labelLines(points, `${colours.label}b3`) },
        zoom: {
          pan: { enabled: true, mode: 'x' },
          zoom: { wheel: { enabled: true }, pinch: { enabled: true }, mode: 'x' },
          limits: { x: { min: 'original', max: 'original', minRange: 7 * 86400000 } },
        },
      },
      onClick: (event, _elements, chart) => {
        const marker = chart.getElementsAtEventForMode(event, 'nearest', { intersect: true }, false).filter((e) => e.datasetIndex > 0);
        openPointUrl(event, marker, chart);
      },
      onHover: (event, _elements, chart) => {
        const marker = chart.getElementsAtEventForMode(event, 'nearest', { intersect: true }, false).some((e) => e.datasetIndex > 0);
        chart.canvas.style.cursor = marker ? 'pointer' : 'default';
      },
    },
    plugins: [crosshair],
  };
}

function tooltipLines(history, point) {
  const approximate = history.approximateBefore !== undefined && point.x < history.approximateBefore ? ' (approximate)' : '';
  const lines = [`Close ${price(point.close)}`];
  if (point.marketCap !== undefined) lines.push(`Market cap ${money(point.marketCap)}${approximate}`);
  lines.push(`Change ${change(point.changePct)}`);
  return lines;
}

function drawHistory() {
  const history = data('history-data');
  if (!history) return;
  const chart = draw('history-chart', (colours) => historyConfig(history, colours, logButton?.getAttribute('aria-pressed') === 'true'));
  if (!chart) return;
  const current = () => Chart.getChart('history-chart');
  logButton.hidden = false;
  resetButton.hidden = false;
  logButton.addEventListener('click', () => {
    const logarithmic = logButton.getAttribute('aria-pressed') !== 'true';
    logButton.setAttribute('aria-pressed', String(logarithmic));
    const target = current();
    target.options.scales.y.type = logarithmic ? 'logarithmic' : 'linear';
    target.update();
  });
  resetButton.addEventListener('click', () => current().resetZoom());
}

function drawDrawdown() {
  const points = data('drawdown-data');
  if (!points) return;
  draw('drawdown-chart', (colours) => ({
    type: 'line',
    data: { datasets: [{ label: 'Below the peak', data: points, borderColor: colours.loss, backgroundColor: `${colours.loss}33`, fill: 'origin', borderWidth: 1, pointRadius: 0 }] },
    options: {
      parsing: false,
      normalized: true,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: { x: { type: 'time', ticks: { maxRotation: 0, autoSkipPadding: 16 } }, y: { max: 0, ticks: { callback: (value) => percent(value, 0) } } },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => day(items[0].parsed.x), label: (item) => `${percent(item.parsed.y, 1)} below the peak` } },
      },
    },
    plugins: [crosshair],
  }));
}

drawHistory();
drawHistograms();
drawDrawdown();
