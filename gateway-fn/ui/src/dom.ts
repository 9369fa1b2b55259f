// A tiny element builder: text always goes in as text (never HTML), so nothing an upstream or a
// user named can run as script.
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined | null>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value as EventListener);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/**
 * Rebuilds part of a page without losing the keyboard: the element holding focus is found again
 * after {@code rebuild} by its data-focus name and focused.
 */
export function keepingFocus(rebuild: () => void): void {
  const name = (document.activeElement as HTMLElement | null)?.dataset?.focus;
  rebuild();
  if (name) (document.querySelector(`[data-focus="${CSS.escape(name)}"]`) as HTMLElement | null)?.focus();
}

/** A region that scrolls sideways at narrow widths: focusable, so a keyboard can scroll it too. */
export function scroller(label: string, child: HTMLElement): HTMLElement {
  return h('div', { class: 'overflow-auto', tabindex: 0, role: 'region', 'aria-label': label }, child);
}
