// Pure helpers (unit-tested): countdowns, sizes of time, money, and the metrics exposition.

/** "3m 05s", "2h 04m", "1d 3h" until {@code until}; "" once it has passed or when there is none. */
export function countdown(until: string | null | undefined, nowMs: number): string {
  if (!until) return '';
  const left = Math.floor((Date.parse(until) - nowMs) / 1000);
  if (!Number.isFinite(left) || left <= 0) return '';
  const d = Math.floor(left / 86400);
  const hrs = Math.floor((left % 86400) / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  if (d > 0) return `${d}d ${hrs}h`;
  if (hrs > 0) return `${hrs}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s).padStart(2, '0')}s`;
}

/** The latest of the cooldowns still running at {@code nowMs}, with its kind; null when none. */
export function activeCooldown(
  account: Record<string, unknown>,
  nowMs: number,
): { kind: string; until: string; reason: string | null } | null {
  const kinds: [string, string][] = [
    ['rate limited', 'rate_limited_until'],
    ['overloaded', 'overload_until'],
    ['unschedulable', 'temp_unschedulable_until'],
  ];
  let best: { kind: string; until: string; reason: string | null } | null = null;
  for (const [kind, field] of kinds) {
    const until = account[field];
    if (typeof until === 'string' && Date.parse(until) > nowMs) {
      if (!best || Date.parse(until) > Date.parse(best.until)) {
        const reason = kind === 'unschedulable' ? (account['temp_unschedulable_reason'] as string | null) : null;
        best = { kind, until, reason: reason ?? null };
      }
    }
  }
  return best;
}

/** What an account is doing now, as the badge names it. */
export function accountState(account: Record<string, unknown>, nowMs: number): string {
  if (account['status'] !== 'active') return String(account['status']);
  if (account['schedulable_now']) return 'ready';
  if (activeCooldown(account, nowMs)) return 'cooling down';
  return account['ended'] ? 'ended' : 'paused';
}

/** Dollars with cents below $100, whole dollars above; "—" for none. */
export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 100) return `$${Math.round(value).toLocaleString('en-US')}`;
  if (Math.abs(value) > 0 && Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (comments and blank lines skipped). */
export function parseMetrics(text: string): Sample[] {
  const out: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    if (m[3]) {
      for (const pair of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        labels[pair[1]] = pair[2].replace(/\\(.)/g, '$1');
      }
    }
    const value = Number(m[4]);
    if (!Number.isNaN(value)) out.push({ name: m[1], labels, value });
  }
  return out;
}

/** The sum of every sample named {@code name} whose labels include {@code where}. */
export function total(samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
