// The dashboard's shell: log in, then one page per hash route (#/subscriptions, #/subscriptions/{id}, ...).
import { h } from './dom.js';
import { ApiError, get, serves, token } from './api.js';
import { subscriptionsPage } from './subscriptions.js';
import { subscriptionPage } from './subscription.js';
import { deadLettersPage } from './dead-letters.js';
import { eventPage } from './event.js';
import { overviewPage } from './overview.js';

const view = document.getElementById('view');
const nav = document.getElementById('nav');

const routes = [
  [/^#\/overview$/, () => overviewPage()],
  [/^#\/subscriptions$/, () => subscriptionsPage()],
  [/^#\/subscriptions\/([^/?]+)$/, id => subscriptionPage(id)],
  [/^#\/dead-letters(?:\?subscription=([^&]+))?$/, subscription => deadLettersPage(subscription)],
  [/^#\/events\/([^/?]+)$/, id => eventPage(id)],
];

let leave = () => {}; // what the page left running (a poll), stopped when another page opens

async function show() {
  leave();
  leave = () => {};
  if (!token.get()) return loginPage();
  nav.hidden = false;
  const hash = location.hash || '#/subscriptions';
  for (const [pattern, page] of routes) {
    const match = hash.match(pattern);
    if (!match) continue;
    try {
      const result = await page(...match.slice(1).map(p => p && decodeURIComponent(p)));
      view.replaceChildren(result.node || result);
      if (result.leave) leave = result.leave;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return loginPage();
      view.replaceChildren(h('p', { class: 'error' }, 'Could not load this page: ' + e.message));
    }
    return;
  }
  location.hash = '#/subscriptions';
}

function loginPage() {
  nav.hidden = true;
  const error = h('p', { class: 'error', role: 'alert' });
  const input = h('input', { type: 'password', name: 'token', id: 'token', autocomplete: 'current-password', required: true });
  const form = h('form', { class: 'card login', onsubmit: async event => {
    event.preventDefault();
    token.set(input.value.trim());
    try {
      await get('/api/v1/subscriptions');
      if (location.hash === '#/login') location.hash = '#/subscriptions';
      else show();
    } catch (e) {
      token.clear();
      error.textContent = e instanceof ApiError && e.status === 401 ? 'That token is not the admin token.' : e.message;
    }
  } },
    h('h1', {}, 'Log in'),
    h('label', { for: 'token' }, 'Admin token (egress.adminToken)'),
    input,
    h('button', { class: 'primary', type: 'submit' }, 'Log in'),
    error);
  view.replaceChildren(form);
  input.focus();
}

document.getElementById('logout').addEventListener('click', () => {
  token.clear();
  location.hash = '#/login';
  show();
});

const lookup = document.getElementById('event-lookup');
serves('get', '/events/{eventId}').then(yes => { lookup.hidden = !yes; });
lookup.addEventListener('submit', event => {
  event.preventDefault();
  const id = lookup.elements.event.value.trim();
  if (id) location.hash = '#/events/' + encodeURIComponent(id);
});

window.addEventListener('hashchange', show);
show();
