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

/**
 * QA: forms (items as JSON, scope, calibration threshold), one score per scorer per call per form with its answers,
 * total and time-stamped comments (JSON: offset into the recording, text), and the agent's acknowledgement or dispute.
 * api_tokens is rebuilt because its role CHECK lists the roles and QA is a new one (SQLite cannot alter a CHECK).
 */
export const qaMigrationSql = `
      CREATE TABLE api_tokens_new (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'supervisor', 'agent', 'read-only', 'qa')),
        agent_id     TEXT,
        hash         TEXT NOT NULL UNIQUE,
        prefix       TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        created_by   TEXT,
        last_used_at INTEGER,
        revoked_at   INTEGER,
        CHECK ((role = 'agent') = (agent_id IS NOT NULL))
      );
      INSERT INTO api_tokens_new SELECT id, name, role, agent_id, hash, prefix, created_at, created_by, last_used_at, revoked_at FROM api_tokens;
      DROP TABLE api_tokens;
      ALTER TABLE api_tokens_new RENAME TO api_tokens;
      CREATE TABLE qa_forms (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        scope      TEXT NOT NULL,
        items      TEXT NOT NULL,
        threshold  REAL NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE TABLE qa_scores (
        id           INTEGER PRIMARY KEY,
        channel_id   TEXT NOT NULL,
        form_id      INTEGER NOT NULL REFERENCES qa_forms (id),
        agent_id     TEXT,
        scorer       TEXT NOT NULL,
        answers      TEXT NOT NULL,
        total        REAL NOT NULL,
        fatal_failed TEXT NOT NULL DEFAULT '[]',
        comments     TEXT NOT NULL DEFAULT '[]',
        created_at   INTEGER NOT NULL,
        response     TEXT CHECK (response IN ('acknowledged', 'disputed')),
        response_note TEXT,
        responded_at INTEGER,
        UNIQUE (channel_id, form_id, scorer)
      );
      CREATE INDEX qa_scores_agent ON qa_scores (agent_id, created_at);
`;

/**
 * Planning: shifts per agent and local date in half-hour slots (a night shift's end_slot runs past 48), the shift's
 * handover note (交接班记录), and the swaps made, counted per person and month against the seed's limit.
 */
export const planningMigrationSql = `
      CREATE TABLE shifts (
        id          INTEGER PRIMARY KEY,
        agent_id    TEXT NOT NULL,
        date        TEXT NOT NULL,
        start_slot  INTEGER NOT NULL CHECK (start_slot >= 0 AND start_slot < 48),
        end_slot    INTEGER NOT NULL CHECK (end_slot > start_slot AND end_slot <= 96),
        handover    TEXT,
        handover_by TEXT,
        handover_at INTEGER,
        created_at  INTEGER NOT NULL,
        created_by  TEXT NOT NULL
      );
      CREATE INDEX shifts_date ON shifts (date);
      CREATE TABLE shift_swaps (
        id         INTEGER PRIMARY KEY,
        shift_id   INTEGER NOT NULL REFERENCES shifts (id),
        from_agent TEXT NOT NULL,
        to_agent   TEXT NOT NULL,
        month      TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX shift_swaps_from ON shift_swaps (from_agent, month);
      CREATE INDEX shift_swaps_to ON shift_swaps (to_agent, month);
`;
