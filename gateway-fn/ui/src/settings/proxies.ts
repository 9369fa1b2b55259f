import { api, errorText } from '../api';
import { h } from '../dom';
import { type Notice, field, listing, runner, value } from '../run';

interface Proxy { id: number; name: string; kind: string; host: string; port: number; username: string | null; has_password: boolean; accounts: number[] }

/** Egress proxies: create (the password never shown again), check the exit address, delete. */
export function proxies(notice: Notice) {
  const form = h('form', { 'aria-label': 'Add a proxy' },
    h('div', { class: 'grid' },
      field('Proxy name', h('input', { name: 'name', required: true, placeholder: 'eu-exit' })),
      field('Kind', h('select', { name: 'kind' }, h('option', { value: 'http' }, 'HTTP'), h('option', { value: 'socks5' }, 'SOCKS5'))),
      field('Host', h('input', { name: 'host', required: true, placeholder: '10.0.0.5' })),
      field('Port', h('input', { name: 'port', type: 'number', min: 1, max: 65535, required: true, value: 3128 }))),
    h('div', { class: 'grid' },
      field('Proxy user (optional)', h('input', { name: 'username', autocomplete: 'off' })),
      field('Proxy password (optional)', h('input', { name: 'password', type: 'password', autocomplete: 'new-password' }))),
    h('button', { type: 'submit' }, 'Add proxy')) as HTMLFormElement;
  const list = listing('Proxies', ['Name', 'Address', 'Login', 'Used by', 'Actions']);
  const load = async () => {
    const page = await api.get<{ proxies: Proxy[] }>('/admin/proxies');
    list.fill(page.proxies.map((p) => h('tr', { 'data-proxy': p.id },
      h('td', {}, p.name), h('td', {}, `${p.kind}://${p.host}:${p.port}`),
      h('td', {}, p.username ? `${p.username}${p.has_password ? ' (password set)' : ''}` : '—'),
      h('td', {}, p.accounts.length ? p.accounts.map((id) => `#${id}`).join(', ') : 'no account'),
      h('td', { class: 'actions' },
        h('button', { class: 'secondary', onclick: () => check(p) }, 'Check'),
        h('button', { class: 'secondary outline', onclick: () => run(() => api.del(`/admin/proxies/${p.id}`), `Deleted ${p.name}`) }, 'Delete')))),
    'No proxies: every account leaves from the gateway\'s own address.');
  };
  const run = runner(notice, load);
  const check = async (p: Proxy) => {
    notice(`Checking ${p.name}…`);
    try {
      const r = await api.post<{ ok: boolean; status?: number; exit_address?: string; latency_ms?: number; error?: string }>(`/admin/proxies/${p.id}/check`);
      notice(r.ok ? `${p.name}: exits from ${r.exit_address ?? '?'} (${r.latency_ms ?? '?'} ms)` : `${p.name} failed the check: ${r.error ?? `status ${r.status}`}`);
    } catch (e) {
      notice(errorText(e));
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body: Record<string, unknown> = { name: value(form, 'name'), kind: value(form, 'kind'), host: value(form, 'host'), port: Number(value(form, 'port')) };
    if (value(form, 'username')) body['username'] = value(form, 'username');
    if (value(form, 'password')) body['password'] = value(form, 'password');
    run(() => api.post('/admin/proxies', body), `Added proxy ${body['name']}`).then((ok) => ok && form.reset());
  });
  return { section: h('section', { 'aria-labelledby': 'proxies-title' }, h('h3', { id: 'proxies-title' }, 'Egress proxies'), form, list.table), load };
}
