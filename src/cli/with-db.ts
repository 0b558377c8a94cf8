import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { openDb, type Db } from '../store/db.js';

/** Runs `fn` on the database of the configured service (`--config`), closing it afterwards: CLI commands act on SQLite directly. */
export function withDb<T>(program: Command, fn: (db: Db) => T): T {
  const db = openDb(loadConfig(program.opts<{ config?: string }>().config).store.path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
