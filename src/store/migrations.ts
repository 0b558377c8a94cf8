/**
 * Versioned schema. Append only: a released migration is never edited; a change is a new entry.
 * Times are epoch milliseconds (INTEGER) so report math needs no parsing.
 */
import { kbMigrationSql, planningMigrationSql, qaMigrationSql } from './quality-migrations.js';
import { callRollupsMigrationSql } from './call-rollups.js';
import { rollupsMigrationSql } from './report-rollups.js';
import { transfersMigrationSql } from './transfers-repo.js';
import { callNodeMigrationSql } from './node-migrations.js';
import { dialSentMigrationSql } from './attempts-repo.js';

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
  {
    version: 2,
    name: 'ivr records and callbacks',
    sql: `
      ALTER TABLE calls ADD COLUMN flow_name TEXT;
      ALTER TABLE calls ADD COLUMN flow_version TEXT;
      ALTER TABLE calls ADD COLUMN ended_in TEXT;
      ALTER TABLE calls ADD COLUMN non_regular TEXT;
      ALTER TABLE calls ADD COLUMN queue_group TEXT;
      ALTER TABLE calls ADD COLUMN queue_wait_ms INTEGER;
      ALTER TABLE calls ADD COLUMN agent_id TEXT;
      CREATE TABLE callbacks (
        id                INTEGER PRIMARY KEY,
        number            TEXT NOT NULL,
        reason            TEXT NOT NULL,
        source_channel_id TEXT,
        entry_number      TEXT,
        due_at            INTEGER,
        state             TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dialing', 'done', 'cancelled')),
        created_at        INTEGER NOT NULL
      );
      CREATE INDEX callbacks_pending ON callbacks (state, due_at);
    `,
  },
  {
    version: 3,
    name: 'demo work orders',
    // The sample hotline's option 4 reads work-order status from here; a real deployment points the flow's
    // lookup at its own ticket system instead.
    sql: `
      CREATE TABLE work_orders (
        order_no   TEXT PRIMARY KEY,
        status     TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      INSERT INTO work_orders (order_no, status, updated_at) VALUES
        ('20260001', 'received', 0),
        ('20260002', 'in-progress', 0),
        ('20260003', 'completed', 0);
    `,
  },
  {
    version: 4,
    name: 'agent call times',
    // On the caller's row once an agent took the call: talk, hold and after-call work (AHT = their sum).
    sql: `
      ALTER TABLE calls ADD COLUMN talk_ms INTEGER;
      ALTER TABLE calls ADD COLUMN hold_ms INTEGER;
      ALTER TABLE calls ADD COLUMN acw_ms INTEGER;
    `,
  },
  {
    version: 5,
    name: 'outbound dialer',
    // Campaign settings are one validated JSON document (campaign-settings.ts); leads keep their own counters so
    // picking the next due lead is one indexed range scan. dnc.campaign_id 0 is the global list.
    sql: `
      CREATE TABLE campaigns (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        state       TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'scheduled', 'running', 'paused', 'finished')),
        settings    TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        started_at  INTEGER,
        finished_at INTEGER
      );
      CREATE TABLE leads (
        id              INTEGER PRIMARY KEY,
        campaign_id     INTEGER NOT NULL REFERENCES campaigns (id),
        phone           TEXT NOT NULL,
        alt_phone       TEXT,
        name            TEXT,
        fields          TEXT NOT NULL DEFAULT '{}',
        source_row      INTEGER,
        state           TEXT NOT NULL DEFAULT 'new',
        priority        INTEGER NOT NULL DEFAULT 2,
        due_at          INTEGER NOT NULL DEFAULT 0,
        attempts        INTEGER NOT NULL DEFAULT 0,
        attempts_today  INTEGER NOT NULL DEFAULT 0,
        attempts_day    TEXT,
        callback_at     INTEGER,
        callback_agent  TEXT,
        last_outcome    TEXT,
        flagged         INTEGER NOT NULL DEFAULT 0,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        UNIQUE (campaign_id, phone)
      );
      CREATE INDEX leads_due ON leads (campaign_id, priority, due_at, id) WHERE state IN ('new', 'retry-wait', 'callback-scheduled');
      CREATE INDEX leads_phone ON leads (phone);
      CREATE TABLE attempts (
        id             INTEGER PRIMARY KEY,
        campaign_id    INTEGER NOT NULL,
        lead_id        INTEGER NOT NULL REFERENCES leads (id),
        phone          TEXT NOT NULL,
        attempt_no     INTEGER NOT NULL,
        reason         TEXT NOT NULL CHECK (reason IN ('new', 'retry', 'callback')),
        channel_id     TEXT UNIQUE,
        queued_at      INTEGER NOT NULL,
        dialed_at      INTEGER,
        ringing_at     INTEGER,
        answered_at    INTEGER,
        connected_at   INTEGER,
        ended_at       INTEGER,
        cause_code     INTEGER,
        cause_text     TEXT,
        sip_code       INTEGER,
        amd_status     TEXT,
        amd_cause      TEXT,
        outcome        TEXT,
        agent_id       TEXT,
        disposition    TEXT,
        notes          TEXT,
        keys           TEXT,
        reconciled     TEXT,
        UNIQUE (lead_id, attempt_no)
      );
      CREATE INDEX attempts_open ON attempts (ended_at) WHERE ended_at IS NULL;
      CREATE INDEX attempts_campaign ON attempts (campaign_id, queued_at);
      CREATE TABLE dnc (
        phone       TEXT NOT NULL,
        campaign_id INTEGER NOT NULL DEFAULT 0,
        reason      TEXT NOT NULL,
        added_at    INTEGER NOT NULL,
        PRIMARY KEY (phone, campaign_id)
      ) WITHOUT ROWID;
      CREATE TABLE imports (
        id          INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
        file_name   TEXT NOT NULL,
        rows        INTEGER NOT NULL,
        imported    INTEGER NOT NULL,
        duplicates  INTEGER NOT NULL,
        invalid     INTEGER NOT NULL,
        dnc         INTEGER NOT NULL,
        at          INTEGER NOT NULL
      );
      ALTER TABLE callbacks ADD COLUMN agent_id TEXT;
      ALTER TABLE callbacks ADD COLUMN attempt_id INTEGER;
    `,
  },
  {
    version: 6,
    name: 'api: tokens, audit log, flow versions, agent states, reports',
    // Tokens are stored as sha256 of the token (they are 256-bit random, so no salt or slow hash is needed); the
    // token itself is shown once. The audit log keeps who changed what with before/after JSON. Flow versions keep
    // every uploaded flow text so any version can be activated again. Agent states are logged for agent-hours.
    // The indexes serve the API's searches and the report queries by time range.
    sql: `
      CREATE TABLE api_tokens (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'supervisor', 'agent', 'read-only')),
        agent_id     TEXT,
        hash         TEXT NOT NULL UNIQUE,
        prefix       TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        created_by   TEXT,
        last_used_at INTEGER,
        revoked_at   INTEGER,
        CHECK ((role = 'agent') = (agent_id IS NOT NULL))
      );
      CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        actor     TEXT NOT NULL,
        token_id  INTEGER,
        role      TEXT,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id TEXT,
        summary   TEXT NOT NULL,
        before    TEXT,
        after     TEXT
      );
      CREATE INDEX audit_at ON audit_log (at);
      CREATE INDEX audit_entity ON audit_log (entity, entity_id, at);
      CREATE TABLE flow_versions (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        version      TEXT NOT NULL,
        content      TEXT NOT NULL,
        uploaded_at  INTEGER NOT NULL,
        uploaded_by  TEXT,
        activated_at INTEGER,
        UNIQUE (name, version)
      );
      CREATE TABLE agent_states (
        id       INTEGER PRIMARY KEY,
        agent_id TEXT NOT NULL,
        state    TEXT NOT NULL,
        reason   TEXT,
        at       INTEGER NOT NULL
      );
      CREATE INDEX agent_states_at ON agent_states (at);
      CREATE TABLE report_runs (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('daily', 'weekly', 'monthly', 'range')),
        label       TEXT NOT NULL,
        period_from INTEGER NOT NULL,
        period_to   INTEGER NOT NULL,
        csv_file    TEXT NOT NULL,
        xlsx_file   TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        UNIQUE (kind, label)
      );
      CREATE INDEX leads_campaign_state ON leads (campaign_id, state, id);
      CREATE INDEX leads_campaign ON leads (campaign_id);
      CREATE INDEX leads_callback ON leads (callback_at) WHERE callback_at IS NOT NULL;
      CREATE INDEX leads_alt_phone ON leads (alt_phone) WHERE alt_phone IS NOT NULL;
      CREATE INDEX leads_name ON leads (campaign_id, name COLLATE NOCASE);
      CREATE INDEX attempts_dialed ON attempts (dialed_at);
      CREATE INDEX attempts_agent ON attempts (agent_id, dialed_at, connected_at) WHERE agent_id IS NOT NULL;
      CREATE INDEX calls_agent ON calls (agent_id, started_at) WHERE agent_id IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'pacing: learned statistics per campaign, retries that wait for an agent',
    // The abandon window is not stored: the attempts table is its truth, and the engine rebuilds it at start.
    sql: `
      CREATE TABLE campaign_pacing (
        campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
        stats       TEXT NOT NULL,
        updated_at  INTEGER NOT NULL
      );
      ALTER TABLE leads ADD COLUMN needs_agent INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX attempts_campaign_answered ON attempts (campaign_id, answered_at) WHERE answered_at IS NOT NULL;
    `,
  },
  {
    version: 8,
    name: 'recordings: one row per recorded conversation, its file, and when retention removed it',
    sql: `
      CREATE TABLE recordings (
        id              INTEGER PRIMARY KEY,
        name            TEXT NOT NULL UNIQUE,
        channel_id      TEXT NOT NULL,
        leg_channel_id  TEXT,
        bridge_id       TEXT,
        attempt_id      INTEGER,
        campaign_id     INTEGER,
        agent_id        TEXT,
        direction       TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        mode            TEXT NOT NULL CHECK (mode IN ('all', 'on-demand')),
        started_by      TEXT,
        started_at      INTEGER NOT NULL,
        ended_at        INTEGER,
        path            TEXT NOT NULL,
        size            INTEGER,
        deleted_at      INTEGER
      );
      CREATE INDEX recordings_started ON recordings (started_at);
      CREATE INDEX recordings_channel ON recordings (channel_id);
      CREATE INDEX recordings_leg ON recordings (leg_channel_id) WHERE leg_channel_id IS NOT NULL;
      CREATE INDEX recordings_attempt ON recordings (attempt_id) WHERE attempt_id IS NOT NULL;
      CREATE INDEX recordings_agent ON recordings (agent_id, started_at) WHERE agent_id IS NOT NULL;
    `,
  },
  {
    version: 9,
    name: 'agents created through the API, with the digest their phone registers with',
    // Config agents are not here: the config file stays their one source. Asterisk checks a REGISTER against the
    // password or against md5(username:realm:password), so one of them must be kept; only the md5 (HA1) is, with the
    // realm it was made for. The clear password is never stored.
    sql: `
      CREATE TABLE agents (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        skills      TEXT NOT NULL,
        sip_realm   TEXT NOT NULL,
        sip_ha1     TEXT NOT NULL CHECK (length(sip_ha1) = 32),
        created_at  INTEGER NOT NULL,
        created_by  TEXT,
        updated_at  INTEGER NOT NULL
      );
    `,
  },
  // Issue 11 (LIBRARY): the announcement library. Audio is 8 kHz 16-bit little-endian PCM; the fingerprint is CORE's
  // encodeFingerprint(). A merged announcement stays (merged_into) so a merge can be read back; its hearings move.
  {
    version: 10,
    name: 'announcements: carrier announcements heard or imported, each hearing, the attempt that heard one',
    sql: `
      CREATE TABLE announcements (
        id             INTEGER PRIMARY KEY,
        label          TEXT,
        fingerprint    BLOB NOT NULL,
        audio          BLOB NOT NULL,
        duration_ms    INTEGER NOT NULL,
        first_heard_at INTEGER,
        last_heard_at  INTEGER,
        heard_count    INTEGER NOT NULL DEFAULT 0,
        source         TEXT NOT NULL CHECK (source IN ('heard', 'imported')),
        file_name      TEXT,
        merged_into    INTEGER REFERENCES announcements (id),
        created_at     INTEGER NOT NULL,
        labelled_at    INTEGER,
        labelled_by    TEXT
      );
      CREATE INDEX announcements_queue ON announcements (label, heard_count) WHERE merged_into IS NULL;
      CREATE INDEX announcements_merged ON announcements (merged_into) WHERE merged_into IS NOT NULL;
      CREATE TABLE announcement_hearings (
        id               INTEGER PRIMARY KEY,
        announcement_id  INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
        attempt_id       INTEGER,
        call_channel_id  TEXT NOT NULL,
        number           TEXT NOT NULL,
        campaign_id      INTEGER,
        heard_at         INTEGER NOT NULL,
        score            REAL
      );
      CREATE INDEX announcement_hearings_of ON announcement_hearings (announcement_id, heard_at);
      CREATE INDEX announcement_hearings_number ON announcement_hearings (number);
      ALTER TABLE attempts ADD COLUMN announcement_id INTEGER;
      CREATE INDEX attempts_announcement ON attempts (announcement_id) WHERE announcement_id IS NOT NULL;
    `,
  },
  // Issue 18 (reports): keep this block together.
  { version: 11, name: 'attempt roll-ups per hour, kept by triggers', sql: rollupsMigrationSql },
  {
    version: 12,
    name: 'service desk: the wrap-up of inbound calls',
    // One wrap-up per call, written with the callback it asks for and the audit entry in one transaction. The
    // category is the config tree's key, so a renamed label does not rewrite history.
    sql: `
      CREATE TABLE wrap_ups (
        id            INTEGER PRIMARY KEY,
        channel_id    TEXT NOT NULL UNIQUE,
        agent_id      TEXT,
        category      TEXT NOT NULL,
        notes         TEXT NOT NULL DEFAULT '',
        result        TEXT NOT NULL CHECK (result IN ('resolved', 'transferred', 'escalated', 'callback')),
        callback_at   INTEGER,
        callback_id   INTEGER,
        work_order_no TEXT,
        complaint_id  INTEGER,
        created_at    INTEGER NOT NULL,
        created_by    TEXT NOT NULL,
        CHECK ((result = 'callback') = (callback_at IS NOT NULL))
      );
      CREATE INDEX wrap_ups_created ON wrap_ups (created_at);
      CREATE INDEX wrap_ups_agent ON wrap_ups (agent_id, created_at) WHERE agent_id IS NOT NULL;
    `,
  },
  {
    version: 13,
    name: 'service desk: complaints',
    // The complaint's moves are kept in the audit log (entity complaint), written in the same transaction as the move.
    sql: `
      CREATE TABLE complaints (
        id            INTEGER PRIMARY KEY,
        channel_id    TEXT,
        caller_number TEXT NOT NULL,
        category      TEXT NOT NULL,
        department    TEXT NOT NULL,
        description   TEXT NOT NULL,
        state         TEXT NOT NULL DEFAULT 'registered'
                      CHECK (state IN ('registered', 'in-progress', 'escalated', 'resolved', 'called-back', 'confirmed', 'reopened')),
        escalation    INTEGER NOT NULL DEFAULT 0,
        due_at        INTEGER NOT NULL,
        resolution    TEXT,
        resolved_at   INTEGER,
        callback_id   INTEGER,
        created_at    INTEGER NOT NULL,
        created_by    TEXT NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      CREATE INDEX complaints_caller ON complaints (caller_number, created_at);
      CREATE INDEX complaints_state_due ON complaints (state, due_at);
      CREATE INDEX complaints_created ON complaints (created_at);
    `,
  },
  {
    version: 14,
    name: 'service desk: work orders created from calls, with deadlines and status history',
    // The demo rows of version 3 stay (no deadlines, created_at 0). status_history is the order's own record of its
    // changes, read back to the caller's agent; the audit log keeps who did it as for every other change.
    sql: `
      ALTER TABLE work_orders ADD COLUMN channel_id TEXT;
      ALTER TABLE work_orders ADD COLUMN caller_number TEXT;
      ALTER TABLE work_orders ADD COLUMN category TEXT;
      ALTER TABLE work_orders ADD COLUMN description TEXT NOT NULL DEFAULT '';
      ALTER TABLE work_orders ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE work_orders ADD COLUMN created_by TEXT;
      ALTER TABLE work_orders ADD COLUMN respond_by INTEGER;
      ALTER TABLE work_orders ADD COLUMN complete_by INTEGER;
      ALTER TABLE work_orders ADD COLUMN responded_at INTEGER;
      ALTER TABLE work_orders ADD COLUMN completed_at INTEGER;
      CREATE TABLE work_order_history (
        id        INTEGER PRIMARY KEY,
        order_no  TEXT NOT NULL REFERENCES work_orders (order_no),
        status    TEXT NOT NULL,
        note      TEXT NOT NULL DEFAULT '',
        at        INTEGER NOT NULL,
        actor     TEXT NOT NULL
      );
      CREATE INDEX work_order_history_order ON work_order_history (order_no, id);
      CREATE INDEX work_orders_caller ON work_orders (caller_number, created_at) WHERE caller_number IS NOT NULL;
      CREATE INDEX work_orders_open ON work_orders (status, complete_by) WHERE status NOT IN ('completed', 'cancelled');
    `,
  },
  {
    version: 15,
    name: 'service desk: VIP and blocked caller lists kept through the API',
    sql: `
      CREATE TABLE caller_lists (
        list       TEXT NOT NULL CHECK (list IN ('vip', 'blocked')),
        number     TEXT NOT NULL,
        note       TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        PRIMARY KEY (list, number)
      );
    `,
  },
  {
    version: 16,
    name: 'service desk: caller history looks up inbound calls and callbacks by the number',
    // Without these the agent's caller history scans every call and callback (bench/caller-history.ts). Partial on
    // inbound: outbound legs carry the centre's number as the caller, and the history never asks for them.
    sql: `
      CREATE INDEX calls_caller ON calls (caller_number, started_at) WHERE direction = 'inbound';
      CREATE INDEX callbacks_number ON callbacks (number, created_at);
    `,
  },
  // Issue 16 (quality and planning): the SQL is in quality-migrations.ts.
  { version: 17, name: 'knowledge base: articles in Chinese and English, trigram and bigram search indexes, unanswered questions', sql: kbMigrationSql },
  { version: 18, name: 'QA: the qa role, score forms, scores with comments and the agent response', sql: qaMigrationSql },
  {
    version: 19,
    name: 'dial policy: calls to a number counted over all campaigns (indexed), and the dials the policy refused',
    // The centre-wide caps (src/dialer/dial-policy.ts) read a number's calls of the last 24 h on every dial.
    sql: `
      CREATE INDEX attempts_phone ON attempts (phone, queued_at);
      CREATE TABLE dial_refusals (
        id          INTEGER PRIMARY KEY,
        at          INTEGER NOT NULL,
        campaign_id INTEGER NOT NULL,
        lead_id     INTEGER NOT NULL,
        phone       TEXT NOT NULL,
        reason      TEXT NOT NULL CHECK (reason IN ('region', 'hours', 'concurrent', 'cap')),
        why         TEXT NOT NULL,
        retry_at    INTEGER
      );
      CREATE INDEX dial_refusals_at ON dial_refusals (at);
    `,
  },
  { version: 20, name: 'inbound call roll-ups per hour, kept by triggers as calls end', sql: callRollupsMigrationSql },
  { version: 21, name: 'planning: shifts with handover notes, shift swaps', sql: planningMigrationSql },
  // Issue 13 (transfers); the SQL is in transfers-repo.ts.
  { version: 22, name: 'transfers: each call\'s chain of transfers, who to whom, when, outcome and hold time', sql: transfersMigrationSql },
  // Issue 14 (several nodes); the SQL is in node-migrations.ts.
  { version: 23, name: 'several nodes: each call record and attempt names the Asterisk node that carried it', sql: callNodeMigrationSql },
  // Issue 17 (chaos): the SQL is in attempts-repo.ts.
  { version: 24, name: 'attempts: when the dial request was sent (a claim a killed process never dialed is taken back)', sql: dialSentMigrationSql },
  {
    version: 25,
    name: 'dialer decision latency: when each attempt became due',
    // Issue 18: dialed_at is the claim time; the latency runs from due_at (lead due and a line free, dial-due.ts) to
    // dial_sent_at (written just before the originate request, version 24), so a slow tick or a slow path to the
    // originate shows in the record.
    sql: `
      ALTER TABLE attempts ADD COLUMN due_at INTEGER;
    `,
  },
];
