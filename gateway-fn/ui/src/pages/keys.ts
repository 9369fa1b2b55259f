import { api, errorText } from '../api';
import { clear, h, scroller } from '../dom';
import { limitsDialog } from '../limits';

interface Key { id: number; name: string; prefix: string; status: string; user_id: number; group_id: number; last_used_at: string | null }
interface Named { id: number; name: string }

/** Keys: create (the key shown once, with a copy button), limits, revoke, delete. */
export async function keys(root: HTMLElement, notice: (text: string) => void): Promise<() => void> {
  const [users, groups] = await Promise.all([
    api.get<{ users: Named[] }>('/admin/users?limit=500'),
    api.get<{ groups: Named[] }>('/admin/groups?limit=500'),
  ]);
  const name = h('input', { name: 'name', required: true, placeholder: 'laptop', 'aria-label': 'Key name' }) as HTMLInputElement;
  const user = h('select', { name: 'user', 'aria-label': 'User' }, ...users.users.map((u) => h('option', { value: u.id }, u.name))) as HTMLSelectElement;
  const group = h('select', { name: 'group', 'aria-label': 'Group' }, ...groups.groups.map((g) => h('option', { value: g.id }, g.name))) as HTMLSelectElement;
  const shown = h('div', { class: 'shown', 'aria-live': 'polite' });
  const form = h('form', { 'aria-label': 'Create a key' },
    h('fieldset', { role: 'group' }, name, user, group, h('button', { type: 'submit' }, 'Create key')));
  const body = h('tbody');
  root.append(h('h2', {}, 'Keys'), form, shown,
    scroller('Keys table', h('table', { class: 'striped', 'aria-label': 'Keys' },
      h('thead', {}, h('tr', {}, ...['Name', 'Prefix', 'Status', 'User', 'Group', 'Last used', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))), body)));

  const limits = limitsDialog(root, notice);
  const nameOf = (list: Named[], id: number) => list.find((x) => x.id === id)?.name ?? `#${id}`;
  const load = async () => {
    const page = await api.get<{ api_keys: Key[] }>('/admin/api-keys?limit=500');
    clear(body);
    for (const k of page.api_keys) {
      body.append(h('tr', { 'data-key': k.id },
        h('td', {}, k.name), h('td', {}, h('code', {}, k.prefix)), h('td', {}, k.status),
        h('td', {}, nameOf(users.users, k.user_id)), h('td', {}, nameOf(groups.groups, k.group_id)), h('td', {}, k.last_used_at ?? 'never'),
        h('td', { class: 'actions' },
          h('button', { class: 'secondary outline', onclick: () => limits('api-keys', k.id, k.name) }, 'Limits'),
          k.status === 'active' ? h('button', { class: 'secondary outline', onclick: () => act(`/admin/api-keys/${k.id}/revoke`, 'post', `Revoked ${k.name}`) }, 'Revoke') : null,
          h('button', { class: 'secondary outline', onclick: () => act(`/admin/api-keys/${k.id}`, 'del', `Deleted ${k.name}`) }, 'Delete'))));
    }
  };
  const act = async (path: string, how: 'post' | 'del', done: string) => {
    try {
      if (how === 'post') await api.post(path);
      else await api.del(path);
      notice(done);
      await load();
    } catch (e) {
      notice(errorText(e));
    }
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const created = await api.post<{ key: string; name: string }>('/admin/api-keys', {
        name: name.value, user_id: Number(user.value), group_id: Number(group.value),
      });
      clear(shown);
      const value = h('code', { class: 'new-key' }, created.key);
      shown.append(h('article', {},
        h('p', {}, `Key "${created.name}" — copy it now, it is not shown again:`), value, ' ',
        h('button', { class: 'secondary', onclick: () => navigator.clipboard?.writeText(created.key).then(() => notice('Copied')) }, 'Copy')));
      name.value = '';
      await load();
    } catch (e) {
      notice(errorText(e));
    }
  });
  await load();
  return () => undefined;
}
