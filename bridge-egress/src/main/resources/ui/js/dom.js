// Builds elements from data. Everything from the API is put in as text (never as HTML): response
// bodies and headers come from receivers the operator does not control.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child != null && child !== false) el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

/** A coloured badge for a subscription state or an attempt outcome. */
export function badge(text) {
  const tone = { active: 'ok', success: 'ok', delivered: 'ok', paused: 'warn', 'circuit-open': 'warn', replayed: 'warn',
                 disabled: 'bad', failed: 'bad' }[text] || (text ? 'bad' : '');
  return h('span', { class: 'badge ' + tone }, text || '—');
}

export function table(headings, rows, empty) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('table', {}, h('thead', {}, h('tr', {}, headings.map(t => h('th', {}, t)))), h('tbody', {}, rows));
}

export function pretty(text) {
  if (text == null || text === '') return '(empty)';
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return text; }
}
