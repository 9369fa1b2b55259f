import { api, errorText } from '../api';
import { clear, h } from '../dom';

/** Runs {@code what}, tells the outcome, then reloads the page's list. */
function runner(notice: (text: string) => void, load: () => Promise<void>) {
  return async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      notice(done);
      await load();
    } catch (e) {
      notice(errorText(e));
    }
  };
}

interface User { id: number; name: string; concurrency: number; active: boolean }
interface Group { id: number; name: string; platforms: string[]; account_ids: number[]; rate_multiplier: number }

/** Users: create, enable or disable, delete. */
export async function users(root: HTMLElement, notice: (text: string) => void): Promise<() => void> {
  const name = h('input', { placeholder: 'alice', required: true, 'aria-label': 'User name' }) as HTMLInputElement;
  const form = h('form', { 'aria-label': 'Create a user' }, h('fieldset', { role: 'group' }, name, h('button', { type: 'submit' }, 'Create user')));
  const body = h('tbody');
  root.append(h('h2', {}, 'Users'), form, h('table', { class: 'striped', 'aria-label': 'Users' },
    h('thead', {}, h('tr', {}, ...['Name', 'Concurrency', 'Active', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))), body));
  const load = async () => {
    const page = await api.get<{ users: User[] }>('/admin/users?limit=500');
    clear(body);
    for (const u of page.users) {
      body.append(h('tr', {}, h('td', {}, u.name), h('td', {}, String(u.concurrency)), h('td', {}, u.active ? 'yes' : 'no'),
        h('td', {}, h('button', { class: 'secondary outline', onclick: () => run(() => api.post(`/admin/users/${u.id}/${u.active ? 'disable' : 'enable'}`), 'Updated') }, u.active ? 'Disable' : 'Enable'))));
    }
  };
  const run = runner(notice, () => load());
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(() => api.post('/admin/users', { name: name.value }), `Created ${name.value}`).then(() => (name.value = ''));
  });
  await load();
  return () => undefined;
}

/** Groups: create, list with their accounts, delete. */
export async function groups(root: HTMLElement, notice: (text: string) => void): Promise<() => void> {
  const name = h('input', { placeholder: 'team-claude', required: true, 'aria-label': 'Group name' }) as HTMLInputElement;
  const platform = h('select', { 'aria-label': 'Platform' }, ...['anthropic', 'openai', 'gemini', 'antigravity', 'mixed'].map((p) => h('option', { value: p }, p))) as HTMLSelectElement;
  const form = h('form', { 'aria-label': 'Create a group' }, h('fieldset', { role: 'group' }, name, platform, h('button', { type: 'submit' }, 'Create group')));
  const body = h('tbody');
  root.append(h('h2', {}, 'Groups'), form, h('table', { class: 'striped', 'aria-label': 'Groups' },
    h('thead', {}, h('tr', {}, ...['Name', 'Platforms', 'Accounts', 'Rate ×', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))), body));
  const load = async () => {
    const page = await api.get<{ groups: Group[] }>('/admin/groups?limit=500');
    clear(body);
    for (const g of page.groups) {
      body.append(h('tr', {}, h('td', {}, g.name), h('td', {}, g.platforms.join(', ')), h('td', {}, g.account_ids.join(', ') || '—'),
        h('td', {}, String(g.rate_multiplier)),
        h('td', {}, h('button', { class: 'secondary outline', onclick: () => run(() => api.del(`/admin/groups/${g.id}`), `Deleted ${g.name}`) }, 'Delete'))));
    }
  };
  const run = runner(notice, () => load());
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(() => api.post('/admin/groups', { name: name.value, platform: platform.value }), `Created ${name.value}`).then(() => (name.value = ''));
  });
  await load();
  return () => undefined;
}
