import { describe, expect, it } from 'vitest';
import { accountState, activeCooldown, countdown, parseMetrics, total, usd } from '../src/format';

const NOW = Date.parse('2026-12-03T10:00:00Z');

describe('countdown', () => {
  it('shows minutes and seconds, hours, days, and nothing once passed', () => {
    expect(countdown('2026-12-03T10:03:05Z', NOW)).toBe('3m 05s');
    expect(countdown('2026-12-03T12:04:00Z', NOW)).toBe('2h 04m');
    expect(countdown('2026-12-05T13:00:00Z', NOW)).toBe('2d 3h');
    expect(countdown('2026-12-03T09:59:59Z', NOW)).toBe('');
    expect(countdown(null, NOW)).toBe('');
  });
});

describe('activeCooldown', () => {
  it('takes the latest running cooldown and its reason', () => {
    const a = {
      rate_limited_until: '2026-12-03T10:01:00Z',
      temp_unschedulable_until: '2026-12-03T11:00:00Z',
      temp_unschedulable_reason: 'upstream server_error',
      overload_until: '2026-12-03T09:00:00Z',
    };
    expect(activeCooldown(a, NOW)).toEqual({ kind: 'unschedulable', until: '2026-12-03T11:00:00Z', reason: 'upstream server_error' });
    expect(activeCooldown({ rate_limited_until: '2026-12-03T09:00:00Z' }, NOW)).toBeNull();
  });
});

describe('usd', () => {
  it('formats cents, small figures and large ones', () => {
    expect(usd(0.07725)).toBe('$0.08');
    expect(usd(0.000546)).toBe('$0.0005');
    expect(usd(1234.5)).toBe('$1,235');
    expect(usd(null)).toBe('—');
  });
});

describe('parseMetrics', () => {
  it('reads samples with escaped labels and sums by label', () => {
    const text = [
      '# HELP subgate_requests_total requests',
      '# TYPE subgate_requests_total counter',
      'subgate_requests_total{route="messages",status="200"} 3.0',
      'subgate_requests_total{route="messages",status="429"} 2.0',
      'subgate_alert_deliveries_total{outcome="failed",note="a \\"quoted\\" one"} 1',
      'jvm_threads_live 12',
    ].join('\n');
    const s = parseMetrics(text);
    expect(s).toHaveLength(4);
    expect(total(s, 'subgate_requests_total')).toBe(5);
    expect(total(s, 'subgate_requests_total', { status: '429' })).toBe(2);
    expect(s[2].labels['note']).toBe('a "quoted" one');
  });
});

describe('hourly', async () => {
  const { hourly } = await import('../src/pages/usage');
  it('spans the last 24 hours, empty hours at zero, buckets summed across values', () => {
    const totals = [
      { bucket: '2026-12-03T09:00:00Z', value: 'a', requests: 2, input_tokens: 0, output_tokens: 0, errors: 1, cost_usd: null },
      { bucket: '2026-12-03T09:00:00Z', value: 'b', requests: 3, input_tokens: 0, output_tokens: 0, errors: 0, cost_usd: null },
    ];
    const [xs, reqs, errs] = hourly(totals, NOW + 59_000);
    expect(xs).toHaveLength(24);
    expect(xs[23]).toBe(NOW / 1000);
    expect(reqs[22]).toBe(5);
    expect(errs[22]).toBe(1);
    expect(reqs.reduce((a, b) => a + b, 0)).toBe(5);
  });
});

describe('accountState', () => {
  it('names errors and disabled accounts, then ready, cooling down, ended or paused', () => {
    const cooling = { status: 'active', schedulable_now: false, rate_limited_until: '2026-12-03T10:01:00Z' };
    expect(accountState({ status: 'error', schedulable_now: false }, NOW)).toBe('error');
    expect(accountState({ status: 'disabled', schedulable_now: false }, NOW)).toBe('disabled');
    expect(accountState({ status: 'active', schedulable_now: true }, NOW)).toBe('ready');
    expect(accountState(cooling, NOW)).toBe('cooling down');
    expect(accountState({ status: 'active', schedulable_now: false, ended: true }, NOW)).toBe('ended');
    expect(accountState({ status: 'active', schedulable_now: false }, NOW)).toBe('paused');
  });
});

describe('byValue', async () => {
  const { byValue } = await import('../src/pages/usage');
  const row = (bucket: string, value: string, requests: number) =>
    ({ bucket, value, requests, input_tokens: requests * 10, output_tokens: 1, errors: 0, cost_usd: null });
  it('draws a line per value, the largest first, the rest as other', () => {
    const totals = [row('2026-12-03T09:00:00Z', 'a', 1), row('2026-12-03T08:00:00Z', 'b', 5), row('2026-12-03T09:00:00Z', 'b', 2),
      row('2026-12-03T09:00:00Z', 'c', 1), row('2026-12-03T09:00:00Z', 'd', 0)];
    const { xs, lines } = byValue(totals, NOW + 59_000, (t) => t.requests, 2);
    expect(xs).toHaveLength(24);
    expect(lines.map(([l]) => l)).toEqual(['b', 'a', 'other']);
    expect(lines[0][1][21]).toBe(5);
    expect(lines[0][1][22]).toBe(2);
    expect(lines[2][1][22]).toBe(1);
  });
});
