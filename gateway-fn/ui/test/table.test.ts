import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from '../src/table';
import { splitEvents } from '../src/sse';

describe('sortRows', () => {
  const rows = [
    { n: 'beta', t: '2026-12-03T10:00:00Z', c: 3 },
    { n: 'Alpha', t: null, c: 10 },
    { n: 'alpha 10', t: '2026-12-01T10:00:00Z', c: 2 },
    { n: 'alpha 9', t: '2026-12-02T10:00:00Z', c: 2 },
  ];
  it('orders text case-blind with numbers inside names by value', () => {
    expect(sortRows(rows, (r) => r.n, 'ascending').map((r) => r.n)).toEqual(['Alpha', 'alpha 9', 'alpha 10', 'beta']);
    expect(sortRows(rows, (r) => r.n, 'descending').map((r) => r.n)).toEqual(['beta', 'alpha 10', 'alpha 9', 'Alpha']);
  });
  it('orders numbers by value and keeps equal rows in their order', () => {
    expect(sortRows(rows, (r) => r.c, 'ascending').map((r) => r.n)).toEqual(['alpha 10', 'alpha 9', 'beta', 'Alpha']);
  });
  it('puts empty values last whichever way', () => {
    expect(sortRows(rows, (r) => r.t, 'ascending').map((r) => r.n)).toEqual(['alpha 10', 'alpha 9', 'beta', 'Alpha']);
    expect(sortRows(rows, (r) => r.t, 'descending').map((r) => r.n)).toEqual(['beta', 'alpha 9', 'alpha 10', 'Alpha']);
  });
});

describe('nextSort', () => {
  it('turns the same column around and starts another ascending', () => {
    expect(nextSort({ key: 'name', dir: 'ascending' }, 'name')).toEqual({ key: 'name', dir: 'descending' });
    expect(nextSort({ key: 'name', dir: 'descending' }, 'status')).toEqual({ key: 'status', dir: 'ascending' });
  });
});

describe('splitEvents', () => {
  it('reads whole events, keeps a partial one, and joins data lines', () => {
    const { events, rest } = splitEvents('event: step\ndata: {"step":"refresh"}\n\n: comment\n\ndata: a\ndata: b\n\nevent: check_comp');
    expect(events).toEqual([
      { event: 'step', data: '{"step":"refresh"}' },
      { event: 'message', data: 'a\nb' },
    ]);
    expect(rest).toBe('event: check_comp');
  });
  it('accepts CRLF line ends', () => {
    expect(splitEvents('event: x\r\ndata: 1\r\n\r\n').events).toEqual([{ event: 'x', data: '1' }]);
  });
});

describe('logQuery', () => {
  it('leaves blank filters out, escapes values and pages below an id', async () => {
    const { logQuery } = await import('../src/pages/usage');
    expect(logQuery('from=a', { model: ' claude sonnet ', status: '', account_id: '7' }, null))
      .toBe('/admin/usage/requests?from=a&limit=50&model=claude%20sonnet&account_id=7');
    expect(logQuery('from=a', {}, 120)).toBe('/admin/usage/requests?from=a&limit=50&before_id=120');
  });
});
