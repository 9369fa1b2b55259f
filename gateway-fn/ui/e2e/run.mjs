// End to end in a real browser (Debian's Chromium, driven by playwright-core) against a running
// gateway: log in, clear an account's cooldown, create a key, send requests with it, find them in
// the request log, revoke the key — and a screenshot of every page at a laptop and a phone width.
// Settings from the environment: BASE, ADMIN_TOKEN, SHOTS, COOLED (an account cooling down),
// USER_NAME and GROUP_NAME (for the key), MODEL.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('BASE');
const TOKEN = env('ADMIN_TOKEN');
const SHOTS = env('SHOTS');
const COOLED = env('COOLED');
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const steps = [];
const step = (text) => {
  steps.push(text);
  console.log(`[e2e] ${text}`);
};
const violations = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => {
    if (m.type() === 'error') violations.push(m.text());
  });
  page.setDefaultTimeout(15_000);

  await page.goto(`${BASE}/admin/ui/`);
  await page.getByLabel('Admin token').fill('not-the-token');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: /token/i }).waitFor();
  step('a wrong token is refused');
  await page.screenshot({ path: `${SHOTS}/login-1280.png` });
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  step('logged in with the admin token');

  const cooled = page.locator('tr', { hasText: COOLED });
  await cooled.getByText('cooling down').waitFor();
  const first = await cooled.locator('td.cooldown').innerText();
  await page.waitForTimeout(1100);
  const second = await cooled.locator('td.cooldown').innerText();
  if (first === second) throw new Error(`the countdown did not move: ${first}`);
  step(`the cooldown counts down live: ${first} → ${second}`);
  await page.screenshot({ path: `${SHOTS}/accounts-1280.png`, fullPage: true });
  await cooled.getByRole('button', { name: 'Clear cooldown' }).click();
  await cooled.getByText('ready').waitFor();
  step('the cooldown was cleared from the page');

  await page.getByRole('link', { name: 'Keys' }).click();
  await page.getByLabel('Key name').fill('e2e-key');
  await page.getByLabel('User').selectOption({ label: env('USER_NAME') });
  await page.getByLabel('Group').selectOption({ label: env('GROUP_NAME') });
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.locator('code.new-key').innerText()).trim();
  if (!key.startsWith('sk-')) throw new Error(`no key shown: ${key}`);
  step('a key was created and shown once');
  await page.screenshot({ path: `${SHOTS}/keys-1280.png`, fullPage: true });

  const body = JSON.stringify({ model: env('MODEL'), max_tokens: 16, messages: [{ role: 'user', content: 'hi' }] });
  for (let i = 0; i < 3; i++) {
    const r = await fetch(`${BASE}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body });
    if (r.status !== 200) throw new Error(`request ${i} answered ${r.status}: ${await r.text()}`);
  }
  step('three requests answered with the new key');

  let seen = 0;
  for (let attempt = 0; attempt < 20 && seen < 3; attempt++) {
    await page.goto(`${BASE}/admin/ui/#/usage`);
    await page.getByRole('heading', { name: 'Request log' }).waitFor();
    await page.waitForTimeout(300);
    seen = await page.locator('tr[data-request]').count();
    if (seen < 3) await page.waitForTimeout(500);
  }
  if (seen < 3) throw new Error(`the request log shows ${seen} requests`);
  await page.locator('.chart canvas').first().waitFor();
  step(`the request log shows the requests (${seen}) and the chart is drawn`);
  await page.screenshot({ path: `${SHOTS}/usage-1280.png`, fullPage: true });

  await page.getByRole('link', { name: 'Keys' }).click();
  await page.locator('tr', { hasText: 'e2e-key' }).getByRole('button', { name: 'Revoke' }).click();
  await page.locator('tr', { hasText: 'e2e-key' }).getByText('revoked').waitFor();
  // A revoke reaches the gateways through Redis: refused within moments, not necessarily at once.
  let status = 0;
  for (let attempt = 0; attempt < 100 && status !== 401; attempt++) {
    const after = await fetch(`${BASE}/v1/messages`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body });
    status = after.status;
    if (status !== 401) await new Promise((r) => setTimeout(r, 200));
  }
  if (status !== 401) throw new Error(`a revoked key still answered ${status} after 20 s (the key cache lives 15 s)`);
  step('the key was revoked from the page and is refused');

  for (const [name, hash] of [['add', 'add'], ['groups', 'groups'], ['users', 'users'], ['health', 'health'], ['keys', 'keys']]) {
    await page.goto(`${BASE}/admin/ui/#/${hash}`);
    await page.locator('#page h2').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/${name}-1280.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  for (const hash of ['accounts', 'add', 'groups', 'users', 'keys', 'usage', 'health']) {
    await page.goto(`${BASE}/admin/ui/#/${hash}`);
    await page.locator('#page h2').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/${hash}-390.png`, fullPage: true });
  }
  step('every page captured at 1280 and 390 px');

  const csp = violations.filter((v) => /Content Security Policy/i.test(v));
  if (csp.length) throw new Error(`CSP violations: ${csp.join(' | ')}`);
  step('no Content-Security-Policy violation');
  console.log(JSON.stringify({ ok: true, steps }));
} catch (e) {
  console.error(`[e2e] FAILED after: ${steps.join(' / ')}\n${e && e.stack ? e.stack : e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
