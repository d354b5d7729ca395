// One attempt, opened from a list: what was sent (the event) and what the receiver answered.
import { badge, h, pretty, when } from './dom.js';
import { get, serves } from './api.js';

export async function attemptDialog(a, url) {
  const request = h('div', {}, h('p', { class: 'muted' }, 'Loading the event…'));
  const dialog = h('dialog', { id: 'attempt' },
    h('h1', {}, 'Attempt ', String(a.attempt), ' of ', h('span', { class: 'mono' }, a.eventId), ' ', badge(a.outcome)),
    h('dl', { class: 'grid' },
      h('dt', {}, 'Subscription'), h('dd', { class: 'mono' }, a.subscription),
      h('dt', {}, 'Started'), h('dd', {}, when(a.at)),
      h('dt', {}, 'Duration'), h('dd', {}, Math.round(a.durationMs) + ' ms'),
      h('dt', {}, 'Status'), h('dd', { id: 'attempt-status-code' }, a.status == null ? 'no response' : String(a.status)),
      a.error ? [h('dt', {}, 'Error'), h('dd', {}, a.error)] : null,
      a.replayOf ? [h('dt', {}, 'Replay of'), h('dd', { class: 'mono' }, a.replayOf)] : null),
    h('h2', {}, 'Response'),
    h('pre', { id: 'response-headers' }, Object.entries(a.responseHeaders || {}).map(([k, v]) => k + ': ' + v).join('\n') || '(no headers kept)'),
    h('pre', { id: 'response-body' }, pretty(a.responseBody)),
    h('h2', {}, 'Request'),
    request,
    h('form', { method: 'dialog' }, h('button', { type: 'submit' }, 'Close')));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  if (!(await serves('get', '/events/{eventId}'))) {
    request.replaceChildren(h('p', { class: 'muted' }, 'POST with the event\'s body, signed; this egress has no event lookup.'));
    return;
  }
  try {
    const { event } = await get('/api/v1/events/' + encodeURIComponent(a.eventId));
    if (!event) throw new Error('no longer in topics.events');
    request.replaceChildren(
      h('pre', {}, 'POST ' + (url || '') + '\n' + requestHeaders(event, a)),
      h('pre', { id: 'request-body' }, event.data != null ? pretty(event.data) : '(binary, base64) ' + event.dataBase64),
      h('a', { href: '#/events/' + encodeURIComponent(a.eventId), onclick: () => dialog.close() }, 'The event\'s journey'));
  } catch (e) {
    request.replaceChildren(h('p', { class: 'muted' }, 'The event\'s body is not available: ' + e.message + '.'));
  }
}

/** The headers every delivery carries: the CloudEvents binary headers and webhook-id (signature not kept). */
function requestHeaders(event, a) {
  return [['content-type', event.datacontenttype], ['ce-id', event.id], ['ce-type', event.type],
          ['ce-source', event.source], ['ce-time', event.time], ['webhook-id', a.eventId]]
    .filter(([, v]) => v).map(([k, v]) => k + ': ' + v).join('\n');
}
