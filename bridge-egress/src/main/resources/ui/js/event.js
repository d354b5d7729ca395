// An event's journey: the event as stage 1 published it, then every attempt for every subscription.
import { badge, h, pretty, table, when } from './dom.js';
import { get } from './api.js';
import { attemptDialog } from './attempt.js';

export async function eventPage(id) {
  const event = await get('/api/v1/events/' + encodeURIComponent(id));
  const attrs = event.attributes || {};
  const attempts = (event.attempts || []).slice().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return h('section', {},
    h('h1', {}, 'Event ', h('span', { class: 'mono' }, id)),
    h('div', { class: 'card' }, h('dl', { class: 'grid' },
      Object.entries(attrs).map(([k, v]) => [h('dt', {}, k), h('dd', { class: 'mono' }, String(v))]),
      event.inboundCopies != null ? [h('dt', {}, 'Inbound copies'), h('dd', {}, String(event.inboundCopies))] : null)),
    h('h2', {}, 'Body'),
    h('pre', { id: 'event-body' }, pretty(event.body)),
    h('h2', {}, 'Journey'),
    table(['Time', 'Subscription', 'Attempt', 'Outcome', 'Status', 'Duration'],
      attempts.map(a => h('tr', { class: 'clickable attempt', onclick: () => attemptDialog(a) },
        h('td', {}, when(a.at)),
        h('td', { class: 'mono' }, h('a', { href: '#/subscriptions/' + encodeURIComponent(a.subscription),
          onclick: e => e.stopPropagation() }, a.subscription)),
        h('td', {}, String(a.attempt), a.replayOf ? h('div', { class: 'muted' }, 'replay') : null),
        h('td', {}, badge(a.outcome)),
        h('td', { class: 'status' }, a.status == null ? '—' : String(a.status)),
        h('td', {}, Math.round(a.durationMs) + ' ms'))),
      'No attempt yet for this event.'));
}
