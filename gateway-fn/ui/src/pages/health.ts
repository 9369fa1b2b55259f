import { api } from '../api';
import { clear, h } from '../dom';
import { parseMetrics, total } from '../format';

interface Health {
  status?: string;
  components?: Record<string, { status?: string }>;
}

interface Open { condition: string; kind: string; summary: string; since: string }

/** Health: components, refresher sweeps, failovers (from /metrics) and the alerts open now. */
export async function health(root: HTMLElement): Promise<() => void> {
  const figures = h('div', { class: 'grid figures' });
  const alerts = h('ul', { 'aria-label': 'Open alerts' });
  root.append(h('h2', {}, 'Health'), figures, h('h3', {}, 'Open alerts'), alerts);
  const load = async () => {
    const [metrics, status, state] = await Promise.all([
      api.text('/metrics'),
      api.get<{ open: Open[] }>('/admin/alerts'),
      fetch('/health')
        .then((r) => r.json() as Promise<Health>)
        .catch((): Health => ({ status: 'unknown' })),
    ]);
    const s = parseMetrics(metrics);
    const figure = (label: string, value: string) => h('article', { class: 'figure' }, h('small', {}, label), h('p', {}, value));
    clear(figures);
    figures.append(
      figure('Gateway', String(state.status ?? 'unknown')),
      ...Object.entries(state.components ?? {}).map(([name, c]) => figure(name, String(c.status ?? '?'))),
      figure('Requests', String(total(s, 'subgate_requests_total'))),
      figure('Failovers', String(total(s, 'subgate_proxy_account_switches_total'))),
      figure('Token refreshes', String(total(s, 'subgate_token_refresh_success_total'))),
      figure('Refreshes failed', String(total(s, 'subgate_token_refresh_failure_total'))),
      figure('Sweeps: accounts refreshed', String(total(s, 'subgate_refresher_refreshed_total'))),
      figure('Alert deliveries failed', String(total(s, 'subgate_alert_deliveries_total', { outcome: 'failed' }))),
    );
    clear(alerts);
    for (const a of status.open) alerts.append(h('li', {}, h('strong', {}, a.kind), ` ${a.summary} (since ${a.since})`));
    if (!status.open.length) alerts.append(h('li', {}, 'None.'));
  };
  await load();
  const poll = window.setInterval(() => load().catch(() => undefined), 10_000);
  return () => window.clearInterval(poll);
}
