import { expect } from 'vitest';

/**
 * What SIPp refuses at load time, checked without SIPp: unbalanced tags, attributes that are not quoted, and jumps
 * (next, ontimeout) to labels that do not exist. Returns the element names in order.
 */
export function checkScenario(xml: string): string[] {
  const body = xml
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const stack: string[] = [];
  const names: string[] = [];
  const labels = new Set<string>();
  const jumps: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, attrs, selfClose] = m;
    if (close) {
      expect(stack.pop(), `closing </${name}>`).toBe(name);
      continue;
    }
    names.push(name!);
    for (const a of attrs!.matchAll(/([\w-]+)="([^"]*)"/g)) {
      if (name === 'label' && a[1] === 'id') {
        expect(labels.has(a[2]!), `label ${a[2]} defined twice`).toBe(false);
        labels.add(a[2]!);
      }
      if (a[1] === 'next' || a[1] === 'ontimeout') jumps.push(a[2]!);
    }
    if (!selfClose) stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Anything left between tags that looks like markup was not matched above: a malformed tag.
  expect(body.replace(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g, '')).not.toMatch(/[<>]/);
  for (const j of jumps) expect(labels.has(j), `jump to missing label ${j}`).toBe(true);
  expect(names[0]).toBe('scenario');
  return names;
}
