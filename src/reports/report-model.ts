/** A report as data, and the same report as sheets of rows for CSV and XLSX files. Pure. */
import type { Kpi } from '../qa/kpis.js';
import type { QualityReport } from '../qa/quality-ranking.js';
import { csvRows } from './csv-out.js';
import type { DeskKpis } from './desk-kpis.js';
import type { InboundKpis } from './inbound-kpis.js';
import type { OutboundKpis } from './outbound-kpis.js';
import type { Period } from './report-period.js';

export interface Report {
  period: Period;
  timeZone: string;
  generatedAt: number;
  inbound: InboundKpis;
  outbound: OutboundKpis;
  /** The service desk (issue 15 item 6); absent from reports made before it. */
  desk?: DeskKpis;
  /** Issue 16: the agents ranked per team by the three quality KPIs; weeks, months and ranges only. */
  quality?: QualityReport;
}

export type Cell = string | number | null;

export interface Sheet {
  name: string;
  columns: string[];
  rows: Cell[][];
}

// Operators read the sheets in Chinese; the keys stay English so scripts can read the CSV.
const summaryLabels: ReadonlyArray<[keyof InboundKpis | keyof OutboundKpis, string, 'in' | 'out']> = [
  ['calls', '呼入总量 inbound calls', 'in'],
  ['offered', '转人工量 offered to agents', 'in'],
  ['answered', '人工接听量 answered', 'in'],
  ['answeredWithin10s', '10秒内接起 answered within 10 s', 'in'],
  ['answerRate10s', '接起率 answer rate (10 s)', 'in'],
  ['answerRate10sOfOffered', '转人工10秒接起率 answered within 10 s / offered', 'in'],
  ['abandoned', '放弃量 abandoned in queue', 'in'],
  ['abandonRate', '呼叫放弃率 abandon rate', 'in'],
  ['avgWaitS', '平均等待时长(秒) average wait', 'in'],
  ['avgAnswerWaitS', '平均应答等待(秒) average wait to answer', 'in'],
  ['ahtS', '平均处理时长(秒) AHT', 'in'],
  ['avgTalkS', '平均通话(秒) talk', 'in'],
  ['avgHoldS', '平均持线(秒) hold', 'in'],
  ['avgAcwS', '平均话后处理(秒) after-call work', 'in'],
  ['callsPerAgentHour', '人均每小时处理量 calls per agent-hour', 'in'],
  ['dials', '外呼量 dials', 'out'],
  ['connects', '接通量 connects', 'out'],
  ['contactRate', '接通率 contact rate', 'out'],
  ['successes', '成功量 successes', 'out'],
  ['successRate', '成功率 success rate', 'out'],
  ['wrongParty', '错误联系人 wrong party', 'out'],
  ['wrongPartyRate', '错误联系人率 wrong-party rate', 'out'],
  ['deadNumbers', '空号/改号/传真 dead numbers', 'out'],
  ['deadNumberRate', '空号率 dead-number rate', 'out'],
  ['abandoned', '外呼放弃 abandoned (no agent in 2 s)', 'out'],
  ['abandonRate', '外呼放弃率 abandon rate', 'out'],
  ['attemptsPerLead', '每名单拨打次数 attempts per lead', 'out'],
];

/** The report as sheets: summary, agents, IVR nodes, hot issues, campaigns, compliance, callbacks. */
export function reportSheets(r: Report): Sheet[] {
  const { inbound: i, outbound: o } = r;
  const summary: Cell[][] = [
    ['period', '报表周期 period', r.period.label],
    ['from', '开始 from', new Date(r.period.from).toISOString()],
    ['to', '结束 to (exclusive)', new Date(r.period.to).toISOString()],
    ['timeZone', '时区 time zone', r.timeZone],
    ...summaryLabels.map(([key, label, side]): Cell[] => [`${side === 'in' ? 'inbound' : 'outbound'}.${key}`, label, ((side === 'in' ? i : o) as unknown as Record<string, Cell>)[key] ?? null]),
    ...Object.entries(i.nonRegular).map(([kind, n]): Cell[] => [`inbound.nonRegular.${kind}`, `非常规来电 non-regular: ${kind}`, n]),
    ['outbound.callbacks.due', '应回拨 callbacks due', o.callbacks.due],
    ['outbound.callbacks.onTime', '按时回拨 callbacks on time', o.callbacks.onTime],
    ['outbound.callbacks.late', '延迟回拨 callbacks late', o.callbacks.late],
    ['outbound.callbacks.missed', '漏回拨 callbacks missed', o.callbacks.missed],
    ['outbound.callbacks.pending', '待回拨 callbacks pending', o.callbacks.pending],
    ['outbound.callbacks.onTimeRate', '按时回拨率 on-time rate', o.callbacks.onTimeRate],
    ...deskSummary(r.desk),
  ];
  return [
    { name: 'summary', columns: ['key', 'label', 'value'], rows: summary },
    {
      name: 'agents',
      columns: ['agentId', 'rung', 'answered', 'missed', 'abandonRate', 'handledInbound', 'handledOutbound', 'staffedHours', 'callsPerHour', 'ahtS'],
      rows: i.agents.map((a) => [a.agentId, a.rung, a.answered, a.missed, a.abandonRate, a.handledInbound, a.handledOutbound, a.staffedHours, a.callsPerHour, a.ahtS]),
    },
    { name: 'ivr-nodes', columns: ['node', 'calls', 'dropOff', 'dropOffRate'], rows: i.ivrNodes.map((n) => [n.node, n.calls, n.dropOff, n.dropOffRate]) },
    { name: 'hot-issues', columns: ['node', 'key', 'calls', 'share'], rows: i.hotIssues.map((h) => [h.node, h.key, h.calls, h.share]) },
    // What the agents' wrap-ups say the calls were about (来电分类), and how many were resolved on the call.
    { name: 'call-categories', columns: ['category', 'calls', 'resolved'], rows: (i.categories ?? []).map((c) => [c.category, c.calls, c.resolved]) },
    ...deskSheets(r.desk),
    ...qualitySheets(r.quality),
    {
      name: 'campaigns',
      columns: ['campaignId', 'dials', 'connects', 'contactRate', 'successes', 'successRate', 'wrongPartyRate', 'deadNumberRate', 'abandonRate', 'attemptsPerLead'],
      rows: o.campaigns.map((c) => [c.campaignId, c.dials, c.connects, c.contactRate, c.successes, c.successRate, c.wrongPartyRate, c.deadNumberRate, c.abandonRate, c.attemptsPerLead]),
    },
    {
      name: 'completion',
      columns: ['campaignId', 'name', 'leads', 'final', 'successes', 'completion'],
      rows: o.completion.map((c) => [c.campaignId, c.name, c.leads, c.final, c.successes, c.completion]),
    },
    {
      name: 'compliance',
      columns: ['campaignId', 'window', 'liveAnswers', 'abandoned', 'rate', 'over3pct'],
      rows: o.compliance.map((c) => [c.campaignId, c.window, c.liveAnswers, c.abandoned, c.rate, c.over ? 'yes' : 'no']),
    },
  ];
}

/** The desk's summary rows: first-call resolution, work-order timeliness. */
function deskSummary(d: DeskKpis | undefined): Cell[][] {
  if (!d) return [];
  const w = d.workOrders;
  return [
    ['desk.wrappedUp', '已小结来电 calls wrapped up', d.wrappedUp],
    ['desk.resolvedOnCall', '当场解决 resolved on the call', d.resolvedOnCall],
    ['desk.fcrRate', '首次解决率 first-call resolution', d.fcrRate],
    ['desk.workOrders.created', '新建工单 work orders created', w.created],
    ['desk.workOrders.response.onTime', '及时响应 responded on time', w.response.onTime],
    ['desk.workOrders.response.late', '响应超时 responded late or overdue', w.response.late],
    ['desk.workOrders.response.rate', '响应及时率 response on-time rate', w.response.rate],
    ['desk.workOrders.completion.onTime', '及时完成 completed on time', w.completion.onTime],
    ['desk.workOrders.completion.late', '完成超时 completed late or overdue', w.completion.late],
    ['desk.workOrders.completion.rate', '完成及时率 completion on-time rate', w.completion.rate],
  ];
}

/** The desk's sheets: hot issues by category and by category and IVR choice, the complaint classification tables. */
function deskSheets(d: DeskKpis | undefined): Sheet[] {
  if (!d) return [];
  const complaintColumns = ['key', 'total', 'open', 'resolved', 'confirmed', 'overdue'];
  const complaintRows = (xs: DeskKpis['complaints']['byCategory']) => xs.map((c): Cell[] => [c.key, c.total, c.open, c.resolved, c.confirmed, c.overdue]);
  return [
    { name: 'hot-issues-by-category', columns: ['category', 'calls', 'share', 'resolved', 'fcrRate'], rows: d.byCategory.map((c) => [c.category, c.calls, c.share, c.resolved, c.fcrRate]) },
    { name: 'hot-issues-by-choice', columns: ['category', 'choice', 'calls'], rows: d.byCategoryAndChoice.map((c) => [c.category, c.choice, c.calls]) },
    // 顾客投诉分类统计表, by category and by department.
    { name: 'complaints-by-category', columns: complaintColumns, rows: complaintRows(d.complaints.byCategory) },
    { name: 'complaints-by-department', columns: complaintColumns, rows: complaintRows(d.complaints.byDepartment) },
  ];
}

const kpiCells = (k: Kpi): Cell[] => [k.rate, `${k.numerator}/${k.denominator}`, k.met === null ? 'n/a' : k.met ? 'yes' : 'no'];

/**
 * The quality ranking (KPI考核排名): per team, best first, each KPI as rate, numerator/denominator and whether it met
 * its target; the targets in the sheet `kpi-targets`.
 */
function qualitySheets(q: QualityReport | undefined): Sheet[] {
  if (!q) return [];
  const s = q.settings;
  return [
    {
      name: 'kpi-targets',
      columns: ['key', 'label', 'value'],
      rows: [
        ['kpis.recordAccuracyTarget', '信息准确率目标 record accuracy target', s.recordAccuracyTarget],
        ['kpis.serviceTarget', '服务指标达标率目标 service targets met target', s.serviceTarget],
        ['kpis.servicePassMark', '达标分数线 pass mark', s.servicePassMark],
        ['kpis.fcrTarget', '一次线上解决率目标 first-call resolution target', s.fcrTarget],
      ],
    },
    {
      name: 'kpi-ranking',
      columns: ['team', 'rank', 'agentId', 'kpisMet', 'meanRate', 'recordAccuracy', 'recordAccuracyOf', 'recordAccuracyMet', 'serviceMet', 'serviceMetOf', 'serviceMetMet', 'fcr', 'fcrOf', 'fcrMet'],
      rows: q.ranking.map((c): Cell[] => [c.team, c.rank, c.agentId, c.met, c.mean, ...kpiCells(c.recordAccuracy), ...kpiCells(c.serviceMet), ...kpiCells(c.fcr)]),
    },
  ];
}

/** The sheets as one CSV: a `sheet` column first, each sheet's header row, then its rows. */
export function reportCsv(sheets: readonly Sheet[]): string {
  const rows: Cell[][] = [];
  for (const s of sheets) {
    rows.push(['sheet', ...s.columns]);
    for (const row of s.rows) rows.push([s.name, ...row]);
  }
  return csvRows(rows);
}
