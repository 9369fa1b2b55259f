import { api } from '../api';
import { h } from '../dom';
import { type Notice, field, listing, runner, value } from '../run';

interface Price { model: string; input: number; output: number; cache_read: number; source?: string }

/** Prices: the operator's overrides over the bundled table, and which price a model gets. */
export function prices(notice: Notice) {
  const version = h('p', {}, h('small', {}, ''));
  const form = h('form', { 'aria-label': 'Set a price' },
    h('div', { class: 'grid' },
      field('Model or pattern', h('input', { name: 'model', required: true, placeholder: 'claude-sonnet-4*' })),
      field('Input $/M', h('input', { name: 'input', type: 'number', min: 0, step: 'any', required: true })),
      field('Output $/M', h('input', { name: 'output', type: 'number', min: 0, step: 'any', required: true }))),
    h('button', { type: 'submit' }, 'Set price')) as HTMLFormElement;
  const lookup = h('form', { 'aria-label': 'Look up a price' },
    h('fieldset', { role: 'group' }, h('input', { name: 'model', required: true, placeholder: 'model name', 'aria-label': 'Model to look up' }),
      h('button', { type: 'submit', class: 'secondary' }, 'Look up'))) as HTMLFormElement;
  const list = listing('Price overrides', ['Model', 'Input $/M', 'Output $/M', 'Cache read $/M', 'Actions']);
  const load = async () => {
    const t = await api.get<{ version: string; overrides: Price[]; bundled: Price[] }>('/admin/prices');
    version.firstElementChild!.textContent = `Price table ${t.version}: ${t.bundled.length} bundled entries, ${t.overrides.length} overridden.`;
    list.fill(t.overrides.map((p) => h('tr', { 'data-price': p.model },
      h('td', {}, p.model), h('td', {}, String(p.input)), h('td', {}, String(p.output)), h('td', {}, String(p.cache_read)),
      h('td', { class: 'actions' }, h('button', { class: 'secondary outline', onclick: () => run(() => api.del(`/admin/prices/${encodeURIComponent(p.model)}`), `Back to the bundled price of ${p.model}`) }, 'Remove')))),
    'No overrides: the bundled prices apply.');
  };
  const run = runner(notice, load);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const model = value(form, 'model');
    run(() => api.put(`/admin/prices/${encodeURIComponent(model)}`, { input: Number(value(form, 'input')), output: Number(value(form, 'output')) }),
      `Price set for ${model}`).then((ok) => ok && form.reset());
  });
  lookup.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const model = value(lookup, 'model');
    api.get<{ price: Price }>(`/admin/prices/match?model=${encodeURIComponent(model)}`)
      .then(({ price: p }) => notice(`${model} is priced as ${p.model}: $${p.input} in, $${p.output} out per million tokens`))
      .catch(() => notice(`${model} has no price: its requests are recorded unpriced`));
  });
  return { section: h('section', { 'aria-labelledby': 'prices-title' }, h('h3', { id: 'prices-title' }, 'Prices'), version, form, lookup, list.table), load };
}
