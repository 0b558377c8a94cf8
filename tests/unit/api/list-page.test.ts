import { describe, expect, it } from 'vitest';
import { listPage } from '../../../src/api/list-page.js';

describe('listPage', () => {
  it('gives the last id as the cursor of a full page and null after a short one', () => {
    const rows = [{ id: 9 }, { id: 7 }, { id: 4 }];
    expect(listPage(rows, 3, (r) => r.id * 10)).toEqual({ items: [90, 70, 40], next: 4 });
    expect(listPage(rows, 4, (r) => r.id)).toEqual({ items: [9, 7, 4], next: null });
    expect(listPage([], 50, (r: { id: number }) => r)).toEqual({ items: [], next: null });
  });
});
