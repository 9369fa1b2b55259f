import { describe, expect, it } from 'vitest';
import { mappingText, parseMapping } from '../src/group-settings';

describe('model mapping lines', () => {
  it('reads "requested = served" lines, skipping blanks, and writes them back', () => {
    const map = parseMapping(' claude-* = claude-sonnet-4 \n\ngpt-5=gpt-5-codex\n');
    expect(map).toEqual({ 'claude-*': 'claude-sonnet-4', 'gpt-5': 'gpt-5-codex' });
    expect(parseMapping(mappingText(map))).toEqual(map);
  });
  it('names the first line that is not a mapping', () => {
    expect(() => parseMapping('a = b\nno equals sign')).toThrow('line 2 is not "model = model": no equals sign');
    expect(() => parseMapping(' = b')).toThrow('line 1');
  });
});
