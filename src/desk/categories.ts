/** The wrap-up category tree as a look-up: a key's labels and its parent. Pure. */
import type { CategoryNode } from './desk-config.js';

export interface Category {
  key: string;
  zh: string;
  en: string;
  /** The top-level category this one is under (itself for a top-level one), e.g. new-business for finance. */
  top: string;
}

/** Every category of the tree by key. */
export function categoryIndex(tree: readonly CategoryNode[]): ReadonlyMap<string, Category> {
  const out = new Map<string, Category>();
  const add = (nodes: readonly CategoryNode[], top: string | undefined) => {
    for (const n of nodes) {
      out.set(n.key, { key: n.key, zh: n.zh, en: n.en, top: top ?? n.key });
      if (n.children) add(n.children, top ?? n.key);
    }
  };
  add(tree, undefined);
  return out;
}
