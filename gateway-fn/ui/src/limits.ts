import { api, errorText } from './api';
import { clear, h } from './dom';
import { usd } from './format';
import { type Notice, field, value } from './run';

interface Spend { limit_usd: number; spent_usd: number; remaining_usd: number; resets_at: string }
interface Limits { requests_per_minute: number; tokens_per_day?: number; budgets: Record<string, number>; spend: Record<string, Spend> }

const WINDOWS: [string, string][] = [['5h', '5 hours'], ['day', 'day'], ['week', 'week'], ['month', 'month']];

/**
 * The limits of a key, user or group in a modal dialog: requests per minute, tokens per day (keys),
 * budgets in dollars per window with where each stands now. Saving replaces them (blank: none).
 */
export function limitsDialog(host: HTMLElement, notice: Notice) {
  const dialog = h('dialog', { 'aria-labelledby': 'limits-title' }) as HTMLDialogElement;
  host.append(dialog);
  return async (kind: 'api-keys' | 'users' | 'groups', id: number, name: string) => {
    let current: Limits;
    try {
      current = await api.get<Limits>(`/admin/${kind}/${id}/limits`);
    } catch (e) {
      notice(errorText(e));
      return;
    }
    const form = h('form', { 'aria-label': `Limits of ${name}` },
      field('Requests per minute (0: none)', h('input', { name: 'rpm', type: 'number', min: 0, value: current.requests_per_minute })),
      kind === 'api-keys' ? field('Tokens per day (0: none)', h('input', { name: 'tpd', type: 'number', min: 0, value: current.tokens_per_day ?? 0 })) : null,
      h('fieldset', {}, h('legend', {}, 'Budgets in dollars (blank: none)'), h('div', { class: 'grid' },
        ...WINDOWS.map(([w, label]) => field(`Per ${label}`, h('input', { name: `budget-${w}`, type: 'number', min: 0, step: 'any', value: current.budgets[w] ?? '' }))))),
      h('ul', {}, ...Object.entries(current.spend ?? {}).map(([w, s]) =>
        h('li', {}, `${w}: ${usd(s.spent_usd)} of ${usd(s.limit_usd)} spent, resets ${s.resets_at}`))),
      h('footer', {}, h('button', { type: 'button', class: 'secondary outline', onclick: () => dialog.close() }, 'Cancel'), h('button', { type: 'submit' }, 'Save limits'))) as HTMLFormElement;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const budgets: Record<string, number> = {};
      for (const [w] of WINDOWS) if (value(form, `budget-${w}`)) budgets[w] = Number(value(form, `budget-${w}`));
      const body: Record<string, unknown> = { requests_per_minute: Number(value(form, 'rpm') || 0), budgets };
      if (kind === 'api-keys') body['tokens_per_day'] = Number(value(form, 'tpd') || 0);
      try {
        await api.put(`/admin/${kind}/${id}/limits`, body);
        notice(`Limits saved for ${name}`);
        dialog.close();
      } catch (e) {
        notice(errorText(e));
      }
    });
    clear(dialog);
    dialog.append(h('article', {}, h('h3', { id: 'limits-title' }, `Limits of ${name}`), form));
    dialog.showModal();
  };
}
