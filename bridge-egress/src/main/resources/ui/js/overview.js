// Throughput and failures of this egress, live: /metrics polled every 2 s, counters turned into rates.
import { h } from './dom.js';
import { liveChart } from './charts.js';

const PERIOD_MS = 2000;
const ATTEMPTS = /^hookbridge_delivery_attempts_total\{([^}]*)\}\s+(\S+)/;
const DEAD = /^hookbridge_dead_letters_total\{[^}]*\}\s+(\S+)/;

/** Sums of the delivery counters in one scrape: succeeded, failed (any other outcome), dead-lettered. */
export function totals(text) {
  const sum = { succeeded: 0, failed: 0, dead: 0 };
  for (const line of text.split('\n')) {
    let m = line.match(ATTEMPTS);
    if (m) {
      sum[/outcome="success"/.test(m[1]) ? 'succeeded' : 'failed'] += Number(m[2]);
    } else if ((m = line.match(DEAD))) {
      sum.dead += Number(m[1]);
    }
  }
  return sum;
}

export async function overviewPage() {
  const throughput = liveChart('Attempts per second', ['delivered', 'failed']);
  const failures = liveChart('Failures', ['failed attempts %', 'dead letters per second'], ['#cf222e', '#9a6700']);
  const figures = h('div', { class: 'stats card' });
  let last;
  let samples = 0;
  async function sample() {
    const res = await fetch('/metrics');
    const now = totals(await res.text());
    const at = Date.now() / 1000;
    if (last) {
      const dt = at - last.at;
      const ok = Math.max(0, now.succeeded - last.succeeded) / dt;
      const bad = Math.max(0, now.failed - last.failed) / dt;
      throughput.add(at, [ok, bad]);
      failures.add(at, [ok + bad ? 100 * bad / (ok + bad) : 0, Math.max(0, now.dead - last.dead) / dt]);
    }
    figures.replaceChildren(
      h('div', {}, h('b', { id: 'total-delivered' }, String(now.succeeded)), 'delivered since start'),
      h('div', {}, h('b', {}, String(now.failed)), 'failed attempts'),
      h('div', {}, h('b', {}, String(now.dead)), 'dead letters'));
    last = { ...now, at };
    figures.dataset.samples = String(++samples);
  }
  await sample();
  const timer = setInterval(() => sample().catch(() => {}), PERIOD_MS);
  return {
    node: h('section', {}, h('h1', {}, 'Overview'),
      h('p', { class: 'muted' }, 'This egress instance, from its /metrics, every 2 s.'),
      figures, h('div', { class: 'charts' }, throughput.node, failures.node)),
    leave: () => clearInterval(timer),
  };
}
