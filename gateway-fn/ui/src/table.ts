import { h } from './dom';

export type Direction = 'ascending' | 'descending';

export interface Sort<K extends string> {
  key: K;
  dir: Direction;
}

/** Rows ordered by {@code pick}: numbers and dates by value, text case-blind; empty values last. */
export function sortRows<T>(rows: T[], pick: (row: T) => string | number | null | undefined, dir: Direction): T[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: pick(row) }))
    .sort((a, b) => {
      const empty = (v: unknown) => v === null || v === undefined || v === '';
      if (empty(a.v) || empty(b.v)) return empty(a.v) === empty(b.v) ? a.i - b.i : empty(a.v) ? 1 : -1;
      const c = typeof a.v === 'number' && typeof b.v === 'number'
        ? a.v - b.v
        : String(a.v).localeCompare(String(b.v), 'en', { sensitivity: 'base', numeric: true });
      return c === 0 ? a.i - b.i : c * sign;
    })
    .map((x) => x.row);
}

/** The next sort after a click on {@code key}: the same column turns around, another starts ascending. */
export function nextSort<K extends string>(current: Sort<K>, key: K): Sort<K> {
  if (current.key !== key) return { key, dir: 'ascending' };
  return { key, dir: current.dir === 'ascending' ? 'descending' : 'ascending' };
}

/**
 * A header row whose sortable columns are buttons (reachable by keyboard) and carry aria-sort;
 * columns named with a null key are plain.
 */
export function sortableHead<K extends string>(columns: [string, K | null][], sort: Sort<K>, onSort: (key: K) => void): HTMLElement {
  return h('thead', {}, h('tr', {}, ...columns.map(([label, key]) => {
    if (!key) return h('th', { scope: 'col' }, label);
    const active = sort.key === key;
    return h('th', { scope: 'col', 'aria-sort': active ? sort.dir : 'none' },
      h('button', { type: 'button', class: 'sort', 'data-focus': `sort-${key}`, onclick: () => onSort(key) }, label, active ? h('span', { 'aria-hidden': 'true' }, sort.dir === 'ascending' ? ' ▲' : ' ▼') : null));
  })));
}
