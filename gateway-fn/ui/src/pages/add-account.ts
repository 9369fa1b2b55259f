import { api, errorText } from '../api';
import { h } from '../dom';

/**
 * Add account: a subscription through the provider's own sign-in (open it, paste the address it
 * ended on or the code), a native client's credential file, or an API key.
 */
export async function addAccount(root: HTMLElement, notice: (text: string) => void, go: (page: string) => void): Promise<() => void> {
  const platform = h('select', { 'aria-label': 'Platform' }, ...['anthropic', 'openai', 'gemini', 'antigravity'].map((p) => h('option', { value: p }, p))) as HTMLSelectElement;
  const kind = h('select', { 'aria-label': 'Sign-in kind' }, h('option', { value: 'oauth' }, 'full sign-in'), h('option', { value: 'setup-token' }, 'setup token (Claude, inference only)')) as HTMLSelectElement;
  const link = h('p', { class: 'sign-in', 'aria-live': 'polite' });
  const name = h('input', { placeholder: 'account name', required: true, 'aria-label': 'Account name' }) as HTMLInputElement;
  const pasted = h('input', { placeholder: 'the address the sign-in ended on, or its code', required: true, 'aria-label': 'Callback or code' }) as HTMLInputElement;
  let state = '';
  const start = h('button', { type: 'button', onclick: async () => {
    try {
      const started = await api.post<{ authorization_url: string; state: string }>(`/admin/oauth/${platform.value}/authorize`, { kind: kind.value });
      state = started.state;
      link.replaceChildren(h('a', { href: started.authorization_url, target: '_blank', rel: 'noopener noreferrer' }, 'Open the provider\'s sign-in'), ' — then paste where it ended below.');
    } catch (e) {
      notice(errorText(e));
    }
  } }, 'Start sign-in');
  const finish = h('form', { 'aria-label': 'Finish sign-in' }, name, pasted, h('button', { type: 'submit' }, 'Add account'));
  finish.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const value = pasted.value.trim();
    const body: Record<string, string> = { name: name.value, state };
    if (value.startsWith('http')) body['callback_url'] = value;
    else body['code'] = value;
    try {
      await api.post(`/admin/oauth/${platform.value}/exchange`, body);
      notice(`Added ${name.value}`);
      go('accounts');
    } catch (e) {
      notice(errorText(e));
    }
  });
  const fileName = h('input', { placeholder: 'account name', required: true, 'aria-label': 'Imported account name' }) as HTMLInputElement;
  const filePlatform = h('select', { 'aria-label': 'Credential file platform' },
    ...[['anthropic', 'Claude Code (~/.claude/.credentials.json)'], ['openai', 'Codex (~/.codex/auth.json)'], ['gemini', 'Gemini CLI (~/.gemini/oauth_creds.json)']]
      .map(([v, l]) => h('option', { value: v }, l))) as HTMLSelectElement;
  const file = h('textarea', { rows: 4, required: true, placeholder: 'paste the file\'s text', 'aria-label': 'Credential file', autocomplete: 'off', spellcheck: 'false' }) as HTMLTextAreaElement;
  const fileForm = h('form', { 'aria-label': 'Import a credential file' }, fileName, filePlatform, file, h('button', { type: 'submit' }, 'Import account'));
  fileForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api.post('/admin/accounts/import', { platform: filePlatform.value, name: fileName.value, file: file.value });
      file.value = '';
      notice(`Imported ${fileName.value}`);
      go('accounts');
    } catch (e) {
      notice(errorText(e));
    }
  });
  const keyName = h('input', { placeholder: 'account name', required: true, 'aria-label': 'Key account name' }) as HTMLInputElement;
  const key = h('input', { type: 'password', placeholder: 'API key', required: true, 'aria-label': 'API key', autocomplete: 'off' }) as HTMLInputElement;
  const keyPlatform = h('select', { 'aria-label': 'Key platform' }, ...['anthropic', 'openai', 'gemini'].map((p) => h('option', { value: p }, p))) as HTMLSelectElement;
  const keyForm = h('form', { 'aria-label': 'Add an API key account' }, keyName, keyPlatform, key, h('button', { type: 'submit' }, 'Add key account'));
  keyForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api.post('/admin/accounts', { name: keyName.value, platform: keyPlatform.value, type: 'apikey', credentials: { api_key: key.value } });
      key.value = '';
      notice(`Added ${keyName.value}`);
      go('accounts');
    } catch (e) {
      notice(errorText(e));
    }
  });
  root.append(h('h2', {}, 'Add account'),
    h('article', {}, h('h3', {}, 'A subscription'), h('fieldset', { role: 'group' }, platform, kind, start), link, finish),
    h('article', {}, h('h3', {}, 'A native credential file'), h('p', {}, h('small', {}, 'Its refresh token is tried once; the account is saved with what that returned.')), fileForm),
    h('article', {}, h('h3', {}, 'An API key'), keyForm));
  return () => undefined;
}
