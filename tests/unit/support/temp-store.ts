import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openDb, type Db } from '../../../src/store/db.js';
import { storeOf, type Store } from '../../../src/store/store.js';

/** A fresh SQLite file per test, migrated, with its store; the folder it lives in, for a test that opens it again. */
export interface TempStore {
  dir: string;
  db: Db;
  s: Store;
}

/** Registers the hooks that give each test of the enclosing describe a fresh store (`set`) and remove it after. */
export function useTempStore(prefix: string, set: (store: TempStore) => void): void {
  let current: TempStore | undefined;
  beforeEach(() => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const db = openDb(join(dir, 'h.db'));
    current = { dir, db, s: storeOf(db) };
    set(current);
  });
  afterEach(() => {
    current?.db.close();
    if (current) rmSync(current.dir, { recursive: true, force: true });
    current = undefined;
  });
}
