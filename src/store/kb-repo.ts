import { bigramText, questionKey, searchPlan } from '../knowledge/kb-text.js';
import type { Db } from './db.js';

export const kbLangs = ['zh', 'en'] as const;
export type KbLang = (typeof kbLangs)[number];

export interface KbArticle {
  id: number;
  lang: KbLang;
  /** A wrap-up category key (desk.categories). */
  category: string;
  /** IVR nodes or queue groups whose callers this article answers. */
  keys: string[];
  title: string;
  body: string;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

export type NewKbArticle = Omit<KbArticle, 'id' | 'updatedAt'>;
export type KbEdit = Pick<KbArticle, 'lang' | 'category' | 'keys' | 'title' | 'body'>;

export interface NotFoundQuestion {
  question: string;
  asked: number;
  firstAt: number;
  lastAt: number;
  lastBy: string;
}

const columns = `a.id, a.lang, a.category, a.keys, a.title, a.body, a.created_at AS createdAt, a.created_by AS createdBy, a.updated_at AS updatedAt`;
type Raw = Omit<KbArticle, 'keys'> & { keys: string };
const parse = (r: Raw): KbArticle => ({ ...r, keys: JSON.parse(r.keys) as string[] });

/** Knowledge-base articles, their two search indexes (kb-text.ts) and the questions they could not answer. */
export class KbRepo {
  constructor(private readonly db: Db) {}

  /** Adds an article and indexes it; returns its id. */
  insert(a: NewKbArticle): number {
    const id = Number(
      this.db
        .prepare(`INSERT INTO kb_articles (lang, category, keys, title, body, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(a.lang, a.category, JSON.stringify(a.keys), a.title, a.body, a.createdAt, a.createdBy, a.createdAt).lastInsertRowid,
    );
    this.db.prepare('INSERT INTO kb_bigram (rowid, text) VALUES (?, ?)').run(id, bigramText(`${a.title} ${a.body}`));
    return id;
  }

  /** Replaces an article's text and tags; false when there is no such article. */
  update(id: number, e: KbEdit, now: number): boolean {
    const r = this.db
      .prepare('UPDATE kb_articles SET lang = ?, category = ?, keys = ?, title = ?, body = ?, updated_at = ? WHERE id = ?')
      .run(e.lang, e.category, JSON.stringify(e.keys), e.title, e.body, now, id);
    if (r.changes === 0) return false;
    this.db.prepare('DELETE FROM kb_bigram WHERE rowid = ?').run(id);
    this.db.prepare('INSERT INTO kb_bigram (rowid, text) VALUES (?, ?)').run(id, bigramText(`${e.title} ${e.body}`));
    return true;
  }

  /** Removes an article; false when there was none. */
  delete(id: number): boolean {
    this.db.prepare('DELETE FROM kb_bigram WHERE rowid = ?').run(id);
    return this.db.prepare('DELETE FROM kb_articles WHERE id = ?').run(id).changes > 0;
  }

  get(id: number): KbArticle | undefined {
    const r = this.db.prepare(`SELECT ${columns} FROM kb_articles a WHERE a.id = ?`).get(id) as Raw | undefined;
    return r && parse(r);
  }

  /**
   * Articles containing every term of the query (searchPlan), best trigram match first (bm25) when there is a term of
   * 3 characters or more, else newest (highest id) first; optionally of one language or category.
   */
  search(query: string, opts: { lang?: KbLang; category?: string; limit: number }): KbArticle[] {
    const plan = searchPlan(query);
    if (!plan.trigram && !plan.bigram && plan.like.length === 0) return [];
    const where: string[] = [];
    const params: unknown[] = [];
    // The first index named drives the query (FTS5 returns its matches ranked or by rowid without sorting them);
    // the other is a condition on its candidates.
    let from = 'kb_articles a';
    let order = 'a.id DESC';
    if (plan.trigram) {
      from = 'kb_trigram t JOIN kb_articles a ON a.id = t.rowid';
      where.push('kb_trigram MATCH ?');
      params.push(plan.trigram);
      order = 'bm25(kb_trigram)';
    }
    if (plan.bigram && plan.trigram) {
      where.push('a.id IN (SELECT rowid FROM kb_bigram WHERE kb_bigram MATCH ?)');
      params.push(plan.bigram);
    } else if (plan.bigram) {
      from = 'kb_bigram b JOIN kb_articles a ON a.id = b.rowid';
      where.push('kb_bigram MATCH ?');
      params.push(plan.bigram);
      order = 'b.rowid DESC';
    }
    for (const l of plan.like) {
      where.push(`(a.title LIKE ? ESCAPE '\\' OR a.body LIKE ? ESCAPE '\\')`);
      params.push(l, l);
    }
    if (opts.lang) {
      where.push('a.lang = ?');
      params.push(opts.lang);
    }
    if (opts.category) {
      where.push('a.category = ?');
      params.push(opts.category);
    }
    const sql = `SELECT ${columns} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`;
    return (this.db.prepare(sql).all(...params, opts.limit) as Raw[]).map(parse);
  }

  /** The plain LIKE search the indexes replace: the benchmark's baseline, not used by the API. */
  searchByLike(term: string, limit: number): number[] {
    const l = `%${term}%`;
    return (this.db.prepare('SELECT id FROM kb_articles WHERE title LIKE ? OR body LIKE ? LIMIT ?').all(l, l, limit) as Array<{ id: number }>).map((r) => r.id);
  }

  /** Articles for a call: those tagged with one of its IVR nodes or queue group, or filed under its wrap-up category. */
  suggest(keys: readonly string[], category: string | null, opts: { lang?: KbLang; limit: number }): KbArticle[] {
    const rows = this.db
      .prepare(
        `SELECT ${columns}, (SELECT COUNT(*) FROM json_each(a.keys) k WHERE k.value IN (SELECT value FROM json_each(?))) AS hits
         FROM kb_articles a
         WHERE (hits > 0 OR a.category = ?) AND (? IS NULL OR a.lang = ?)
         ORDER BY (a.category = ?) + hits DESC, a.updated_at DESC, a.id DESC LIMIT ?`,
      )
      .all(JSON.stringify(keys), category, opts.lang ?? null, opts.lang ?? null, category, opts.limit) as Array<Raw & { hits: number }>;
    return rows.map(({ hits: _, ...r }) => parse(r));
  }

  /** Counts one more asking of a question the knowledge base could not answer; returns its count. */
  logNotFound(question: string, by: string, now: number): NotFoundQuestion {
    const q = questionKey(question);
    this.db
      .prepare(
        `INSERT INTO kb_not_found (question, asked, first_at, last_at, last_by) VALUES (?, 1, ?, ?, ?)
         ON CONFLICT (question) DO UPDATE SET asked = asked + 1, last_at = excluded.last_at, last_by = excluded.last_by`,
      )
      .run(q, now, now, by);
    return this.db.prepare('SELECT question, asked, first_at AS firstAt, last_at AS lastAt, last_by AS lastBy FROM kb_not_found WHERE question = ?').get(q) as NotFoundQuestion;
  }

  /** Unanswered questions, most asked first (for the business owner to write articles). */
  notFound(limit: number): NotFoundQuestion[] {
    return this.db
      .prepare('SELECT question, asked, first_at AS firstAt, last_at AS lastAt, last_by AS lastBy FROM kb_not_found ORDER BY asked DESC, last_at DESC LIMIT ?')
      .all(limit) as NotFoundQuestion[];
  }

  /** Forgets a question once an article answers it; false when it was not listed. */
  dismissNotFound(question: string): boolean {
    return this.db.prepare('DELETE FROM kb_not_found WHERE question = ?').run(questionKey(question)).changes > 0;
  }
}
