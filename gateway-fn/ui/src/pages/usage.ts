import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from '../api';
import { clear, h } from '../dom';
import { usd } from '../format';

export interface Total { bucket: string; value: string; requests: number; input_tokens: number; output_tokens: number; errors: number; cost_usd: number | null }
interface Logged { id: number; created_at: string; model: string; status: number; account_id: number; api_key_id: number; input_tokens: number; output_tokens: number; cost_usd: number | null; duration_ms: number }

/** The last 24 hours, hour by hour (empty hours as 0): times in seconds, requests, errors. */
export function hourly(totals: Total[], nowMs: number): [number[], number[], number[]] {
  const last = Math.floor(nowMs / 3600_000) * 3600;
  const xs = Array.from({ length: 24 }, (_, i) => last - (23 - i) * 3600);
  const at = (x: number, pick: (t: Total) => number) =>
    totals.filter((t) => Math.floor(Date.parse(t.bucket) / 1000) === x).reduce((s, t) => s + pick(t), 0);
  return [xs, xs.map((x) => at(x, (t) => t.requests)), xs.map((x) => at(x, (t) => t.errors))];
}

/** Usage: requests, tokens and errors per hour by model, account or key, and the request log. */
export async function usage(root: HTMLElement): Promise<() => void> {
  const by = h('select', { 'aria-label': 'Group by' }, ...['model', 'account', 'api_key', 'group'].map((v) => h('option', { value: v }, `by ${v.replace('_', ' ')}`))) as HTMLSelectElement;
  const chart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Requests per hour' });
  const totals = h('tbody');
  const log = h('tbody');
  root.append(h('h2', {}, 'Usage'), by, chart,
    h('div', { class: 'overflow-auto' }, h('table', { 'aria-label': 'Totals' }, h('thead', {}, h('tr', {}, ...['Hour', 'Value', 'Requests', 'Tokens in/out', 'Errors', 'Cost'].map((t) => h('th', { scope: 'col' }, t)))), totals)),
    h('h3', {}, 'Request log'),
    h('div', { class: 'overflow-auto' }, h('table', { class: 'striped', 'aria-label': 'Request log' }, h('thead', {}, h('tr', {}, ...['When', 'Model', 'Status', 'Account', 'Key', 'Tokens in/out', 'Cost', 'ms'].map((t) => h('th', { scope: 'col' }, t)))), log)));
  let plot: uPlot | null = null;

  const load = async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 24 * 3600_000).toISOString();
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const [t, l] = await Promise.all([
      api.get<{ totals: Total[] }>(`/admin/usage?${range}&group_by=${by.value}&bucket=hour`),
      api.get<{ requests: Logged[] }>(`/admin/usage/requests?${range}&limit=50`),
    ]);
    clear(totals);
    for (const x of t.totals) {
      totals.append(h('tr', {}, h('td', {}, x.bucket), h('td', {}, x.value), h('td', {}, String(x.requests)),
        h('td', {}, `${x.input_tokens} / ${x.output_tokens}`), h('td', {}, String(x.errors)), h('td', {}, usd(x.cost_usd))));
    }
    clear(log);
    for (const r of l.requests) {
      log.append(h('tr', { 'data-request': r.id }, h('td', {}, r.created_at), h('td', {}, r.model), h('td', {}, String(r.status)),
        h('td', {}, String(r.account_id)), h('td', {}, String(r.api_key_id)), h('td', {}, `${r.input_tokens} / ${r.output_tokens}`),
        h('td', {}, usd(r.cost_usd)), h('td', {}, String(r.duration_ms))));
    }
    const [xs, reqs, errs] = hourly(t.totals, Date.now());
    plot?.destroy();
    clear(chart);
    plot = new uPlot(
      { width: Math.max(300, chart.clientWidth || root.clientWidth || 600), height: 220,
        series: [{}, { label: 'requests', stroke: '#2060c0', width: 2 }, { label: 'errors', stroke: '#c03030', width: 2 }],
        axes: [{}, {}] },
      [xs, reqs, errs],
      chart,
    );
  };
  by.addEventListener('change', () => load());
  await load();
  const poll = window.setInterval(() => load().catch(() => undefined), 10_000);
  return () => {
    window.clearInterval(poll);
    plot?.destroy();
  };
}
