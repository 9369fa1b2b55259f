import { api, errorText } from '../api';
import { clear, h, keepingFocus, scroller } from '../dom';
import { accountState, activeCooldown, countdown } from '../format';
import { type Sort, nextSort, sortableHead, sortRows } from '../table';
import { type Account, accountDrawer } from './account-drawer';

type Key = 'name' | 'state' | 'slots' | 'cooldown' | 'expiry';
interface Slots { in_use: number; waiting: number }

const BULK: [string, string][] = [
  ['clear-cooldowns', 'Clear cooldowns'], ['clear-error', 'Clear error'], ['enable', 'Enable'], ['disable', 'Disable'],
  ['schedule', 'Schedule'], ['unschedule', 'Unschedule'], ['refresh', 'Refresh token'], ['delete', 'Delete'],
];
const STATES = ['ready', 'cooling down', 'paused', 'ended', 'error', 'disabled'];

/** A usage window the provider reported, as a bar. */
function windowBar(w: { label: string; used_percent: number; resets_at: string }, now: number): HTMLElement {
  const pct = Math.round(w.used_percent);
  return h('div', { class: 'window' }, h('small', {}, `${w.label} ${pct}%${countdown(w.resets_at, now) ? ` · resets in ${countdown(w.resets_at, now)}` : ''}`),
    h('progress', { value: Math.min(100, pct), max: 100, 'aria-label': `${w.label} window used` }));
}

/**
 * Accounts: state, slots in use, cooldowns with live countdowns and reasons, the last failure, token
 * expiry, the provider's usage windows; filters, sortable columns, bulk actions, and a detail drawer.
 */
export async function accounts(root: HTMLElement, notice: (text: string) => void): Promise<() => void> {
  const filter = h('input', { type: 'search', placeholder: 'Filter by name', 'aria-label': 'Filter accounts' }) as HTMLInputElement;
  const platform = h('select', { 'aria-label': 'Platform filter' }, h('option', { value: '' }, 'every platform'),
    ...['anthropic', 'openai', 'gemini', 'antigravity'].map((p) => h('option', { value: p }, p))) as HTMLSelectElement;
  const state = h('select', { 'aria-label': 'State filter' }, h('option', { value: '' }, 'every state'),
    ...STATES.map((s) => h('option', { value: s }, s))) as HTMLSelectElement;
  const bulkAction = h('select', { 'aria-label': 'Bulk action' }, ...BULK.map(([v, l]) => h('option', { value: v }, l))) as HTMLSelectElement;
  const selected = new Set<number>();
  const count = h('span', { 'aria-live': 'polite' }, 'none selected');
  const bulk = h('form', { class: 'bulk', 'aria-label': 'Bulk actions' }, h('fieldset', { role: 'group' }, bulkAction, h('button', { type: 'submit' }, 'Apply to selected')), count);
  const all = h('input', { type: 'checkbox', 'aria-label': 'Select every account shown' }) as HTMLInputElement;
  const body = h('tbody');
  const table = h('table', { class: 'striped', 'aria-label': 'Accounts' }, body);
  root.append(h('h2', {}, 'Accounts'), h('div', { class: 'grid filters' }, filter, platform, state), bulk, scroller('Accounts table', table));
  let rows: Account[] = [];
  let slots: Record<string, Slots> = {};
  let sort: Sort<Key> = { key: 'name', dir: 'ascending' };
  const drawer = accountDrawer(root, notice, () => load());

  const shown = (now: number) => {
    const q = filter.value.trim().toLowerCase();
    const list = rows.filter((a) => (!q || a.name.toLowerCase().includes(q)) && (!platform.value || a.platform === platform.value)
      && (!state.value || accountState(a, now) === state.value));
    const pick: Record<Key, (a: Account) => string | number | null> = {
      name: (a) => a.name, state: (a) => accountState(a, now),
      slots: (a) => slots[a.id]?.in_use ?? 0, cooldown: (a) => activeCooldown(a, now)?.until ?? null, expiry: (a) => a.token_expires_at,
    };
    return sortRows(list, pick[sort.key], sort.dir);
  };

  const render = () => keepingFocus(() => {
    const now = Date.now();
    const list = shown(now);
    table.querySelector('thead')?.remove();
    const head = sortableHead<Key>([['', null], ['Account', 'name'], ['State', 'state'], ['Slots', 'slots'],
      ['Cooldown', 'cooldown'], ['Last failure', null], ['Token expiry', 'expiry'], ['Actions', null]], sort, (k) => { sort = nextSort(sort, k); render(); });
    head.querySelector('th')?.append(all);
    table.prepend(head);
    all.checked = list.length > 0 && list.every((a) => selected.has(a.id));
    clear(body);
    for (const a of list) {
      const cd = activeCooldown(a, now);
      const st = accountState(a, now);
      const s = slots[a.id];
      const box = h('input', { type: 'checkbox', 'aria-label': `Select ${a.name}`, 'data-focus': `select-${a.id}`, checked: selected.has(a.id) }) as HTMLInputElement;
      box.addEventListener('change', () => { if (box.checked) selected.add(a.id); else selected.delete(a.id); tell(); });
      body.append(h('tr', { 'data-account': a.id },
        h('td', {}, box),
        h('td', {}, h('button', { type: 'button', class: 'link', 'data-focus': `open-${a.id}`, onclick: () => drawer.open(a) }, a.name), h('br'), h('small', {}, `${a.platform} ${a.type} · priority ${a.priority}`)),
        h('td', {}, h('span', { class: `badge ${st.replace(' ', '-')}` }, st), a.error_message ? h('small', { class: 'error' }, ` ${a.error_message}`) : null),
        h('td', { class: 'slots' }, `${s?.in_use ?? 0} / ${a.concurrency}`, s?.waiting ? h('small', {}, ` (${s.waiting} waiting)`) : null),
        h('td', { class: 'cooldown' }, cd ? `${cd.kind} ${countdown(cd.until, now)}${cd.reason ? ` (${cd.reason})` : ''}` : '—',
          ...(a.quota?.windows ?? []).map((w) => windowBar(w, now))),
        h('td', {}, a.last_upstream_status ? `${a.last_upstream_status} ${a.last_upstream_failure ?? ''}` : '—'),
        h('td', {}, a.token_expires_at ? countdown(a.token_expires_at, now) || 'expired' : '—'),
        h('td', { class: 'actions' },
          cd ? h('button', { class: 'secondary', 'data-focus': `clear-${a.id}`, onclick: () => action(a, 'clear-cooldowns', 'Cooldowns cleared') }, 'Clear cooldown') : null,
          a.status === 'active'
            ? h('button', { class: 'secondary outline', 'data-focus': `toggle-${a.id}`, onclick: () => action(a, 'disable', 'Disabled') }, 'Disable')
            : h('button', { class: 'secondary', 'data-focus': `toggle-${a.id}`, onclick: () => action(a, 'enable', 'Enabled') }, 'Enable'))));
    }
    if (!body.firstChild) body.append(h('tr', {}, h('td', { colspan: 8 }, rows.length ? 'No account matches the filters.' : 'No accounts yet: add one.')));
  });
  const tell = () => { count.textContent = selected.size ? `${selected.size} selected` : 'none selected'; render(); };

  const action = async (a: Account, path: string, label: string) => {
    try {
      await api.post(`/admin/accounts/${a.id}/${path}`);
      notice(`${label}: ${a.name}`);
      await load();
    } catch (e) {
      notice(errorText(e));
    }
  };
  const load = async () => {
    rows = (await api.get<{ accounts: Account[] }>('/admin/accounts?limit=500')).accounts;
    slots = rows.length ? (await api.get<{ slots: Record<string, Slots> }>(`/admin/accounts/slots?ids=${rows.map((a) => a.id).join(',')}`)).slots : {};
    for (const id of [...selected]) if (!rows.some((a) => a.id === id)) selected.delete(id);
    render();
  };

  all.addEventListener('change', () => {
    for (const a of shown(Date.now())) if (all.checked) selected.add(a.id); else selected.delete(a.id);
    tell();
  });
  bulk.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!selected.size) return notice('Select accounts first.');
    if (bulkAction.value === 'delete' && !window.confirm(`Delete ${selected.size} accounts?`)) return;
    try {
      const r = await api.post<{ results: Record<string, string> }>('/admin/accounts/bulk', { ids: [...selected], action: bulkAction.value });
      const failed = Object.entries(r.results).filter(([, outcome]) => outcome !== 'ok');
      notice(`${bulkAction.selectedOptions[0].text}: ${Object.keys(r.results).length - failed.length} done`
        + (failed.length ? `; not done: ${failed.map(([id, why]) => `${id} (${why})`).join(', ')}` : ''));
      selected.clear();
      count.textContent = 'none selected';
      await load();
    } catch (e) {
      notice(errorText(e));
    }
  });
  for (const el of [filter, platform, state]) el.addEventListener('input', render);
  await load();
  const tick = window.setInterval(render, 1000);
  const poll = window.setInterval(() => load().catch(() => undefined), 5000);
  return () => {
    window.clearInterval(tick);
    window.clearInterval(poll);
    drawer.close();
  };
}
