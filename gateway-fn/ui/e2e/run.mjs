// End to end in a real browser (Debian's Chromium, driven by playwright-core) against a running
// gateway and stub upstreams: log in, add an account through the provider's sign-in, see it
// healthy, create a key, fault an account upstream and watch its cooldown appear, clear it, find
// the requests in the chart and the log (filtered, paged), set limits, run a bulk action, use the
// settings, revoke the key; keyboard and an accessibility audit; a screenshot of every page at a
// laptop and a phone width. Settings from the environment: BASE, ADMIN_TOKEN, SHOTS, FAULTED (an
// account whose next upstream answer is a 529), SPARE (its peer), USER_NAME and GROUP_NAME (for
// the key), MODEL, SIGNED_IN (the name of the account added by sign-in).
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { audit } from './audit.mjs';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('BASE');
const TOKEN = env('ADMIN_TOKEN');
const SHOTS = env('SHOTS');
const FAULTED = env('FAULTED');
const SIGNED_IN = env('SIGNED_IN');
const PAGES = ['accounts', 'add', 'groups', 'users', 'keys', 'usage', 'health', 'settings'];
mkdirSync(SHOTS, { recursive: true });
const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const steps = [];
const step = (text) => {
  steps.push(text);
  console.log(`[e2e] ${text}`);
};
const expect = (ok, what) => {
  if (!ok) throw new Error(what);
};
const violations = [];
const messages = { 'x-api-key': '', 'content-type': 'application/json', 'anthropic-version': '2023-06-01' };
const ask = (key) => fetch(`${BASE}/v1/messages`, {
  method: 'POST', headers: { ...messages, 'x-api-key': key },
  body: JSON.stringify({ model: env('MODEL'), max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] }),
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  page.on('dialog', (d) => d.accept());
  page.setDefaultTimeout(15_000);
  const notice = page.locator('#notice');

  await page.goto(`${BASE}/admin/ui/`);
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: /token/i }).waitFor();
  step('a wrong token is refused');
  await page.screenshot({ path: `${SHOTS}/login-1280.png` });
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  step('logged in with the admin token, by keyboard');

  // A subscription through the provider's sign-in: the page opens it, the code it shows is pasted.
  await page.getByRole('link', { name: 'Add account' }).click();
  await page.getByLabel('Platform', { exact: true }).selectOption('anthropic');
  await page.getByRole('button', { name: 'Start sign-in' }).click();
  const [signIn] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: "Open the provider's sign-in" }).click()]);
  const code = (await signIn.locator('#code').innerText()).trim();
  await signIn.close();
  expect(code.includes('#'), `the sign-in page showed ${code}`);
  await page.getByLabel('Account name', { exact: true }).fill(SIGNED_IN);
  await page.getByLabel('Callback or code').fill(code);
  await page.getByRole('button', { name: 'Add account', exact: true }).click();
  const signed = page.locator('tr', { hasText: SIGNED_IN });
  await signed.waitFor();
  step(`an account added through the provider's sign-in (${code.replace(/#.*/, '#…')})`);

  // Its drawer: the health check's steps appear one by one, before the check ends.
  await signed.getByRole('button', { name: SIGNED_IN }).click();
  const drawer = page.getByRole('dialog', { name: SIGNED_IN });
  await drawer.getByRole('button', { name: 'Run health check' }).click();
  await drawer.locator('.steps li').first().waitFor();
  const whileRunning = await drawer.getByRole('status').innerText();
  await drawer.getByText('Healthy: every step passed.').waitFor();
  const stepsSeen = await drawer.locator('.steps li').allInnerTexts();
  expect(whileRunning === 'Checking…', `the first step came with the end: ${whileRunning}`);
  expect(stepsSeen.length >= 2 && stepsSeen.every((s) => s.startsWith('✓')), `steps: ${stepsSeen.join(' | ')}`);
  step(`the health check streamed its steps (${stepsSeen.map((s) => s.replace(/:.*/, '')).join(', ')}) and found the account healthy`);
  await drawer.getByLabel('Concurrency').fill('3');
  await drawer.getByRole('button', { name: 'Save settings' }).click();
  await notice.filter({ hasText: `Saved ${SIGNED_IN}` }).waitFor();
  await page.screenshot({ path: `${SHOTS}/drawer-1280.png`, fullPage: true });
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
  await signed.locator('td.slots', { hasText: '0 / 3' }).waitFor();
  step('its concurrency edited in the drawer; Escape closed the drawer');

  await page.getByRole('link', { name: 'Keys' }).click();
  await page.getByLabel('Key name').fill('e2e-key');
  await page.getByLabel('User').selectOption({ label: env('USER_NAME') });
  await page.getByLabel('Group').selectOption({ label: env('GROUP_NAME') });
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.locator('code.new-key').innerText()).trim();
  expect(key.startsWith('sk-'), `no key shown: ${key}`);
  step('a key was created and shown once');
  await page.screenshot({ path: `${SHOTS}/keys-1280.png`, fullPage: true });
  const keyRow = page.locator('tr', { hasText: 'e2e-key' });
  await keyRow.getByRole('button', { name: 'Limits' }).click();
  const limits = page.getByRole('dialog', { name: 'Limits of e2e-key' });
  await limits.getByLabel('Requests per minute (0: none)').fill('600');
  await limits.getByLabel('Per day', { exact: true }).fill('5');
  await limits.getByRole('button', { name: 'Save limits' }).click();
  await notice.filter({ hasText: 'Limits saved for e2e-key' }).waitFor();
  await keyRow.getByRole('button', { name: 'Limits' }).click();
  expect(await limits.getByLabel('Per day', { exact: true }).inputValue() === '5', 'the day budget was not kept');
  await limits.getByRole('button', { name: 'Cancel' }).click();
  step('the key got 600 requests a minute and a $5 day budget from its limits dialog');

  // The faulted account's upstream answers its next request with a 529: the page shows the cooldown
  // on its own (polling), counting down, and clears it.
  await page.getByRole('link', { name: 'Accounts' }).click();
  const faulted = page.locator('tr', { hasText: FAULTED });
  await faulted.getByText('ready').waitFor();
  const first = await ask(key);
  expect(first.status === 200, `the faulted request answered ${first.status}: ${await first.text()}`);
  await faulted.getByText('cooling down').waitFor({ timeout: 12_000 });
  const before = await faulted.locator('td.cooldown').innerText();
  await page.waitForTimeout(1100);
  const after = await faulted.locator('td.cooldown').innerText();
  expect(before !== after, `the countdown did not move: ${before}`);
  step(`an upstream 529 put ${FAULTED} in a cooldown the page showed without reloading: ${before} → ${after}`);
  await page.screenshot({ path: `${SHOTS}/accounts-1280.png`, fullPage: true });
  await faulted.getByRole('button', { name: 'Clear cooldown' }).click();
  await faulted.getByText('ready').waitFor();
  step('the cooldown was cleared from the page');

  // The account name keeps focus through the page's once-a-second refresh.
  await faulted.getByRole('button', { name: FAULTED }).focus();
  await page.waitForTimeout(1500);
  const focused = await page.evaluate(() => document.activeElement?.textContent);
  expect(focused === FAULTED, `focus was lost to ${focused}`);
  step('keyboard focus survives the live refresh');

  for (let i = 0; i < 54; i++) {
    const r = await ask(key);
    expect(r.status === 200, `request ${i} answered ${r.status}: ${await r.text()}`);
  }
  step('55 requests answered with the new key');

  // The usage writer records in batches: wait, bounded, until all 55 are in before reading pages.
  let recorded = 0;
  for (let attempt = 0; attempt < 40 && recorded < 55; attempt++) {
    const r = await fetch(`${BASE}/admin/usage/requests?limit=100`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    recorded = (await r.json()).requests.length;
    if (recorded < 55) await new Promise((r) => setTimeout(r, 250));
  }
  expect(recorded >= 55, `only ${recorded} requests were recorded`);
  await page.goto(`${BASE}/admin/ui/#/usage`);
  await page.getByRole('heading', { name: 'Request log' }).waitFor();
  await page.getByText(/newest first/).waitFor();
  const seen = await page.locator('tr[data-request]').count();
  expect(seen === 50, `the request log shows ${seen} requests`);
  await page.locator('.chart canvas').first().waitFor();
  await page.getByRole('button', { name: 'Older →' }).click();
  await page.getByText(/requests before #/).waitFor();
  const older = await page.locator('tr[data-request]').count();
  expect(older >= 5, `the older page shows ${older}`);
  await page.getByRole('button', { name: '← Newest' }).click();
  await page.getByText(/newest first/).waitFor();
  await page.getByLabel('Model filter').fill('no-such-model');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByText('0 requests, newest first').waitFor();
  await page.getByLabel('Model filter').fill(env('MODEL'));
  await page.getByLabel('Status filter').fill('200');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByText('50 requests, newest first').waitFor();
  step(`the chart is drawn and the log pages (50, then ${older} older) and filters (none for another model)`);
  await page.screenshot({ path: `${SHOTS}/usage-1280.png`, fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/usage-view-1280.png` });

  await page.getByRole('link', { name: 'Keys' }).click();
  await page.locator('tr', { hasText: 'e2e-key' }).getByRole('button', { name: 'Revoke' }).click();
  await page.locator('tr', { hasText: 'e2e-key' }).getByText('revoked').waitFor();
  // A revoke reaches the gateways through Redis: refused within moments, not necessarily at once.
  let status = 0;
  for (let attempt = 0; attempt < 100 && status !== 401; attempt++) {
    status = (await ask(key)).status;
    if (status !== 401) await new Promise((r) => setTimeout(r, 200));
  }
  expect(status === 401, `a revoked key still answered ${status} after 20 s (the key cache lives 15 s)`);
  step('the key was revoked from the page and is refused');

  // Bulk: unschedule two accounts at once, then schedule them again.
  await page.getByRole('link', { name: 'Accounts' }).click();
  await page.getByLabel(`Select ${FAULTED}`).check();
  await page.getByLabel(`Select ${env('SPARE')}`).check();
  await page.getByText('2 selected').waitFor();
  await page.getByLabel('Bulk action', { exact: true }).selectOption('unschedule');
  await page.getByRole('button', { name: 'Apply to selected' }).click();
  await notice.filter({ hasText: 'Unschedule: 2 done' }).waitFor();
  await faulted.getByText('paused').waitFor();
  const names = () => page.locator('tr[data-account] button.link').allInnerTexts();
  const collate = (a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true });
  await page.getByRole('button', { name: /^Account/ }).click();
  const descending = await names();
  expect(JSON.stringify(descending) === JSON.stringify([...descending].sort(collate).reverse()), `not by name, descending: ${descending}`);
  expect(await page.locator('th[aria-sort="descending"]').innerText() === 'Account ▼', 'the sorted column is not marked');
  await page.getByLabel(`Select ${FAULTED}`).check();
  await page.getByLabel(`Select ${env('SPARE')}`).check();
  await page.getByLabel('Bulk action', { exact: true }).selectOption('schedule');
  await page.getByRole('button', { name: 'Apply to selected' }).click();
  await notice.filter({ hasText: 'Schedule: 2 done' }).waitFor();
  await faulted.getByText('ready').waitFor();
  step('two accounts unscheduled and scheduled again as one bulk action each; columns sort');

  // Settings: a proxy checked (it cannot be reached), a rule, a webhook (secret shown once), a price.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Proxy name').fill('e2e-proxy');
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port').fill('9');
  await page.getByRole('button', { name: 'Add proxy' }).click();
  const proxy = page.locator('tr', { hasText: 'e2e-proxy' });
  await proxy.getByRole('button', { name: 'Check' }).click();
  await notice.filter({ hasText: 'e2e-proxy failed the check' }).waitFor();
  await page.getByLabel('Upstream status').fill('503');
  await page.getByLabel('Body keyword (optional)').fill('maintenance');
  await page.getByLabel('Action', { exact: true }).selectOption('pass_through');
  await page.getByLabel('Description').fill('e2e rule');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.locator('tr', { hasText: 'e2e rule' }).waitFor();
  await page.getByLabel('Webhook name').fill('e2e-hook');
  await page.getByLabel('URL').fill('http://127.0.0.1:9/hook');
  await page.getByRole('button', { name: 'Add webhook' }).click();
  const secret = (await page.locator('section', { hasText: 'Alert webhooks' }).locator('code.new-key').innerText()).trim();
  expect(/^[0-9a-f]{64}$/.test(secret), `the webhook secret shown: ${secret}`);
  await page.getByLabel('Model or pattern').fill('e2e-model*');
  await page.getByLabel('Input $/M').fill('2');
  await page.getByLabel('Output $/M').fill('8');
  await page.getByRole('button', { name: 'Set price' }).click();
  await page.locator('tr', { hasText: 'e2e-model*' }).waitFor();
  await page.getByLabel('Model to look up').fill('e2e-model-x');
  await page.getByRole('button', { name: 'Look up' }).click();
  await notice.filter({ hasText: 'e2e-model-x is priced as e2e-model*' }).waitFor();
  await page.screenshot({ path: `${SHOTS}/settings-1280.png`, fullPage: true });
  await proxy.getByRole('button', { name: 'Delete' }).click();
  await proxy.waitFor({ state: 'detached' });
  step('settings: a proxy added, checked (unreachable) and deleted; a rule, a webhook (secret shown once) and a price override added');

  // A group's settings: a model mapping saved with the group's version and read back.
  await page.getByRole('link', { name: 'Groups' }).click();
  const groupRow = page.locator('tr', { hasText: env('GROUP_NAME') });
  await groupRow.getByRole('button', { name: 'Settings' }).click();
  const groupDialog = page.getByRole('dialog', { name: `Group ${env('GROUP_NAME')}` });
  await groupDialog.getByLabel(/Model mapping/).fill('e2e-alias = claude-sonnet-4\nbad line');
  await groupDialog.getByRole('button', { name: 'Save group' }).click();
  await groupDialog.getByRole('alert').filter({ hasText: 'line 2' }).waitFor();
  await groupDialog.getByLabel(/Model mapping/).fill('e2e-alias = claude-sonnet-4');
  await groupDialog.getByRole('button', { name: 'Save group' }).click();
  await notice.filter({ hasText: `Saved ${env('GROUP_NAME')}` }).waitFor();
  await groupRow.getByRole('button', { name: 'Settings' }).click();
  const kept = await groupDialog.getByLabel(/Model mapping/).inputValue();
  expect(kept === 'e2e-alias = claude-sonnet-4', `the mapping read back: ${kept}`);
  await groupDialog.getByRole('button', { name: 'Cancel' }).click();
  step('a group\'s model mapping refused while a line is wrong, then saved and read back');

  const problems = [];
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width > 600 ? 800 : 844 });
    for (const hash of PAGES) {
      await page.goto(`${BASE}/admin/ui/#/${hash}`);
      await page.locator('#page h2').waitFor();
      await page.waitForTimeout(300);
      if (width === 390 || !['accounts', 'keys', 'usage', 'settings'].includes(hash)) {
        await page.screenshot({ path: `${SHOTS}/${hash}-${width}.png`, fullPage: true });
      }
      problems.push(...(await audit(page, axe)).map((v) => `${hash}@${width}: ${v}`));
    }
  }
  expect(problems.length === 0, `accessibility: ${problems.join(' | ')}`);
  step(`every page captured and audited (axe-core, WCAG 2 A/AA) at 1280 and 390 px: no serious or critical finding`);

  const csp = violations.filter((v) => /Content Security Policy/i.test(v));
  expect(csp.length === 0, `CSP violations: ${csp.join(' | ')}`);
  step('no Content-Security-Policy violation');
  console.log(JSON.stringify({ ok: true, steps }));
} catch (e) {
  console.error(`[e2e] FAILED after: ${steps.join(' / ')}\n${e && e.stack ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
