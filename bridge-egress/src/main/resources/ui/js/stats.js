// A subscription's stats over the last hour and day, as the stats route answers them.
import { h, when } from './dom.js';
import { get } from './api.js';

export async function statsPanel(path) {
  const stats = await get(path);
  const windows = Object.entries(stats).filter(([, v]) => v && typeof v === 'object' && 'attempts' in v);
  return h('div', { id: 'stats' }, h('h2', {}, 'Stats'),
    windows.map(([name, w]) => h('div', { class: 'card stats' },
      h('div', {}, h('b', {}, String(w.attempts)), 'attempts, ' + name.replace(/^last/, 'last ').toLowerCase()),
      h('div', {}, h('b', {}, w.successRate == null ? '—' : (100 * w.successRate).toFixed(1) + ' %'), 'succeeded'),
      Object.entries(w.latencyMs || {}).map(([q, ms]) => h('div', {}, h('b', {}, ms == null ? '—' : ms + ' ms'), q)))),
    stats.lastError ? h('p', { id: 'last-error' }, 'Last error: ', when(stats.lastError.at), ' ',
      h('span', { class: 'mono' }, (stats.lastError.status ? stats.lastError.status + ' ' : '') + (stats.lastError.error || '')),
      ' (event ', h('a', { href: '#/events/' + encodeURIComponent(stats.lastError.eventId) }, stats.lastError.eventId), ')') : null);
}
