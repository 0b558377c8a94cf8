import { basename } from 'node:path';
import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';

/** IMPORT_UNREADABLE naming the file and why: every reason a call list cannot be read ends here. */
export function unreadable(file: string, why: string, error?: unknown): HotlineError {
  return new HotlineError('IMPORT_UNREADABLE', `${basename(file)}: ${why}`, { key: file, ...defined({ error }) });
}
