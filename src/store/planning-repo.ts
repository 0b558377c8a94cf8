import type { Db } from './db.js';

export interface ShiftRow {
  id: number;
  agentId: string;
  date: string;
  startSlot: number;
  endSlot: number;
  handover: string | null;
  handoverBy: string | null;
  handoverAt: number | null;
  createdAt: number;
  createdBy: string;
}

const cols = `id, agent_id AS agentId, date, start_slot AS startSlot, end_slot AS endSlot, handover, handover_by AS handoverBy,
  handover_at AS handoverAt, created_at AS createdAt, created_by AS createdBy`;

/** Shifts, their handover notes and swaps (issue 16 item 4), and the inbound history the forecast reads. */
export class PlanningRepo {
  constructor(private readonly db: Db) {}

  addShift(s: Pick<ShiftRow, 'agentId' | 'date' | 'startSlot' | 'endSlot' | 'createdAt' | 'createdBy'>): number {
    return Number(
      this.db.prepare('INSERT INTO shifts (agent_id, date, start_slot, end_slot, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(s.agentId, s.date, s.startSlot, s.endSlot, s.createdAt, s.createdBy).lastInsertRowid,
    );
  }

  shift(id: number): ShiftRow | undefined {
    return this.db.prepare(`SELECT ${cols} FROM shifts WHERE id = ?`).get(id) as ShiftRow | undefined;
  }

  /** The shifts of a local date, by start. */
  shiftsOn(date: string): ShiftRow[] {
    return this.db.prepare(`SELECT ${cols} FROM shifts WHERE date = ? ORDER BY start_slot, agent_id`).all(date) as ShiftRow[];
  }

  setHandover(id: number, note: string, by: string, now: number): void {
    this.db.prepare('UPDATE shifts SET handover = ?, handover_by = ?, handover_at = ? WHERE id = ?').run(note, by, now, id);
  }

  /** Swaps a person took part in during a month ('YYYY-MM'), giving or taking the shift. */
  swapsOf(agentId: string, month: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM shift_swaps WHERE month = ? AND (from_agent = ? OR to_agent = ?)').get(month, agentId, agentId) as { n: number }).n;
  }

  /** Records the swap and gives the shift to the colleague. */
  swap(shiftId: number, fromAgent: string, toAgent: string, month: string, now: number, by: string): void {
    this.db.prepare('INSERT INTO shift_swaps (shift_id, from_agent, to_agent, month, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)').run(shiftId, fromAgent, toAgent, month, now, by);
    this.db.prepare('UPDATE shifts SET agent_id = ? WHERE id = ?').run(toAgent, shiftId);
  }

  /** Inbound calls per half-hour since `from`, as slot numbers counted from `from` (which starts a local day). */
  inboundPerSlot(from: number, to: number): Array<{ slot: number; calls: number }> {
    return this.db
      .prepare(`SELECT CAST((started_at - ?) / 1800000 AS INTEGER) AS slot, COUNT(*) AS calls FROM calls WHERE direction = 'inbound' AND started_at >= ? AND started_at < ? GROUP BY slot`)
      .all(from, from, to) as Array<{ slot: number; calls: number }>;
  }
}
