// One subscription: its settings and health, what can be done to it, its stats and its attempts.
import { badge, h, table, when } from './dom.js';
import { get, post, serves } from './api.js';
import { stateOf } from './subscriptions.js';
import { attemptDialog } from './attempt.js';
import { statsPanel } from './stats.js';

const ATTEMPT_FILTERS = [['', 'All'], ['success', 'Succeeded'], ['failure', 'Failed'], ['http-error', 'HTTP error'],
  ['timeout', 'Timed out'], ['connection-error', 'No connection'], ['gone', 'Gone (410)'], ['refused', 'Refused target']];

export async function subscriptionPage(id) {
  const path = '/api/v1/subscriptions/' + encodeURIComponent(id);
  const s = await get(path);
  const [canPause, canTest, canList, canStats, canReplay] = await Promise.all([
    serves('post', '/subscriptions/{id}/pause'), serves('post', '/subscriptions/{id}/test'),
    serves('get', '/subscriptions/{id}/attempts'), serves('get', '/subscriptions/{id}/stats'),
    serves('post', '/subscriptions/{id}/replay')]);
  const message = h('span', { class: 'muted', id: 'action-result' });
  const actions = h('div', { class: 'toolbar' },
    canPause ? h('button', { id: 'pause', onclick: async () => {
      await post(path + (stateOf(s) === 'paused' ? '/resume' : '/pause'));
      location.reload();
    } }, stateOf(s) === 'paused' ? 'Resume' : 'Pause') : null,
    canTest ? h('button', { id: 'send-test', onclick: async () => {
      message.textContent = 'Sending…';
      const answer = await post(path + '/test');
      message.textContent = 'Test event: ' + answer.outcome + (answer.status ? ' ' + answer.status : '')
        + (answer.error ? ' (' + answer.error + ')' : '');
    } }, 'Send test event') : null,
    canReplay ? replayForm(path, message) : null,
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
  if (canList) section.append(attemptsPanel(path + '/attempts', s.url));
  return section;
}

function attemptsPanel(path, url) {
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading…'));
  const filter = h('select', { id: 'attempt-status', 'aria-label': 'Attempt status',
    onchange: () => load() }, ATTEMPT_FILTERS.map(([value, label]) => h('option', { value }, label)));
  async function load() {
    const query = filter.value ? '?status=' + filter.value : '';
    const { data } = await get(path + query);
    body.replaceChildren(table(['Time', 'Event', 'Type', 'Attempt', 'Outcome', 'Status', 'Duration'],
      data.map(a => h('tr', { class: 'clickable attempt', onclick: () => attemptDialog(a, url) },
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

/** Delivers again every matching event since a time (still in topics.events), then shows the replay's progress. */
function replayForm(path, message) {
  const since = h('input', { type: 'datetime-local', name: 'since', required: true, 'aria-label': 'Replay since' });
  return h('form', { class: 'toolbar', onsubmit: async event => {
    event.preventDefault();
    const job = await post(path + '/replay', { since: new Date(since.value).toISOString() });
    message.textContent = 'Replay ' + job.id + ' started';
    const timer = setInterval(async () => {
      const now = await get('/api/v1/replays/' + encodeURIComponent(job.id));
      message.textContent = 'Replay ' + now.id + ': ' + now.status + ', ' + now.queued + ' of ' + now.scanned + ' events queued';
      if (now.status !== 'running') clearInterval(timer);
    }, 1000);
  } }, 'Replay since', since, h('button', { type: 'submit' }, 'Replay'));
}
