import { api, errorText } from '../api';
import { clear, h } from '../dom';
import { activeCooldown, countdown } from '../format';

interface Account extends Record<string, unknown> {
  id: number;
  name: string;
  platform: string;
  type: string;
  status: string;
  schedulable: boolean;
  schedulable_now: boolean;
  concurrency: number;
  token_expires_at: string | null;
  last_upstream_status: number | null;
  last_upstream_failure: string | null;
  error_message: string | null;
  version: number;
}

/** Accounts: status, cooldowns with live countdowns, the last failure; actions per account. */
export async function accounts(root: HTMLElement, notice: (text: string) => void): Promise<() => void> {
  const filter = h('input', { type: 'search', placeholder: 'Filter by name or platform', 'aria-label': 'Filter accounts' }) as HTMLInputElement;
  const body = h('tbody');
  const table = h('table', { class: 'striped', 'aria-label': 'Accounts' },
    h('thead', {}, h('tr', {}, ...['Account', 'Platform', 'Status', 'Cooldown', 'Last failure', 'Token expiry', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
    body);
  root.append(h('h2', {}, 'Accounts'), filter, h('div', { class: 'overflow-auto' }, table));
  let rows: Account[] = [];

  const action = async (a: Account, path: string, label: string) => {
    try {
      await api.post(`/admin/accounts/${a.id}/${path}`);
      notice(`${label}: ${a.name}`);
      await load();
    } catch (e) {
      notice(errorText(e));
    }
  };

  const render = () => {
    clear(body);
    const q = filter.value.trim().toLowerCase();
    const now = Date.now();
    for (const a of rows.filter((r) => !q || r.name.toLowerCase().includes(q) || r.platform.includes(q))) {
      const cd = activeCooldown(a, now);
      const state = a.status !== 'active' ? a.status : a.schedulable_now ? 'ready' : cd ? 'cooling down' : 'paused';
      body.append(
        h('tr', { 'data-account': a.id },
          h('td', {}, h('strong', {}, a.name), h('br'), h('small', {}, `${a.type} · ${a.concurrency} slots`)),
          h('td', {}, a.platform),
          h('td', {}, h('span', { class: `badge ${state.replace(' ', '-')}` }, state), a.error_message ? h('small', { class: 'error' }, ` ${a.error_message}`) : null),
          h('td', { class: 'cooldown' }, cd ? `${cd.kind} ${countdown(cd.until, now)}${cd.reason ? ` (${cd.reason})` : ''}` : '—'),
          h('td', {}, a.last_upstream_status ? `${a.last_upstream_status} ${a.last_upstream_failure ?? ''}` : '—'),
          h('td', {}, a.token_expires_at ? countdown(a.token_expires_at, now) || 'expired' : '—'),
          h('td', { class: 'actions' },
            cd ? h('button', { class: 'secondary', onclick: () => action(a, 'clear-cooldowns', 'Cooldowns cleared') }, 'Clear cooldown') : null,
            a.status === 'active'
              ? h('button', { class: 'secondary outline', onclick: () => action(a, 'disable', 'Disabled') }, 'Disable')
              : h('button', { class: 'secondary', onclick: () => action(a, 'enable', 'Enabled') }, 'Enable'),
          ),
        ),
      );
    }
    if (!body.firstChild) body.append(h('tr', {}, h('td', { colspan: 7 }, 'No accounts yet: add one.')));
  };

  const load = async () => {
    const page = await api.get<{ accounts: Account[] }>('/admin/accounts?limit=500');
    rows = page.accounts;
    render();
  };
  filter.addEventListener('input', render);
  await load();
  const tick = window.setInterval(render, 1000);
  const poll = window.setInterval(() => load().catch(() => undefined), 5000);
  return () => {
    window.clearInterval(tick);
    window.clearInterval(poll);
  };
}
