/** The SQL of issue 16's migrations (quality and planning), kept here so migrations.ts stays a list. */

/**
 * Two indexes over the same text because FTS5's trigram tokenizer matches only terms of 3 characters or more, and
 * most Chinese words are 2 (停电, 报修): kb_bigram holds the text as overlapping CJK bigrams for the unicode61
 * tokenizer (written by the repository, kb-text.ts), kb_trigram the text itself (kept by triggers). keys are the
 * IVR nodes or queue groups an article answers (JSON array), category a wrap-up category key.
 */
export const kbMigrationSql = `
      CREATE TABLE kb_articles (
        id         INTEGER PRIMARY KEY,
        lang       TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
        category   TEXT NOT NULL,
        keys       TEXT NOT NULL DEFAULT '[]',
        title      TEXT NOT NULL,
        body       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX kb_articles_category ON kb_articles (category);
      CREATE VIRTUAL TABLE kb_trigram USING fts5(title, body, content = 'kb_articles', content_rowid = 'id', tokenize = 'trigram');
      CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
        INSERT INTO kb_trigram (rowid, title, body) VALUES (new.id, new.title, new.body);
      END;
      CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
        INSERT INTO kb_trigram (kb_trigram, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
      END;
      CREATE TRIGGER kb_articles_au AFTER UPDATE ON kb_articles BEGIN
        INSERT INTO kb_trigram (kb_trigram, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO kb_trigram (rowid, title, body) VALUES (new.id, new.title, new.body);
      END;
      CREATE VIRTUAL TABLE kb_bigram USING fts5(text, content = '', contentless_delete = 1, tokenize = 'unicode61');
      CREATE TABLE kb_not_found (
        question   TEXT PRIMARY KEY,
        asked      INTEGER NOT NULL,
        first_at   INTEGER NOT NULL,
        last_at    INTEGER NOT NULL,
        last_by    TEXT NOT NULL
      );
    `;
