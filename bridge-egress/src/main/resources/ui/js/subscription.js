// One subscription: its settings and health, what can be done to it, its stats and its attempts.
import { badge, h, table, when } from './dom.js';
import { get, post, serves } from './api.js';
import { stateOf } from './subscriptions.js';
import { attemptDialog } from './attempt.js';
import { statsPanel } from './stats.js';

const ATTEMPT_FILTERS = [['', 'All'], ['success', 'Succeeded'], ['failed', 'Failed']];

export async function subscriptionPage(id) {
  const path = '/api/v1/subscriptions/' + encodeURIComponent(id);
  const s = await get(path);
  const [canPause, canTest, canList, canStats] = await Promise.all([
    serves('post', '/subscriptions/{id}/pause'), serves('post', '/subscriptions/{id}/test'),
    serves('get', '/subscriptions/{id}/attempts'), serves('get', '/subscriptions/{id}/stats')]);
  const message = h('span', { class: 'muted', id: 'action-result' });
  const actions = h('div', { class: 'toolbar' },
    canPause ? h('button', { id: 'pause', onclick: async () => {
      await post(path + (stateOf(s) === 'paused' ? '/resume' : '/pause'));
      location.reload();
    } }, stateOf(s) === 'paused' ? 'Resume' : 'Pause') : null,
    canTest ? h('button', { id: 'send-test', onclick: async () => {
      message.textContent = 'Sending…';
      const answer = await post(path + '/test');
      message.textContent = 'Test event: ' + (answer.outcome || '') + (answer.status ? ' ' + answer.status : '');
    } }, 'Send test event') : null,
    h('a', { href: '#/dead-letters?subscription=' + encodeURIComponent(id) }, 'Dead letters'),
    message);
  const section = h('section', {},
    h('h1', {}, 'Subscription ', h('span', { class: 'mono' }, s.id), ' ', badge(stateOf(s))),
    h('div', { class: 'card' }, h('dl', { class: 'grid' },
      h('dt', {}, 'URL'), h('dd', { class: 'mono' }, s.url),
      h('dt', {}, 'Event types'), h('dd', {}, s.eventTypes.join(', ')),
      s.description ? [h('dt', {}, 'Description'), h('dd', {}, s.description)] : null,
      s.disabledReason ? [h('dt', {}, 'Disabled because'), h('dd', {}, s.disabledReason)] : null,
      s.health ? [h('dt', {}, 'Failures in a row'), h('dd', {}, String(s.health.consecutiveFailures)),
        h('dt', {}, 'Last success'), h('dd', {}, when(s.health.lastSuccessAt)),
        h('dt', {}, 'Last failure'), h('dd', {}, s.health.lastFailure
          ? when(s.health.lastFailure.at) + ' ' + (s.health.lastFailure.status || '') + ' ' + (s.health.lastFailure.error || '')
          : '—')] : null,
      h('dt', {}, 'Created'), h('dd', {}, when(s.createdAt)),
      h('dt', {}, 'Updated'), h('dd', {}, when(s.updatedAt)))),
    actions);
  if (canStats) section.append(await statsPanel(path + '/stats'));
  if (canList) section.append(attemptsPanel(path + '/attempts'));
  return section;
}

function attemptsPanel(path) {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const filter = h('select', { id: 'attempt-status', 'aria-label': 'Attempt status',
    onchange: () => load() }, ATTEMPT_FILTERS.map(([value, label]) => h('option', { value }, label)));
  async function load() {
    const query = filter.value ? '?status=' + filter.value : '';
    const { data } = await get(path + query);
    body.replaceChildren(table(['Time', 'Event', 'Type', 'Attempt', 'Outcome', 'Status', 'Duration'],
      data.map(a => h('tr', { class: 'clickable attempt', onclick: () => attemptDialog(a) },
        h('td', {}, when(a.at)),
        h('td', { class: 'mono' }, a.eventId),
        h('td', {}, a.eventType || ''),
        h('td', {}, String(a.attempt), a.replayOf ? h('div', { class: 'muted' }, 'replay') : null),
        h('td', {}, badge(a.outcome)),
        h('td', { class: 'status' }, a.status == null ? '—' : String(a.status)),
        h('td', {}, Math.round(a.durationMs) + ' ms'))),
      filter.value ? 'No attempts with this status.' : 'No attempts yet.'));
  }
  load().catch(e => body.replaceChildren(h('p', { class: 'error' }, e.message)));
  return h('div', {}, h('h2', {}, 'Attempts'), h('div', { class: 'toolbar' }, 'Show', filter), body);
}
