import { api, errorText } from '../api';
import { clear, h } from '../dom';
import { usd } from '../format';
import { field } from '../run';
import { readEvents } from '../sse';

export interface Account extends Record<string, unknown> {
  id: number;
  name: string;
  platform: string;
  type: string;
  status: string;
  schedulable_now: boolean;
  priority: number;
  concurrency: number;
  token_expires_at: string | null;
  last_upstream_status: number | null;
  last_upstream_failure: string | null;
  last_upstream_failure_at: string | null;
  error_message: string | null;
  version: number;
  rpm_limit: number;
  session_limit: number;
  rate_multiplier: number;
  proxy_id: number | null;
  ends_at: string | null;
  upstream_account_id: string | null;
  project_id: string | null;
  has_refresh_token: boolean;
  model_cooldowns: Record<string, string>;
  quota: { windows: { label: string; used_percent: number; resets_at: string }[] } | null;
}
interface Spend { windows: { label: string; source: string; requests: number; api_price_usd: number | null }[] }
interface Proxy { id: number; name: string }

function number(label: string, name: string, value: number, min: number, step = 1): HTMLElement {
  return field(label, h('input', { type: 'number', name, value, min, step, required: true }));
}

/**
 * The detail drawer (a modal dialog: focus stays inside, Escape closes it): what the account is,
 * its spend at API prices, its settings to edit, and a health check whose steps appear as they end.
 */
export function accountDrawer(root: HTMLElement, notice: (text: string) => void, reload: () => Promise<void>) {
  const dialog = h('dialog', { 'aria-labelledby': 'drawer-title', class: 'drawer' }) as HTMLDialogElement;
  root.append(dialog);

  const details = (a: Account) => {
    const rows: [string, string | number | null][] = [
      ['Platform', `${a.platform} · ${a.type}`], ['Status', a.status + (a.error_message ? ` — ${a.error_message}` : '')],
      ['Token expires', a.token_expires_at], ['Refresh token', a.has_refresh_token ? 'yes' : 'no'],
      ['Upstream account', a.upstream_account_id], ['Project', a.project_id],
      ['Last failure', a.last_upstream_status ? `${a.last_upstream_status} ${a.last_upstream_failure ?? ''} at ${a.last_upstream_failure_at ?? ''}` : null],
      ['Ends', a.ends_at],
      ...Object.entries(a.model_cooldowns ?? {}).map(([m, until]): [string, string] => [`Model ${m}`, `cooling down until ${until}`]),
    ];
    return h('dl', {}, ...rows.filter(([, v]) => v !== null && v !== '').flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
  };

  const editor = (a: Account, proxies: Proxy[]) => {
    const proxy = h('select', { name: 'proxy_id' }, h('option', { value: '' }, 'direct (no proxy)'),
      ...proxies.map((p) => h('option', { value: p.id, selected: p.id === a.proxy_id }, p.name))) as HTMLSelectElement;
    const form = h('form', { 'aria-label': 'Account settings' },
      h('div', { class: 'grid' }, number('Priority', 'priority', a.priority, 0), number('Concurrency', 'concurrency', a.concurrency, 1)),
      h('div', { class: 'grid' }, number('Requests per minute (0: none)', 'rpm_limit', a.rpm_limit, 0), number('Sessions (0: none)', 'session_limit', a.session_limit, 0)),
      h('div', { class: 'grid' }, number('Rate multiplier', 'rate_multiplier', a.rate_multiplier, 0, 0.01), field('Egress proxy', proxy)),
      h('button', { type: 'submit' }, 'Save settings')) as HTMLFormElement;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const v = (n: string) => Number((form.elements.namedItem(n) as HTMLInputElement).value);
      try {
        const next = await api.patch<Account>(`/admin/accounts/${a.id}`, {
          version: a.version, priority: v('priority'), concurrency: v('concurrency'), rpm_limit: v('rpm_limit'),
          session_limit: v('session_limit'), rate_multiplier: v('rate_multiplier'), proxy_id: proxy.value ? Number(proxy.value) : null,
        });
        notice(`Saved ${next.name}`);
        await reload();
        open(next);
      } catch (e) {
        notice(errorText(e));
      }
    });
    return form;
  };

  const checker = (a: Account) => {
    const steps = h('ol', { class: 'steps', 'aria-live': 'polite', 'aria-label': 'Health check steps' });
    const outcome = h('p', { role: 'status' });
    const run = h('button', { type: 'button', class: 'secondary' }, 'Run health check') as HTMLButtonElement;
    run.addEventListener('click', async () => {
      run.disabled = true;
      clear(steps);
      outcome.textContent = 'Checking…';
      try {
        await readEvents(await api.events(`/admin/accounts/${a.id}/check`), (e) => {
          const d = JSON.parse(e.data) as { step?: string; ok?: boolean; detail?: string; success?: boolean };
          if (e.event === 'step') steps.append(h('li', { class: d.ok ? 'ok' : 'failed' }, `${d.ok ? '✓' : '✗'} ${d.step}: ${d.detail ?? ''}`));
          if (e.event === 'check_complete') outcome.textContent = d.success ? 'Healthy: every step passed.' : 'Not healthy: see the failed step.';
        });
        await reload();
      } catch (e) {
        outcome.textContent = errorText(e);
      } finally {
        run.disabled = false;
      }
    });
    return h('section', {}, h('h4', {}, 'Health check'), run, steps, outcome);
  };

  const open = async (a: Account) => {
    clear(dialog);
    const close = h('button', { class: 'close', rel: 'prev', 'aria-label': 'Close', onclick: () => dialog.close() });
    const spend = h('p', {}, 'Spend: reading…');
    const settings = h('div', {});
    dialog.append(h('article', {},
      h('header', {}, close, h('h3', { id: 'drawer-title' }, a.name)),
      details(a), checker(a), spend, settings,
      h('footer', {},
        a.has_refresh_token ? h('button', { class: 'secondary outline', onclick: () => act(a, 'refresh', 'Token refreshed') }, 'Refresh token') : null,
        h('button', { class: 'secondary outline', onclick: () => window.confirm(`Delete ${a.name}?`) && act(a, '', 'Deleted', true) }, 'Delete account'))));
    if (!dialog.open) dialog.showModal();
    try {
      const [s, p] = await Promise.all([api.get<Spend>(`/admin/accounts/${a.id}/spend`), api.get<{ proxies: Proxy[] }>('/admin/proxies')]);
      spend.textContent = 'Spend at API prices: ' + s.windows.map((w) => `${w.label} ${usd(w.api_price_usd)} (${w.requests} requests, ${w.source})`).join(' · ');
      settings.append(editor(a, p.proxies));
    } catch (e) {
      spend.textContent = errorText(e);
    }
  };

  const act = async (a: Account, path: string, done: string, remove = false) => {
    try {
      if (remove) await api.del(`/admin/accounts/${a.id}`);
      else await api.post(`/admin/accounts/${a.id}/${path}`);
      notice(`${done}: ${a.name}`);
      if (remove) dialog.close();
      await reload();
    } catch (e) {
      notice(errorText(e));
    }
  };

  return { open, close: () => dialog.open && dialog.close() };
}
