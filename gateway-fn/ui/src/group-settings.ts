import { api, errorText } from './api';
import { clear, h } from './dom';
import { type Notice, field, value } from './run';

export interface Group {
  id: number; name: string; platforms: string[]; account_ids: number[]; rate_multiplier: number; version: number;
  model_mapping: Record<string, string>; default_models: Record<string, string>; fallback_group_id: number | null;
}
const PLATFORMS = ['anthropic', 'openai', 'gemini', 'antigravity'];

/** "from = to" lines of a mapping, one per entry. */
export function mappingText(map: Record<string, string>): string {
  return Object.entries(map).map(([k, v]) => `${k} = ${v}`).join('\n');
}

/** The mapping "from = to" lines name (blank lines skipped); throws naming the first bad line. */
export function parseMapping(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split('\n').map((l) => l.trim()).filter(Boolean).forEach((line, i) => {
    const eq = line.indexOf('=');
    const from = line.slice(0, eq).trim();
    const to = line.slice(eq + 1).trim();
    if (eq < 0 || !from || !to) throw new Error(`line ${i + 1} is not "model = model": ${line}`);
    out[from] = to;
  });
  return out;
}

/**
 * A group's settings in a modal dialog: name, platforms, model mapping, a default model per
 * platform, the fallback group. Saved with the group's version (a 409 when it changed meanwhile).
 */
export function groupSettings(host: HTMLElement, notice: Notice, saved: () => Promise<void>) {
  const dialog = h('dialog', { 'aria-labelledby': 'group-title' }) as HTMLDialogElement;
  host.append(dialog);
  return (g: Group, all: Group[]) => {
    const boxes = PLATFORMS.map((p) => h('label', {}, h('input', { type: 'checkbox', name: 'platforms', value: p, checked: g.platforms.includes(p) }), ` ${p}`));
    const form = h('form', { 'aria-label': `Settings of ${g.name}` },
      field('Group name', h('input', { name: 'name', required: true, value: g.name })),
      h('fieldset', {}, h('legend', {}, 'Platforms'), ...boxes),
      field('Model mapping (one "requested = served" per line, trailing * allowed)', h('textarea', { name: 'mapping', rows: 3, spellcheck: 'false' }, mappingText(g.model_mapping))),
      h('fieldset', {}, h('legend', {}, 'Default model per platform (blank: none)'), h('div', { class: 'grid' },
        ...PLATFORMS.map((p) => field(p, h('input', { name: `default-${p}`, value: g.default_models[p] ?? '' }))))),
      field('Fallback group', h('select', { name: 'fallback' }, h('option', { value: '' }, 'none'),
        ...all.filter((o) => o.id !== g.id).map((o) => h('option', { value: o.id, selected: o.id === g.fallback_group_id }, o.name)))),
      h('p', { class: 'error', role: 'alert' }),
      h('footer', {}, h('button', { type: 'button', class: 'secondary outline', onclick: () => dialog.close() }, 'Cancel'), h('button', { type: 'submit' }, 'Save group'))) as HTMLFormElement;
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const error = form.querySelector('[role=alert]') as HTMLElement;
      try {
        const defaults: Record<string, string> = {};
        for (const p of PLATFORMS) if (value(form, `default-${p}`)) defaults[p] = value(form, `default-${p}`);
        await api.patch(`/admin/groups/${g.id}`, {
          version: g.version, name: value(form, 'name'),
          platforms: [...form.querySelectorAll<HTMLInputElement>('input[name=platforms]:checked')].map((b) => b.value),
          model_mapping: parseMapping((form.elements.namedItem('mapping') as HTMLTextAreaElement).value),
          default_models: defaults, fallback_group_id: value(form, 'fallback') ? Number(value(form, 'fallback')) : null,
        });
        notice(`Saved ${value(form, 'name')}`);
        dialog.close();
        await saved();
      } catch (e) {
        error.textContent = e instanceof Error ? e.message : errorText(e);
      }
    });
    clear(dialog);
    dialog.append(h('article', {}, h('h3', { id: 'group-title' }, `Group ${g.name}`), form));
    dialog.showModal();
  };
}
