import { describe, expect, it } from 'vitest';
import { categoryIndex } from '../../../src/desk/categories.js';
import { deskConfigSchema } from '../../../src/desk/desk-config.js';

const paths = (input: unknown) => {
  const r = deskConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('desk config', () => {
  it('defaults to the seeds: six categories, new business with five product lines, wrap-up not required', () => {
    const d = deskConfigSchema.parse({});
    expect(d.wrapUpRequired).toBe(false);
    const idx = categoryIndex(d.categories);
    expect([...idx.values()].filter((c) => c.top === c.key).map((c) => c.zh)).toEqual(['咨询', '报修', '投诉', '工单查询', '新业务', '其他']);
    expect(idx.get('finance')).toEqual({ key: 'finance', zh: '金融服务', en: 'Finance', top: 'new-business' });
  });

  it.each([
    ['a duplicate key deep in the tree', { categories: [{ key: 'a', zh: '甲', en: 'A', children: [{ key: 'b', zh: '乙', en: 'B' }] }, { key: 'c', zh: '丙', en: 'C', children: [{ key: 'b', zh: '乙', en: 'B' }] }] }, 'categories.1.children.0.key: duplicate category key "b"'],
    ['a key that is not a slug', { categories: [{ key: 'Repair!', zh: '报修', en: 'Repair' }] }, 'categories.0.key'],
    ['a label missing', { categories: [{ key: 'repair', zh: '报修' }] }, 'categories.0.en'],
    ['an unknown property', { categories: [{ key: 'repair', zh: '报修', en: 'Repair', colour: 'red' }] }, 'categories.0'],
    ['an empty tree', { categories: [] }, 'categories'],
    ['a setting of the wrong type', { wrapUpRequired: 'yes' }, 'wrapUpRequired'],
  ])('refuses %s, naming the key', (_what, input, want) => {
    expect(paths(input).join('\n')).toContain(want);
  });
});
