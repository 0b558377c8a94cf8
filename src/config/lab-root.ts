import { join, resolve } from 'node:path';
import { projectRoot } from './load.js';

/**
 * The lab's Asterisk chroot, `<lab.dir>/root` (src/lab provisions it). The service reads Asterisk's recording spool
 * there when `recordings.dir` is unset, which is how the lab and the tests run.
 */
export function labRootOf(labDir: string): string {
  return join(resolve(projectRoot, labDir), 'root');
}
