/**
 * Versioned schema. Append only: a released migration is never edited; a change is a new entry.
 * Times are epoch milliseconds (INTEGER) so report math needs no parsing.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'calls',
    sql: `
      CREATE TABLE calls (
        id            INTEGER PRIMARY KEY,
        channel_id    TEXT NOT NULL UNIQUE,
        direction     TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        caller_number TEXT,
        called_number TEXT,
        entry_number  TEXT,
        started_at    INTEGER NOT NULL,
        ring_at       INTEGER,
        answered_at   INTEGER,
        ended_at      INTEGER,
        cause_code    INTEGER,
        cause_text    TEXT,
        outcome       TEXT,
        amd_status    TEXT,
        amd_cause     TEXT,
        fax_tones     INTEGER,
        hangup_by     TEXT,
        ivr_path      TEXT NOT NULL DEFAULT '[]',
        digits        TEXT NOT NULL DEFAULT '',
        campaign_id   INTEGER,
        lead_id       INTEGER,
        reconciled    TEXT,
        updated_at    INTEGER NOT NULL
      );
      CREATE INDEX calls_started ON calls (started_at);
      CREATE INDEX calls_open ON calls (ended_at) WHERE ended_at IS NULL;
      CREATE INDEX calls_campaign ON calls (campaign_id, lead_id) WHERE campaign_id IS NOT NULL;
    `,
  },
];
