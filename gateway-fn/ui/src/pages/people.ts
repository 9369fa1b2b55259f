import { api } from '../api';
import { h } from '../dom';
import { type Group, groupSettings } from '../group-settings';
import { limitsDialog } from '../limits';
import { type Notice, listing, runner } from '../run';

interface User { id: number; name: string; concurrency: number; active: boolean }
interface Named { id: number; name: string }

/** A number input and a Save button in one cell: saves {@code field} when the value changed. */
function inlineNumber(label: string, current: number, step: string, save: (next: number) => void): HTMLElement {
  const input = h('input', { type: 'number', value: current, min: 0, step, 'aria-label': label, class: 'inline' }) as HTMLInputElement;
  return h('div', { class: 'inline-edit' }, input,
    h('button', { type: 'button', class: 'secondary outline', onclick: () => Number(input.value) !== current && save(Number(input.value)) }, 'Save'));
}

/** Users: create, concurrency, enable or disable, limits, delete (its keys go with it). */
export async function users(root: HTMLElement, notice: Notice): Promise<() => void> {
  const name = h('input', { placeholder: 'alice', required: true, 'aria-label': 'User name' }) as HTMLInputElement;
  const form = h('form', { 'aria-label': 'Create a user' }, h('fieldset', { role: 'group' }, name, h('button', { type: 'submit' }, 'Create user')));
  const list = listing('Users', ['Name', 'Concurrency', 'Active', 'Actions']);
  const limits = limitsDialog(root, notice);
  root.append(h('h2', {}, 'Users'), form, list.table);
  const load = async () => {
    const page = await api.get<{ users: User[] }>('/admin/users?limit=500');
    list.fill(page.users.map((u) => h('tr', { 'data-user': u.id },
      h('td', {}, u.name),
      h('td', {}, inlineNumber(`Concurrency of ${u.name}`, u.concurrency, '1', (next) => run(() => api.patch(`/admin/users/${u.id}`, { concurrency: next }), `${u.name} may now run ${next} at once`))),
      h('td', {}, u.active ? 'yes' : 'no'),
      h('td', { class: 'actions' },
        h('button', { class: 'secondary outline', onclick: () => run(() => api.post(`/admin/users/${u.id}/${u.active ? 'disable' : 'enable'}`), 'Updated') }, u.active ? 'Disable' : 'Enable'),
        h('button', { class: 'secondary outline', onclick: () => limits('users', u.id, u.name) }, 'Limits'),
        h('button', { class: 'secondary outline', onclick: () => window.confirm(`Delete ${u.name} and its keys?`) && run(() => api.del(`/admin/users/${u.id}`), `Deleted ${u.name}`) }, 'Delete')))),
    'No users yet.');
  };
  const run = runner(notice, load);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(() => api.post('/admin/users', { name: name.value }), `Created ${name.value}`).then((ok) => ok && (name.value = ''));
  });
  await load();
  return () => undefined;
}

/** Groups: create, their accounts (add, remove), rate multiplier, settings, limits, delete. */
export async function groups(root: HTMLElement, notice: Notice): Promise<() => void> {
  const name = h('input', { placeholder: 'team-claude', required: true, 'aria-label': 'Group name' }) as HTMLInputElement;
  const platform = h('select', { 'aria-label': 'Platform' }, ...['anthropic', 'openai', 'gemini', 'antigravity', 'mixed'].map((p) => h('option', { value: p }, p))) as HTMLSelectElement;
  const form = h('form', { 'aria-label': 'Create a group' }, h('fieldset', { role: 'group' }, name, platform, h('button', { type: 'submit' }, 'Create group')));
  const list = listing('Groups', ['Name', 'Platforms', 'Accounts', 'Rate ×', 'Actions']);
  const limits = limitsDialog(root, notice);
  const edit = groupSettings(root, notice, () => load());
  root.append(h('h2', {}, 'Groups'), form, list.table);
  const load = async () => {
    const [page, accounts] = await Promise.all([
      api.get<{ groups: Group[] }>('/admin/groups?limit=500'),
      api.get<{ accounts: Named[] }>('/admin/accounts?limit=500'),
    ]);
    const named = (id: number) => accounts.accounts.find((a) => a.id === id)?.name ?? `#${id}`;
    list.fill(page.groups.map((g) => {
      const add = h('select', { 'aria-label': `Account to add to ${g.name}` }, h('option', { value: '' }, 'add an account…'),
        ...accounts.accounts.filter((a) => !g.account_ids.includes(a.id)).map((a) => h('option', { value: a.id }, a.name))) as HTMLSelectElement;
      add.addEventListener('change', () => add.value && run(() => api.post(`/admin/groups/${g.id}/accounts`, { account_ids: [Number(add.value)] }), `Added ${named(Number(add.value))} to ${g.name}`));
      return h('tr', { 'data-group': g.id },
        h('td', {}, g.name), h('td', {}, g.platforms.join(', ')),
        h('td', {}, h('ul', { class: 'members' }, ...g.account_ids.map((id) => h('li', {}, named(id), ' ',
          h('button', { class: 'secondary outline small', 'aria-label': `Remove ${named(id)} from ${g.name}`, onclick: () => run(() => api.del(`/admin/groups/${g.id}/accounts/${id}`), `Removed ${named(id)} from ${g.name}`) }, '×')))), add),
        h('td', {}, inlineNumber(`Rate multiplier of ${g.name}`, g.rate_multiplier, '0.01', (next) => run(() => api.patch(`/admin/groups/${g.id}`, { version: g.version, rate_multiplier: next }), `${g.name} now charges ×${next}`))),
        h('td', { class: 'actions' },
          h('button', { class: 'secondary outline', onclick: () => edit(g, page.groups) }, 'Settings'),
          h('button', { class: 'secondary outline', onclick: () => limits('groups', g.id, g.name) }, 'Limits'),
          h('button', { class: 'secondary outline', onclick: () => window.confirm(`Delete ${g.name}?`) && run(() => api.del(`/admin/groups/${g.id}`), `Deleted ${g.name}`) }, 'Delete')));
    }), 'No groups yet.');
  };
  const run = runner(notice, load);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(() => api.post('/admin/groups', { name: name.value, platform: platform.value }), `Created ${name.value}`).then((ok) => ok && (name.value = ''));
  });
  await load();
  return () => undefined;
}
