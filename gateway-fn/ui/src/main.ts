import '@picocss/pico/css/pico.min.css';
import './style.css';
import { api, errorText, setToken, token } from './api';
import { clear, h } from './dom';
import { accounts } from './pages/accounts';
import { addAccount } from './pages/add-account';
import { health } from './pages/health';
import { keys } from './pages/keys';
import { groups, users } from './pages/people';
import { settings } from './pages/settings';
import { usage } from './pages/usage';

type Page = (root: HTMLElement, notice: (text: string) => void, go: (page: string) => void) => Promise<() => void>;

const PAGES: Record<string, [string, Page]> = {
  accounts: ['Accounts', accounts],
  add: ['Add account', addAccount],
  groups: ['Groups', groups],
  users: ['Users', users],
  keys: ['Keys', keys],
  usage: ['Usage', usage],
  health: ['Health', health],
  settings: ['Settings', settings],
};

const app = document.getElementById('app') as HTMLElement;
let stop: () => void = () => undefined;
// Whether a page is shown: a 401 then returns to the login form (on the form, it is the form's answer).
let inside = false;

function notice(text: string): void {
  const el = document.getElementById('notice');
  if (el) el.textContent = text;
}

function go(page: string): void {
  window.location.hash = `#/${page}`;
}

function login(message = ''): void {
  stop();
  inside = false;
  clear(app);
  const input = h('input', { type: 'password', name: 'token', required: true, autocomplete: 'current-password', 'aria-label': 'Admin token', placeholder: 'Admin token' }) as HTMLInputElement;
  const form = h('form', { 'aria-label': 'Log in' }, input, h('button', { type: 'submit' }, 'Log in'));
  const error = h('p', { class: 'error', role: 'alert' }, message);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setToken(input.value.trim());
    try {
      await api.get('/admin/accounts?limit=1');
      route();
    } catch (e) {
      setToken(null);
      error.textContent = errorText(e);
    }
  });
  app.append(h('article', { class: 'login' }, h('h1', {}, 'Subgate'), h('p', {}, 'Log in with the admin token the gateway printed at its first start.'), form, error));
  input.focus();
}

async function route(): Promise<void> {
  if (!token()) {
    login();
    return;
  }
  stop();
  inside = true;
  const name = window.location.hash.replace(/^#\//, '') || 'accounts';
  const [, page] = PAGES[name] ?? PAGES['accounts'];
  clear(app);
  const nav = h('nav', { 'aria-label': 'Pages' },
    h('ul', {}, h('li', {}, h('strong', {}, 'Subgate'))),
    h('ul', {}, ...Object.entries(PAGES).map(([key, [label]]) =>
      h('li', {}, h('a', { href: `#/${key}`, 'aria-current': key === name ? 'page' : undefined }, label))),
      h('li', {}, h('a', { href: '#/', onclick: (ev: Event) => { ev.preventDefault(); setToken(null); login(); } }, 'Log out'))));
  const content = h('section', { id: 'page' });
  app.append(nav, h('p', { id: 'notice', role: 'status', 'aria-live': 'polite' }), content);
  try {
    stop = await page(content, notice, go);
  } catch (e) {
    notice(errorText(e));
  }
}

window.addEventListener('hashchange', () => route());
window.addEventListener('subgate:logout', () => {
  if (inside) login('Your session ended or the token was refused; log in again.');
});
route();
