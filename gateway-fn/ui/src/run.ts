import { errorText } from './api';
import { clear, h, scroller } from './dom';

export type Notice = (text: string) => void;

/** Runs {@code what}, tells the outcome, then reloads the page's list. */
export function runner(notice: Notice, load: () => Promise<void>) {
  return async (what: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await what();
      notice(done);
      await load();
      return true;
    } catch (e) {
      notice(errorText(e));
      return false;
    }
  };
}

/** A titled list: a table whose body {@code fill} rebuilds from its rows. */
export function listing(label: string, columns: string[]) {
  const body = h('tbody');
  const table = scroller(`${label} table`, h('table', { class: 'striped', 'aria-label': label },
    h('thead', {}, h('tr', {}, ...columns.map((t) => h('th', { scope: 'col' }, t)))), body));
  const fill = (rows: HTMLElement[], empty: string) => {
    clear(body);
    body.append(...rows);
    if (!rows.length) body.append(h('tr', {}, h('td', { colspan: columns.length }, empty)));
  };
  return { table, fill };
}

let fields = 0;

/**
 * A labelled field: the label names the control by id (a wrapping label would add a select's
 * option text to the control's name).
 */
export function field(label: string, control: HTMLElement): HTMLElement {
  if (!control.id) control.id = `field-${++fields}`;
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
}

/** The value of a form's named control. */
export function value(form: HTMLFormElement, name: string): string {
  return ((form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null)?.value ?? '').trim();
}
