import { api } from '../api';
import { clear, h } from '../dom';
import { type Notice, field, listing, runner, value } from '../run';

interface Webhook { id: number; name: string; url: string; format: string; secret?: string | null }

/** Alert webhooks: add (the signing secret shown once), send a test, delete. */
export function webhooks(notice: Notice) {
  const shown = h('div', { 'aria-live': 'polite' });
  const form = h('form', { 'aria-label': 'Add a webhook' },
    h('div', { class: 'grid' },
      field('Webhook name', h('input', { name: 'name', required: true, placeholder: 'ops channel' })),
      field('URL', h('input', { name: 'url', type: 'url', required: true, placeholder: 'https://hooks.example.com/…' })),
      field('Format', h('select', { name: 'format' }, h('option', { value: 'generic' }, 'generic JSON'), h('option', { value: 'slack' }, 'Slack')))),
    h('button', { type: 'submit' }, 'Add webhook')) as HTMLFormElement;
  const list = listing('Webhooks', ['Name', 'URL', 'Format', 'Actions']);
  const load = async () => {
    const page = await api.get<{ webhooks: Webhook[] }>('/admin/alerts/webhooks');
    list.fill(page.webhooks.map((w) => h('tr', { 'data-webhook': w.id },
      h('td', {}, w.name), h('td', { class: 'wrap' }, w.url), h('td', {}, w.format),
      h('td', { class: 'actions' },
        h('button', { class: 'secondary', onclick: () => run(() => api.post(`/admin/alerts/webhooks/${w.id}/test`), `Test sent to ${w.name}`) }, 'Send test'),
        h('button', { class: 'secondary outline', onclick: () => run(() => api.del(`/admin/alerts/webhooks/${w.id}`), `Deleted ${w.name}`) }, 'Delete')))),
    'No webhooks: alerts are only shown on the Health page.');
  };
  const run = runner(notice, load);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    run(async () => {
      const created = await api.post<Webhook>('/admin/alerts/webhooks', { name: value(form, 'name'), url: value(form, 'url'), format: value(form, 'format') });
      clear(shown);
      if (created.secret) {
        shown.append(h('article', {}, h('p', {}, `Signing secret of "${created.name}" — copy it now, it is not shown again:`),
          h('code', { class: 'new-key' }, created.secret)));
      }
      form.reset();
    }, 'Added webhook');
  });
  return { section: h('section', { 'aria-labelledby': 'webhooks-title' }, h('h3', { id: 'webhooks-title' }, 'Alert webhooks'), form, shown, list.table), load };
}
