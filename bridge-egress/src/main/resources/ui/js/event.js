// An event's journey: the event as stage 1 published it, then every attempt for every subscription.
import { badge, h, pretty, table, when } from './dom.js';
import { get, post, serves } from './api.js';
import { attemptDialog } from './attempt.js';

const SHOWN = ['id', 'type', 'source', 'time', 'datacontenttype', 'partition', 'offset'];

export async function eventPage(id) {
  const path = '/api/v1/events/' + encodeURIComponent(id);
  const [journey, canResend] = await Promise.all([get(path), serves('post', '/events/{eventId}/resend')]);
  const event = journey.event;
  const attempts = journey.attempts.slice().sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const message = h('span', { class: 'muted' });
  return h('section', {},
    h('h1', {}, 'Event ', h('span', { class: 'mono' }, id)),
    h('div', { class: 'card' }, event
      ? h('dl', { class: 'grid' },
        SHOWN.filter(k => event[k] != null).map(k => [h('dt', {}, k), h('dd', { class: 'mono' }, String(event[k]))]),
        h('dt', {}, 'inbound copies'), h('dd', {}, String(journey.inboundCopies)))
      : h('p', { class: 'muted' }, 'No longer in topics.events (past its retention): only its attempts are known.')),
    event ? [h('h2', {}, 'Body'), h('pre', { id: 'event-body' },
      event.data != null ? pretty(event.data) : '(binary, base64) ' + event.dataBase64)] : null,
    h('h2', {}, 'Journey'),
    canResend && event ? h('div', { class: 'toolbar' }, h('button', { id: 'resend', onclick: async () => {
      const answer = await post(path + '/resend', {});
      message.textContent = 'Resent to ' + answer.resent + ' subscription(s); reload to follow it.';
    } }, 'Resend to every subscription'), message) : null,
    table(['Time', 'Subscription', 'Attempt', 'Outcome', 'Status', 'Duration'],
      attempts.map(a => h('tr', { class: 'clickable attempt', onclick: () => attemptDialog(a) },
        h('td', {}, when(a.at)),
        h('td', { class: 'mono' }, h('a', { href: '#/subscriptions/' + encodeURIComponent(a.subscription),
          onclick: e => e.stopPropagation() }, a.subscription)),
        h('td', {}, String(a.attempt), a.replayOf ? h('div', { class: 'muted' }, 'replay: ' + a.replayOf) : null),
        h('td', {}, badge(a.outcome)),
        h('td', { class: 'status' }, a.status == null ? '—' : String(a.status)),
        h('td', {}, Math.round(a.durationMs) + ' ms'))),
      'No attempt yet for this event.'));
}
