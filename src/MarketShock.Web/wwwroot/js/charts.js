// What every chart of the site shares: plugin registration, colours from the CSS (light and dark),
// the data blocks the pages render, and a crosshair. Each page family has its own module importing this one.
const Chart = window.Chart;

if (window.ChartZoom) Chart.register(window.ChartZoom);
if (window['chartjs-plugin-annotation']) Chart.register(window['chartjs-plugin-annotation']);

/** The colours of the page's current scheme, read from the CSS custom properties. */
export function theme() {
  const css = getComputedStyle(document.documentElement);
  const read = (name) => css.getPropertyValue(name).trim();
  return {
    ink: read('--ink'), muted: read('--muted'), line: read('--line'), paper: read('--paper'),
    loss: read('--loss'), gain: read('--gain'), accent: read('--accent'), mark: read('--mark'),
    series: read('--chart-line'), price: read('--chart-price'), grid: read('--chart-grid'), label: read('--chart-label'),
  };
}

function applyDefaults() {
  const colours = theme();
  Chart.defaults.color = colours.muted;
  Chart.defaults.borderColor = colours.grid;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.responsive = true;
  return colours;
}

/** The parsed JSON of a <script type="application/json" id="..."> block, or null when the page has none. */
export function data(id) {
  const block = document.getElementById(id);
  return block ? JSON.parse(block.textContent) : null;
}

/** Creates a chart on the canvas with this id, if the page has it. `build(colours)` returns the Chart.js config. */
export function draw(canvasId, build) {
  const canvas = document.getElementById(canvasId);
  if (!canvas) return null;
  const chart = new Chart(canvas, build(applyDefaults()));
  redrawOnSchemeChange(chart, build, canvas);
  return chart;
}

function redrawOnSchemeChange(chart, build, canvas) {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', () => {
    const config = build(applyDefaults());
    chart.destroy();
    new Chart(canvas, config);
  });
}

/** A vertical line under the pointer, following the tooltip (register per chart: plugins: [crosshair]). */
export const crosshair = {
  id: 'crosshair',
  afterDatasetsDraw(chart) {
    const active = chart.tooltip?.getActiveElements?.() ?? [];
    if (!active.length) return;
    const { ctx, chartArea } = chart;
    const x = active[0].element.x;
    ctx.save();
    ctx.strokeStyle = theme().muted;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 4]);
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

/** Follows a link when a chart point carrying `url` is clicked (points of a dataset with {x, y, url} data). */
export function openPointUrl(event, elements, chart) {
  if (!elements.length) return;
  const { datasetIndex, index } = elements[0];
  const url = chart.data.datasets[datasetIndex].data[index]?.url;
  if (url) window.location.href = url;
}

/**
 * A text broken at spaces into lines of at most `width` characters (a longer word keeps a line of its own), so that a
 * tooltip carrying an event label of up to 140 characters fits a phone. Chart.js draws the lines as text, never as HTML.
 */
export function wrapLines(text, width = 40) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
