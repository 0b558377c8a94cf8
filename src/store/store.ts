import { AgentStatesRepo } from './agent-states-repo.js';
import { AnnouncementReportQueries } from './announcement-report-queries.js';
import { AnnouncementsRepo } from './announcements-repo.js';
import { AttemptsRepo } from './attempts-repo.js';
import { AuditRepo } from './audit-repo.js';
import { CallbacksRepo } from './callbacks-repo.js';
import { CallerHistoryQueries } from './caller-history-queries.js';
import { CallerListsRepo } from './caller-lists-repo.js';
import { CampaignsRepo } from './campaigns-repo.js';
import { ComplaintsRepo } from './complaints-repo.js';
import type { Db } from './db.js';
import { DialRefusalsRepo } from './dial-refusals-repo.js';
import { DncRepo } from './dnc-repo.js';
import { FlowVersionsRepo } from './flow-versions-repo.js';
import { KbRepo } from './kb-repo.js';
import { LeadImportsRepo } from './lead-imports-repo.js';
import { LeadsRepo } from './leads-repo.js';
import { PacingRepo } from './pacing-repo.js';
import { PlanningRepo } from './planning-repo.js';
import { QaRepo } from './qa-repo.js';
import { ReportQueries } from './report-queries.js';
import { ReportRunsRepo } from './report-runs-repo.js';
import { TokensRepo } from './tokens-repo.js';
import { TransfersRepo } from './transfers-repo.js';
import { WorkOrdersRepo } from './work-orders-repo.js';
import { WrapUpsRepo } from './wrap-ups-repo.js';

/**
 * The repositories of one database and its transactions: what commands, routes, the live hub and the reports are
 * given instead of the database itself. (Call records and recordings keep the service's own repositories: the calls
 * repository queues its writes.)
 */
export class Store {
  readonly campaigns: CampaignsRepo;
  readonly leads: LeadsRepo;
  readonly attempts: AttemptsRepo;
  readonly dnc: DncRepo;
  readonly audit: AuditRepo;
  readonly pacing: PacingRepo;
  readonly agentStates: AgentStatesRepo;
  readonly flowVersions: FlowVersionsRepo;
  readonly tokens: TokensRepo;
  readonly reportRuns: ReportRunsRepo;
  readonly reportQueries: ReportQueries;
  readonly leadImports: LeadImportsRepo;
  readonly workOrders: WorkOrdersRepo;
  // Issue 11 (LIBRARY): the announcement library and its reports.
  readonly announcements: AnnouncementsRepo;
  readonly announcementReports: AnnouncementReportQueries;
  readonly wrapUps: WrapUpsRepo;
  readonly callbacks: CallbacksRepo;
  readonly complaints: ComplaintsRepo;
  readonly callerLists: CallerListsRepo;
  readonly callerHistory: CallerHistoryQueries;
  // Issue 16 (quality and planning).
  readonly kb: KbRepo;
  readonly qa: QaRepo;
  // Issue 17 item 11: the dials the centre-wide dial policy refused.
  readonly dialRefusals: DialRefusalsRepo;
  readonly planning: PlanningRepo;
  readonly transfers: TransfersRepo;

  constructor(private readonly db: Db) {
    this.campaigns = new CampaignsRepo(db);
    this.leads = new LeadsRepo(db);
    this.attempts = new AttemptsRepo(db);
    this.dnc = new DncRepo(db);
    this.audit = new AuditRepo(db);
    this.pacing = new PacingRepo(db);
    this.agentStates = new AgentStatesRepo(db);
    this.flowVersions = new FlowVersionsRepo(db);
    this.tokens = new TokensRepo(db);
    this.reportRuns = new ReportRunsRepo(db);
    this.reportQueries = new ReportQueries(db);
    this.leadImports = new LeadImportsRepo(db);
    this.workOrders = new WorkOrdersRepo(db);
    this.announcements = new AnnouncementsRepo(db);
    this.announcementReports = new AnnouncementReportQueries(db);
    this.wrapUps = new WrapUpsRepo(db);
    this.callbacks = new CallbacksRepo(db);
    this.complaints = new ComplaintsRepo(db);
    this.callerLists = new CallerListsRepo(db);
    this.callerHistory = new CallerHistoryQueries(db);
    this.kb = new KbRepo(db);
    this.qa = new QaRepo(db);
    this.dialRefusals = new DialRefusalsRepo(db);
    this.planning = new PlanningRepo(db);
    this.transfers = new TransfersRepo(db);
  }

  /** Runs `fn` in one transaction (a savepoint inside another); all of it is written or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

const stores = new WeakMap<Db, Store>();

/** The store of a database, made once per connection (the CLI and tests hold a database, commands take its store). */
export function storeOf(db: Db): Store {
  let s = stores.get(db);
  if (!s) stores.set(db, (s = new Store(db)));
  return s;
}
