import type { SampleCandidate } from '../qa/sampling.js';
import type { QaFormSpec, QaItem, QaScope } from '../qa/score-form.js';
import type { Db } from './db.js';

export interface QaForm extends QaFormSpec {
  id: number;
  createdAt: number;
  createdBy: string;
}

/** A comment on the recording at an offset, so the agent hears what it is about. */
export interface QaComment {
  atMs: number;
  text: string;
  by: string;
  at: number;
}

export const qaResponses = ['acknowledged', 'disputed'] as const;
export type QaResponse = (typeof qaResponses)[number];

export interface QaScore {
  id: number;
  channelId: string;
  formId: number;
  agentId: string | null;
  scorer: string;
  answers: Record<string, number>;
  total: number;
  fatalFailed: string[];
  comments: QaComment[];
  createdAt: number;
  response: QaResponse | null;
  responseNote: string | null;
  respondedAt: number | null;
}

export type NewQaScore = Omit<QaScore, 'id' | 'response' | 'responseNote' | 'respondedAt'>;

type RawForm = { id: number; name: string; scope: string; items: string; threshold: number; createdAt: number; createdBy: string };
const formOf = (r: RawForm): QaForm => ({ ...r, scope: JSON.parse(r.scope) as QaScope, items: JSON.parse(r.items) as QaItem[] });
const formCols = 'id, name, scope, items, threshold, created_at AS createdAt, created_by AS createdBy';

type RawScore = Omit<QaScore, 'answers' | 'fatalFailed' | 'comments'> & { answers: string; fatalFailed: string; comments: string };
const scoreOf = (r: RawScore): QaScore => ({ ...r, answers: JSON.parse(r.answers), fatalFailed: JSON.parse(r.fatalFailed), comments: JSON.parse(r.comments) });
const scoreCols = `id, channel_id AS channelId, form_id AS formId, agent_id AS agentId, scorer, answers, total, fatal_failed AS fatalFailed,
  comments, created_at AS createdAt, response, response_note AS responseNote, responded_at AS respondedAt`;

/** QA forms and scores (issue 16 item 1), and the recorded calls the sampler draws from. */
export class QaRepo {
  constructor(private readonly db: Db) {}

  insertForm(f: QaFormSpec, now: number, by: string): number {
    return Number(
      this.db
        .prepare('INSERT INTO qa_forms (name, scope, items, threshold, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run(f.name, JSON.stringify(f.scope), JSON.stringify(f.items), f.threshold, now, by).lastInsertRowid,
    );
  }

  form(id: number): QaForm | undefined {
    const r = this.db.prepare(`SELECT ${formCols} FROM qa_forms WHERE id = ?`).get(id) as RawForm | undefined;
    return r && formOf(r);
  }

  forms(): QaForm[] {
    return (this.db.prepare(`SELECT ${formCols} FROM qa_forms ORDER BY id`).all() as RawForm[]).map(formOf);
  }

  /** Adds a score; the UNIQUE (call, form, scorer) refuses a second one by the same scorer. */
  insertScore(s: NewQaScore): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO qa_scores (channel_id, form_id, agent_id, scorer, answers, total, fatal_failed, comments, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(s.channelId, s.formId, s.agentId, s.scorer, JSON.stringify(s.answers), s.total, JSON.stringify(s.fatalFailed), JSON.stringify(s.comments), s.createdAt).lastInsertRowid,
    );
  }

  score(id: number): QaScore | undefined {
    const r = this.db.prepare(`SELECT ${scoreCols} FROM qa_scores WHERE id = ?`).get(id) as RawScore | undefined;
    return r && scoreOf(r);
  }

  /** A call's scores, oldest first. */
  scoresOfCall(channelId: string): QaScore[] {
    return (this.db.prepare(`SELECT ${scoreCols} FROM qa_scores WHERE channel_id = ? ORDER BY id`).all(channelId) as RawScore[]).map(scoreOf);
  }

  /** Scores of calls scored in [from, to), optionally of one agent, newest first. */
  scores(q: { agentId?: string; from: number; to: number; limit: number }): QaScore[] {
    return (
      this.db
        .prepare(`SELECT ${scoreCols} FROM qa_scores WHERE created_at >= ? AND created_at < ? AND (? IS NULL OR agent_id = ?) ORDER BY id DESC LIMIT ?`)
        .all(q.from, q.to, q.agentId ?? null, q.agentId ?? null, q.limit) as RawScore[]
    ).map(scoreOf);
  }

  /** Calls with two or more scores on one form, newest score first: what calibration looks at. */
  multiplyScored(limit: number): Array<{ channelId: string; formId: number }> {
    return this.db
      .prepare('SELECT channel_id AS channelId, form_id AS formId FROM qa_scores GROUP BY channel_id, form_id HAVING COUNT(*) >= 2 ORDER BY MAX(id) DESC LIMIT ?')
      .all(limit) as Array<{ channelId: string; formId: number }>;
  }

  setComments(id: number, comments: readonly QaComment[]): void {
    this.db.prepare('UPDATE qa_scores SET comments = ? WHERE id = ?').run(JSON.stringify(comments), id);
  }

  /** Records the agent's answer once; false when the score was answered already. */
  respond(id: number, response: QaResponse, note: string, now: number): boolean {
    return this.db.prepare('UPDATE qa_scores SET response = ?, response_note = ?, responded_at = ? WHERE id = ? AND response IS NULL').run(response, note, now, id).changes > 0;
  }

  /**
   * Calls with an agent and a kept recording that started in [from, to): the sampler's candidates, each marked when
   * a complaint was registered from it (a complaint row naming the call, or its wrap-up linking one).
   */
  recordedCalls(from: number, to: number): SampleCandidate[] {
    const rows = this.db
      .prepare(
        `SELECT c.channel_id AS channelId, c.agent_id AS agentId, c.started_at AS startedAt,
           (EXISTS (SELECT 1 FROM complaints k WHERE k.channel_id = c.channel_id)
            OR EXISTS (SELECT 1 FROM wrap_ups w WHERE w.channel_id = c.channel_id AND w.complaint_id IS NOT NULL)) AS complaint
         FROM calls c
         WHERE c.started_at >= ? AND c.started_at < ? AND c.agent_id IS NOT NULL
           AND EXISTS (SELECT 1 FROM recordings r WHERE (r.channel_id = c.channel_id OR r.leg_channel_id = c.channel_id) AND r.deleted_at IS NULL)`,
      )
      .all(from, to) as Array<Omit<SampleCandidate, 'complaint'> & { complaint: number }>;
    return rows.map((r) => ({ ...r, complaint: r.complaint === 1 }));
  }

  /** Wrap-ups per agent of calls that started in [from, to): the registrations of 信息准确率. */
  wrapUpCounts(from: number, to: number): Array<{ agentId: string; registrations: number }> {
    return this.db
      .prepare(
        `SELECT w.agent_id AS agentId, COUNT(*) AS registrations FROM wrap_ups w JOIN calls c ON c.channel_id = w.channel_id
         WHERE c.started_at >= ? AND c.started_at < ? AND w.agent_id IS NOT NULL GROUP BY w.agent_id`,
      )
      .all(from, to) as Array<{ agentId: string; registrations: number }>;
  }

  /** Scores of calls that started in [from, to), with the call's wrap-up category and result when it has one. */
  scoresWithWrapUps(from: number, to: number): Array<QaScore & { wrapCategory: string | null; wrapResult: string | null }> {
    return (
      this.db
        .prepare(
          `SELECT s.id, s.channel_id AS channelId, s.form_id AS formId, s.agent_id AS agentId, s.scorer, s.answers, s.total,
             s.fatal_failed AS fatalFailed, s.comments, s.created_at AS createdAt, s.response, s.response_note AS responseNote,
             s.responded_at AS respondedAt, w.category AS wrapCategory, w.result AS wrapResult FROM qa_scores s
           JOIN calls c ON c.channel_id = s.channel_id LEFT JOIN wrap_ups w ON w.channel_id = s.channel_id
           WHERE c.started_at >= ? AND c.started_at < ? AND s.agent_id IS NOT NULL ORDER BY s.id`,
        )
        .all(from, to) as Array<RawScore & { wrapCategory: string | null; wrapResult: string | null }>
    ).map((r) => ({ ...scoreOf(r), wrapCategory: r.wrapCategory, wrapResult: r.wrapResult }));
  }
}
