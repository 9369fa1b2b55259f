// An accessibility audit of the page as shown, by axe-core (WCAG 2 A and AA rules, colour contrast
// included): the serious and critical findings, one line each. axe is evaluated through the
// DevTools protocol, which the page's Content-Security-Policy does not govern.
export async function audit(page, axeSource) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} on ${v.nodes.length} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
  });
}
