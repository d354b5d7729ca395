// Every subscription with its health, one row each; a row opens the subscription.
import { badge, h, table, when } from './dom.js';
import { get } from './api.js';

export function stateOf(s) {
  return s.health?.state || (s.enabled ? 'active' : 'disabled');
}

export async function subscriptionsPage() {
  const { data } = await get('/api/v1/subscriptions');
  const rows = data.map(s => h('tr', { class: 'clickable', 'data-id': s.id,
      onclick: () => { location.hash = '#/subscriptions/' + encodeURIComponent(s.id); } },
    h('td', {}, h('a', { href: '#/subscriptions/' + encodeURIComponent(s.id), class: 'mono' }, s.id),
      s.description ? h('div', { class: 'muted' }, s.description) : null),
    h('td', { class: 'mono' }, s.url),
    h('td', {}, s.eventTypes.join(', ')),
    h('td', { class: 'state' }, badge(stateOf(s))),
    h('td', {}, s.health ? String(s.health.consecutiveFailures) : '—'),
    h('td', {}, lastFailure(s)),
    h('td', {}, when(s.health?.lastSuccessAt))));
  return h('section', {},
    h('h1', {}, 'Subscriptions'),
    table(['Subscription', 'URL', 'Event types', 'State', 'Failures in a row', 'Last failure', 'Last success'], rows,
      'No subscriptions yet: create one with POST /api/v1/subscriptions (see API).'));
}

function lastFailure(s) {
  const f = s.health?.lastFailure;
  if (f) return [when(f.at), h('div', { class: 'muted' }, (f.status ? f.status + ' ' : '') + (f.error || ''))];
  return s.disabledReason ? h('span', { class: 'muted' }, s.disabledReason) : '—';
}
