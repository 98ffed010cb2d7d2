// How the charts write numbers, the same way as Pages/Display.cs writes the HTML:
// money as $592.7B / $1.03T, signed percentages with ▲▼, dates as "Mon 27 Jan 2025".
const MINUS = '\u2212';
const SCALES = [[1e12, 'T', 2], [1e9, 'B', 1], [1e6, 'M', 1], [1e3, 'K', 1]];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function magnitude(value) {
  for (const [size, symbol, decimals] of SCALES) {
    // Thousands grouped, as Display.cs's "N2": $7,339.20T.
    if (Number((value / size).toFixed(decimals)) >= 1) {
      return (value / size).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) + symbol;
    }
  }
  return value.toFixed(0);
}

/** "$592.7B", "−$592.7B"; with sign: "+$12.0B". */
export function money(value, withSign = false) {
  if (value === null || value === undefined) return '—';
  const sign = value < 0 ? MINUS : withSign && value > 0 ? '+' : '';
  return `${sign}$${magnitude(Math.abs(value))}`;
}

/** Axis ticks: "$100B", "$1T" (no needless decimals). */
export function moneyTick(value) {
  const abs = Math.abs(value);
  for (const [size, symbol] of SCALES) {
    if (abs >= size) return `${value < 0 ? MINUS : ''}$${Number((abs / size).toPrecision(3))}${symbol}`;
  }
  return `${value < 0 ? MINUS : ''}$${Number(abs.toPrecision(3))}`;
}

/** "−16.97%", "+3.10%", "0.00%". */
export function percent(value, decimals = 2) {
  if (value === null || value === undefined) return '—';
  const rounded = Number(value.toFixed(decimals));
  return `${rounded < 0 ? MINUS : rounded > 0 ? '+' : ''}${Math.abs(rounded).toFixed(decimals)}%`;
}

/** "▼ −16.97%": the arrow says the direction without colour. */
export function change(value, decimals = 2) {
  if (value === null || value === undefined) return '—';
  const rounded = Number(value.toFixed(decimals));
  return `${rounded < 0 ? '▼ ' : rounded > 0 ? '▲ ' : ''}${percent(value, decimals)}`;
}

export function price(value) {
  return value === null || value === undefined ? '—' : `$${value.toFixed(2)}`;
}

/** "Mon 27 Jan 2025" from "2025-01-27" or a time in ms (UTC dates). */
export function day(value) {
  const d = typeof value === 'string' ? new Date(`${value}T00:00:00Z`) : new Date(value);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Milliseconds of a yyyy-MM-dd date at UTC midnight, Chart.js's time-axis value. */
export function time(iso) {
  return Date.parse(`${iso}T00:00:00Z`);
}
