// Dead letters, newest first, each replayable; after a replay the row follows the event until delivered.
import { badge, h, table, when } from './dom.js';
import { get, post, serves } from './api.js';

export async function deadLettersPage(subscription) {
  const query = subscription ? '?subscription=' + encodeURIComponent(subscription) : '';
  const [{ data }, canJourney] = await Promise.all([get('/api/v1/dead-letters' + query), serves('get', '/events/{eventId}')]);
  const timers = [];
  const rows = data.map(d => {
    const state = h('span', { class: 'replay-state' });
    const replayable = d.stage === 'delivery' && d.subscription;
    const button = replayable ? h('button', { class: 'replay', onclick: async () => {
      button.disabled = true;
      const since = Date.now();
      try {
        const answer = await post('/api/v1/dead-letters/replay', { subscription: d.subscription, ids: [d.deliveryId] });
        state.replaceChildren(badge(answer.replayed ? 'replayed' : 'not replayed'));
        if (answer.replayed && canJourney) timers.push(follow(d, since, state));
      } catch (e) {
        state.replaceChildren(h('span', { class: 'error' }, e.message));
        button.disabled = false;
      }
    } }, 'Replay') : null;
    return h('tr', { 'data-id': d.deliveryId },
      h('td', {}, when(d.deadLetteredAt)),
      h('td', {}, d.stage),
      h('td', { class: 'mono' }, d.subscription
        ? h('a', { href: '#/subscriptions/' + encodeURIComponent(d.subscription) }, d.subscription) : '—'),
      h('td', { class: 'mono' }, canJourney && d.stage === 'delivery'
        ? h('a', { href: '#/events/' + encodeURIComponent(d.deliveryId) }, d.deliveryId) : d.deliveryId),
      h('td', {}, d.eventType || '—'),
      h('td', {}, d.reason || '', d.lastError ? h('div', { class: 'muted' }, d.lastError) : null),
      h('td', {}, d.lastStatus == null ? '—' : String(d.lastStatus)),
      h('td', {}, d.attempts == null ? '—' : String(d.attempts)),
      h('td', {}, button, ' ', state));
  });
  const replayAll = subscription && data.some(d => d.stage === 'delivery') ? h('button', { id: 'replay-all', onclick: async () => {
    const answer = await post('/api/v1/dead-letters/replay', { subscription });
    replayAll.replaceWith(h('span', { class: 'muted' }, answer.replayed + ' replayed'));
  } }, 'Replay all of this subscription') : null;
  return {
    node: h('section', {},
      h('h1', {}, 'Dead letters', subscription ? [' of ', h('span', { class: 'mono' }, subscription)] : null),
      h('div', { class: 'toolbar' }, subscription ? h('a', { href: '#/dead-letters' }, 'All subscriptions') : null, replayAll),
      table(['Dead-lettered', 'Stage', 'Subscription', 'Event', 'Type', 'Reason', 'Last status', 'Attempts', 'Replay'],
        rows, 'No dead letters.')),
    leave: () => timers.forEach(clearInterval),
  };
}

/** Polls the event's journey until this subscription has an attempt since the replay that succeeded. */
function follow(d, since, cell) {
  const timer = setInterval(async () => {
    try {
      const journey = await get('/api/v1/events/' + encodeURIComponent(d.deliveryId));
      const done = (journey.attempts || []).find(a => a.subscription === d.subscription
        && Date.parse(a.at) >= since - 1000 && a.outcome === 'success');
      if (done) {
        clearInterval(timer);
        cell.replaceChildren(badge('delivered'), ' ', h('span', { class: 'muted' }, String(done.status)));
      }
    } catch {
      // keep trying: the attempt log may be a moment behind
    }
  }, 1000);
  return timer;
}
