import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api } from '../api';
import { clear, h, scroller } from '../dom';
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

/**
 * The last 24 hours, hour by hour, one line per value of the grouping (the {@code top} largest by
 * {@code pick}'s sum; the rest summed as "other"): times in seconds and the lines.
 */
export function byValue(totals: Total[], nowMs: number, pick: (t: Total) => number, top = 5): { xs: number[]; lines: [string, number[]][] } {
  const [xs] = hourly([], nowMs);
  const sums = new Map<string, number>();
  for (const t of totals) sums.set(t.value, (sums.get(t.value) ?? 0) + pick(t));
  const kept = [...sums.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, top).map(([k]) => k);
  const line = (match: (t: Total) => boolean) =>
    xs.map((x) => totals.filter((t) => match(t) && Math.floor(Date.parse(t.bucket) / 1000) === x).reduce((s, t) => s + pick(t), 0));
  const lines: [string, number[]][] = kept.map((k) => [k || '(none)', line((t) => t.value === k)]);
  const rest = line((t) => !kept.includes(t.value));
  if (rest.some((v) => v > 0)) lines.push(['other', rest]);
  return { xs, lines };
}

const COLOURS = ['#2060c0', '#1a7f4b', '#8a4fbf', '#b35c00', '#0f7c8c', '#6b7280'];

/** A line chart of {@code lines} over {@code xs}, drawn into {@code el}. */
function draw(el: HTMLElement, width: number, xs: number[], lines: [string, number[]][]): uPlot {
  clear(el);
  return new uPlot(
    { width, height: 200, series: [{}, ...lines.map(([label], i) => ({ label, stroke: label === 'errors' ? '#c03030' : COLOURS[i % COLOURS.length], width: 2 }))], axes: [{}, {}] },
    [xs, ...lines.map(([, v]) => v)],
    el,
  );
}

/** The request log's query: its filters (blank ones left out), a page of 50 before {@code before}. */
export function logQuery(range: string, f: Record<string, string>, before: number | null): string {
  const parts = [range, 'limit=50'];
  for (const [k, v] of Object.entries(f)) if (v.trim()) parts.push(`${k}=${encodeURIComponent(v.trim())}`);
  if (before !== null) parts.push(`before_id=${before}`);
  return `/admin/usage/requests?${parts.join('&')}`;
}

/**
 * Usage: requests (with errors) and tokens per hour, a line per model, account, key or group, the
 * totals, and the request log with filters and paging.
 */
export async function usage(root: HTMLElement): Promise<() => void> {
  const by = h('select', { 'aria-label': 'Group by' }, ...['model', 'account', 'api_key', 'group'].map((v) => h('option', { value: v }, `by ${v.replace('_', ' ')}`))) as HTMLSelectElement;
  const chart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Requests per hour' });
  const tokenChart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Tokens per hour' });
  const totals = h('tbody');
  const log = h('tbody');
  const filters = h('form', { class: 'grid filters', 'aria-label': 'Filter the request log' },
    h('input', { name: 'model', placeholder: 'model', 'aria-label': 'Model filter' }),
    h('input', { name: 'status', type: 'number', min: 100, max: 599, placeholder: 'status', 'aria-label': 'Status filter' }),
    h('input', { name: 'account_id', type: 'number', min: 1, placeholder: 'account id', 'aria-label': 'Account filter' }),
    h('input', { name: 'api_key_id', type: 'number', min: 1, placeholder: 'key id', 'aria-label': 'Key filter' }),
    h('button', { type: 'submit', class: 'secondary' }, 'Filter')) as HTMLFormElement;
  const newer = h('button', { type: 'button', class: 'secondary outline', disabled: true }, '← Newest') as HTMLButtonElement;
  const older = h('button', { type: 'button', class: 'secondary outline', disabled: true }, 'Older →') as HTMLButtonElement;
  const where = h('small', { 'aria-live': 'polite' });
  const pager = h('div', { class: 'pager' }, newer, older, where);
  // The page shown: null is the newest; otherwise the id the page starts below.
  let before: number | null = null;
  let next: number | null = null;
  root.append(h('h2', {}, 'Usage'), by, h('h3', {}, 'Requests per hour'), chart, h('h3', {}, 'Tokens per hour'), tokenChart,
    scroller('Totals table', h('table', { 'aria-label': 'Totals' }, h('thead', {}, h('tr', {}, ...['Hour', 'Value', 'Requests', 'Tokens in/out', 'Errors', 'Cost'].map((t) => h('th', { scope: 'col' }, t)))), totals)),
    h('h3', {}, 'Request log'), filters, pager,
    scroller('Request log table', h('table', { class: 'striped', 'aria-label': 'Request log' }, h('thead', {}, h('tr', {}, ...['When', 'Model', 'Status', 'Account', 'Key', 'Tokens in/out', 'Cost', 'ms'].map((t) => h('th', { scope: 'col' }, t)))), log)));
  let plots: uPlot[] = [];

  const load = async () => {
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 24 * 3600_000).toISOString();
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const [t, l] = await Promise.all([
      api.get<{ totals: Total[] }>(`/admin/usage?${range}&group_by=${by.value}&bucket=hour`),
      api.get<{ requests: Logged[]; next_before_id: number | null }>(logQuery(range, Object.fromEntries(
        [...new FormData(filters).entries()].map(([k, v]) => [k, String(v)])), before)),
    ]);
    next = l.next_before_id;
    older.disabled = next === null;
    newer.disabled = before === null;
    where.textContent = `${l.requests.length} requests${before === null ? ', newest first' : ` before #${before}`}`;
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
    const now = Date.now();
    const [xs, , errs] = hourly(t.totals, now);
    const width = Math.max(300, chart.clientWidth || root.clientWidth || 600);
    plots.forEach((p) => p.destroy());
    plots = [
      draw(chart, width, xs, [...byValue(t.totals, now, (x) => x.requests).lines, ['errors', errs]]),
      draw(tokenChart, width, xs, byValue(t.totals, now, (x) => x.input_tokens + x.output_tokens).lines),
    ];
  };
  by.addEventListener('change', () => load());
  filters.addEventListener('submit', (ev) => { ev.preventDefault(); before = null; load(); });
  older.addEventListener('click', () => { before = next; load(); });
  newer.addEventListener('click', () => { before = null; load(); });
  await load();
  const poll = window.setInterval(() => before === null && load().catch(() => undefined), 10_000);
  return () => {
    window.clearInterval(poll);
    plots.forEach((p) => p.destroy());
  };
}
