import { api } from '../api';
import { h } from '../dom';
import { type Notice, field, listing, runner, value } from '../run';

interface Rule { id: number; account_id: number | null; platform: string | null; status: number; keyword: string | null; action: string; cooldown_seconds: number; description: string }

/** Operator rules for upstream errors: what a status (and a word of its body) does to an account. */
export function rules(notice: Notice) {
  const form = h('form', { 'aria-label': 'Add a rule' },
    h('div', { class: 'grid' },
      field('Upstream status', h('input', { name: 'status', type: 'number', min: 100, max: 599, required: true, placeholder: '503' })),
      field('Body keyword (optional)', h('input', { name: 'keyword', placeholder: 'maintenance' })),
      field('Action', h('select', { name: 'action' }, ...[['cooldown', 'cool the account down'], ['disable', 'disable the account'], ['pass_through', 'pass the answer to the client']]
        .map(([v, l]) => h('option', { value: v }, l)))),
      field('Cooldown seconds', h('input', { name: 'cooldown_seconds', type: 'number', min: 1, value: 300 }))),
    h('div', { class: 'grid' },
      field('Scope', h('select', { name: 'scope' }, h('option', { value: '' }, 'every account'),
        ...['anthropic', 'openai', 'gemini', 'antigravity'].map((p) => h('option', { value: `platform:${p}` }, `${p} accounts`)))),
      field('Account id (optional, narrower)', h('input', { name: 'account_id', type: 'number', min: 1 })),
      field('Description', h('input', { name: 'description', placeholder: 'why this rule exists' }))),
    h('button', { type: 'submit' }, 'Add rule')) as HTMLFormElement;
  const list = listing('Rules', ['Status', 'Keyword', 'Scope', 'Action', 'Description', 'Actions']);
  const load = async () => {
    const page = await api.get<{ rules: Rule[] }>('/admin/rules');
    list.fill(page.rules.map((r) => h('tr', { 'data-rule': r.id },
      h('td', {}, String(r.status)), h('td', {}, r.keyword ?? '—'),
      h('td', {}, r.account_id ? `account #${r.account_id}` : r.platform ? `${r.platform} accounts` : 'every account'),
      h('td', {}, r.action === 'cooldown' ? `cooldown ${r.cooldown_seconds} s` : r.action.replace('_', ' ')),
      h('td', {}, r.description),
      h('td', { class: 'actions' }, h('button', { class: 'secondary outline', onclick: () => run(() => api.del(`/admin/rules/${r.id}`), `Deleted rule ${r.id}`) }, 'Delete')))),
    'No rules: upstream errors are judged by the built-in taxonomy alone.');
  };
  const run = runner(notice, load);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body: Record<string, unknown> = { status: Number(value(form, 'status')), action: value(form, 'action') };
    if (value(form, 'keyword')) body['keyword'] = value(form, 'keyword');
    if (body['action'] === 'cooldown') body['cooldown_seconds'] = Number(value(form, 'cooldown_seconds'));
    if (value(form, 'account_id')) body['account_id'] = Number(value(form, 'account_id'));
    else if (value(form, 'scope')) body['platform'] = value(form, 'scope').replace('platform:', '');
    if (value(form, 'description')) body['description'] = value(form, 'description');
    run(() => api.post('/admin/rules', body), 'Added rule').then((ok) => ok && form.reset());
  });
  return { section: h('section', { 'aria-labelledby': 'rules-title' }, h('h3', { id: 'rules-title' }, 'Error rules'), form, list.table), load };
}
