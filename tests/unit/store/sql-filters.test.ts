import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqlFilters } from '../../../src/store/sql-filters.js';

describe('SqlFilters', () => {
  it('leaves out filters with no value and binds the others as parameters, quotes and all', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('a'), ('o''brien'), ('c')");
    const page = (name?: string, beforeId?: number) => {
      const f = new SqlFilters({ limit: 10 }).add('name = @name', 'name', name).add('id < @beforeId', 'beforeId', beforeId);
      return (db.prepare(`SELECT id FROM t ${f.where} ORDER BY id LIMIT @limit`).all(f.args) as Array<{ id: number }>).map((r) => r.id);
    };
    expect(page()).toEqual([1, 2, 3]);
    expect(page("o'brien")).toEqual([2]);
    expect(page(undefined, 3)).toEqual([1, 2]);
    expect(new SqlFilters().where).toBe('');
    expect(new SqlFilters().always('x IS NULL').where).toBe('WHERE x IS NULL');
    db.close();
  });
});
