import { h } from '../dom';
import { type Notice } from '../run';
import { prices } from '../settings/prices';
import { proxies } from '../settings/proxies';
import { rules } from '../settings/rules';
import { webhooks } from '../settings/webhooks';

/** Settings: egress proxies, error rules, alert webhooks and prices, each on the admin API. */
export async function settings(root: HTMLElement, notice: Notice): Promise<() => void> {
  const parts = [proxies(notice), rules(notice), webhooks(notice), prices(notice)];
  root.append(h('h2', {}, 'Settings'), ...parts.map((p) => p.section));
  await Promise.all(parts.map((p) => p.load()));
  return () => undefined;
}
