import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { projectRoot } from '../config/load.js';
import { labRootOf } from '../config/lab-root.js';
import { instanceNode } from './lab-nodes.js';

/** Where the lab keeps its files, all under `config.lab.dir` (git-ignored). */
export interface LabPaths {
  dir: string;
  /** The Debian sid chroot Asterisk runs in. */
  root: string;
  /** Written last by provisioning, holding the Asterisk version: no marker means a half-made chroot. */
  marker: string;
  pidFile: string;
  /** Asterisk's stdout and stderr. */
  out: string;
  /** Asterisk's own log file, as seen from the host. */
  messagesLog: string;
  /** Where `hotline lab up` installs the rendered config, as seen from the host. */
  etc: string;
  debootstrapLog: string;
  aptLog: string;
  /** The project's config templates. */
  templates: string;
  /** The `-C` file (as Asterisk sees it) of a node of a multi-node lab; the single-node lab has none. */
  confFile?: string;
}

/** The lab's file locations for this config: the default lab's, or those of the instance `lab.instance` names. */
export function labPaths(config: Config): LabPaths {
  const instance = instanceNode(config);
  return instance === undefined ? defaultLabPaths(config) : nodeLabPaths(config, instance);
}

function defaultLabPaths(config: Config): LabPaths {
  const dir = resolve(projectRoot, config.lab.dir);
  const root = labRootOf(config.lab.dir);
  return {
    dir,
    root,
    marker: join(root, '.hotline-provisioned'),
    pidFile: join(dir, 'asterisk.pid'),
    out: join(dir, 'asterisk.out'),
    messagesLog: join(root, 'var/log/asterisk/messages.log'),
    etc: join(root, 'etc/asterisk'),
    debootstrapLog: join(dir, 'debootstrap.log'),
    aptLog: join(dir, 'apt.log'),
    templates: join(projectRoot, 'asterisk/etc'),
  };
}

/** A node's file locations: the single node's are the lab's; a node of several has its own pid, output, etc and logs. */
export function nodeLabPaths(config: Config, node: { name: string; etcDir: string; logDir: string; confFile?: string }): LabPaths {
  const base = defaultLabPaths(config);
  if (node.confFile === undefined) return base;
  return {
    ...base,
    pidFile: join(base.dir, `asterisk-${node.name}.pid`),
    out: join(base.dir, `asterisk-${node.name}.out`),
    messagesLog: join(base.root, node.logDir, 'messages.log'),
    etc: join(base.root, node.etcDir),
    confFile: node.confFile,
  };
}
