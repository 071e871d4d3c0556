import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Organization } from '../organizations';
import { Program } from '../programs';
import { Loaders } from '../shared/loaders';
import { OrganizationKind } from '../shared/organization-kind';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { ConsolidatedOrder, LineDecision, OrderLine, OrderStatus } from './consolidated-order.entity';
import { ControlFigure } from './control-figure.entity';
import { DemandErrorCode, demandViolation, type DemandViolation } from './demand.messages';
import { controlFiguresCoherent, countValid, needsJustification, nextOrderStatus, yearInHorizon } from './demand.rules';
import { Qualification } from './qualification.entity';

/** One line of a new consolidated order. */
export interface OrderLineCommand {
  qualificationCode: string;
  year: number;
  count: number;
  executorId?: string | null;
  justification?: string | null;
}

/** Input of {@link ConsolidatedOrderService.setControlFigure}. */
export interface ControlFigureCommand {
  heiId: string;
  programId: string;
  qualificationCode: string;
  year: number;
  budgetPlaces: number;
  dualPlaces: number;
  justification?: string | null;
}

/** Filters of the order and control-figure lists. */
export interface OrderQuery {
  year?: number;
  statuses?: OrderStatus[];
  region?: string;
}
export interface ControlFigureQuery {
  year?: number;
  heiId?: string;
  qualificationCode?: string;
}

const f = (...path: (string | number)[]) => ['input', ...path.map(String)];
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Statuses in which an order's counts are approved. */
const APPROVED_STATUSES = [OrderStatus.APPROVED, OrderStatus.PLACED];

/**
 * The consolidated order for training (coordinator, industry councils, authority, HEIs) and the
 * admission control figures (authority). Every status change is in the audit trail.
 */
export class ConsolidatedOrderService {
  constructor(private readonly audit: AuditService) {}

  /** A page of the orders the caller may see, newest year first. */
  list<N>(ctx: RequestContext, query: OrderQuery, page: PageRequest, toNode: (row: ConsolidatedOrder) => N): Promise<Page<N>> {
    const where: FilterQuery<ConsolidatedOrder> = {};
    if (query.year) where.year = query.year;
    if (query.statuses?.length) where.status = { $in: query.statuses };
    if (query.region) where.region = query.region;
    return paginate(ctx.em, ConsolidatedOrder, where, page, { year: 'desc' }, toNode);
  }

  /** The visible lines of many orders at once (an HEI sees only the lines placed with it). */
  async linesOf(ctx: RequestContext, orderIds: readonly string[]): Promise<OrderLine[][]> {
    const rows = await ctx.em.find(OrderLine, { order: { $in: [...orderIds] } }, { orderBy: { year: 'asc', qualificationCode: 'asc', id: 'asc' } });
    return Loaders.group(orderIds, rows, (row) => row.order.id);
  }

  /** The sum of SUBMITTED demand in a region by qualification and year (one statement). */
  private async submittedDemand(tx: RequestContext, region: string): Promise<Map<string, number>> {
    const rows = (await tx.em.getConnection().execute(
      `select d.qualification_code as q, d.base_year + c.i::int - 1 as year, sum(c.n::int)::int as n
         from workforce_demand d, jsonb_array_elements_text(d.counts) with ordinality as c(n, i)
        where d.region = ? and d.status = 'SUBMITTED'
        group by 1, 2`,
      [region],
      'all',
      tx.em.getTransactionContext(),
    )) as { q: string; year: number; n: number }[];
    return new Map(rows.map((r) => [`${r.q}/${r.year}`, r.n]));
  }

  /**
   * The coordinator forms the consolidated order of its region for an admission year. A line
   * above the region's submitted demand for its qualification and year needs a justification.
   */
  create(
    ctx: RequestContext,
    input: { year: number; lines: OrderLineCommand[]; coordinatorId?: string },
  ): Promise<Outcome<ConsolidatedOrder, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(
      ctx,
      async (tx) => {
        const coordinator = await this.actingAs(tx, OrganizationKind.COORDINATOR, input.coordinatorId);
        if (!coordinator) return refuse(demandViolation(f('year'), DemandErrorCode.NOT_THE_COORDINATOR));
        const now = tx.clock.now().getUTCFullYear();
        const refusals: DemandViolation[] = [];
        if (!yearInHorizon(input.year, now)) refusals.push(demandViolation(f('year'), DemandErrorCode.YEAR_OUT_OF_RANGE));
        else if ((await tx.em.count(ConsolidatedOrder, { region: coordinator.region, year: input.year }, { filters: false })) > 0)
          refusals.push(this.orderExists());
        if (input.lines.length === 0) refusals.push(demandViolation(f('lines'), DemandErrorCode.LINES_REQUIRED));
        const qualifications = new Map(
          (await tx.em.find(Qualification, { code: { $in: input.lines.map((l) => l.qualificationCode) } })).map((q) => [q.code, q]),
        );
        const executorIds = input.lines.map((l) => l.executorId).filter((id): id is string => !!id);
        const executors = new Map((await tx.em.find(Organization, { id: { $in: executorIds } }, { filters: false })).map((o) => [o.id, o]));
        const demand = await this.submittedDemand(tx, coordinator.region);
        const seen = new Set<string>();
        input.lines.forEach((line, i) => {
          const q = qualifications.get(line.qualificationCode);
          if (!q) refusals.push(demandViolation(f('lines', i, 'qualificationCode'), DemandErrorCode.UNKNOWN_QUALIFICATION));
          if (!yearInHorizon(line.year, now)) refusals.push(demandViolation(f('lines', i, 'year'), DemandErrorCode.YEAR_OUT_OF_RANGE));
          if (!countValid(line.count)) refusals.push(demandViolation(f('lines', i, 'count'), DemandErrorCode.NEGATIVE_COUNT));
          else if (
            q &&
            yearInHorizon(line.year, now) &&
            needsJustification(line.count, demand.get(`${line.qualificationCode}/${line.year}`) ?? 0) &&
            !line.justification?.trim()
          ) {
            refusals.push(demandViolation(f('lines', i, 'justification'), DemandErrorCode.EXCEEDS_DEMAND));
          }
          if (line.executorId && !this.isActiveHei(executors.get(line.executorId)))
            refusals.push(demandViolation(f('lines', i, 'executorId'), DemandErrorCode.EXECUTOR_NOT_AN_HEI));
          const key = `${line.qualificationCode}/${line.year}`;
          if (seen.has(key)) refusals.push(demandViolation(f('lines', i), DemandErrorCode.DUPLICATE_LINE));
          seen.add(key);
        });
        if (refusals.length > 0) return refuse(...refusals);
        const order = tx.em.create(ConsolidatedOrder, { region: coordinator.region, year: input.year, coordinator });
        for (const line of input.lines) {
          tx.em.create(OrderLine, {
            order,
            region: coordinator.region,
            qualificationCode: line.qualificationCode,
            industry: qualifications.get(line.qualificationCode)!.industry,
            year: line.year,
            count: line.count,
            executor: line.executorId ? executors.get(line.executorId) : undefined,
            justification: line.justification?.trim() || undefined,
          });
        }
        this.audit.record(tx, tx.em, {
          objectType: 'ConsolidatedOrder',
          objectId: order.id,
          action: AuditAction.CREATED,
          after: { status: order.status, year: input.year, lines: input.lines.length },
          visibleTo: [coordinator.id],
          regions: [coordinator.region],
        });
        await tx.em.flush();
        return succeed(order);
      },
      { unique: { consolidated_order_region_year_unique: () => this.orderExists() } },
    );
  }

  /** The coordinator names (or changes) the HEI executing a line, before approval. */
  assignExecutor(ctx: RequestContext, lineId: string, executorId: string): Promise<Outcome<OrderLine, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const coordinator = await this.actingAs(tx, OrganizationKind.COORDINATOR);
      if (!coordinator) return refuse(demandViolation(f('lineId'), DemandErrorCode.NOT_THE_COORDINATOR));
      const line = await tx.em.findOne(OrderLine, { id: lineId }, { populate: ['order'] });
      if (!line || line.region !== coordinator.region) return refuse(demandViolation(f('lineId'), DemandErrorCode.LINE_NOT_FOUND));
      await tx.em.lock(line.order, LockMode.PESSIMISTIC_WRITE);
      if (APPROVED_STATUSES.includes(line.order.status)) return refuse(demandViolation(f('lineId'), DemandErrorCode.INVALID_TRANSITION));
      const executor = await tx.em.findOne(Organization, { id: executorId }, { filters: false });
      if (!this.isActiveHei(executor)) return refuse(demandViolation(f('executorId'), DemandErrorCode.EXECUTOR_NOT_AN_HEI));
      line.executor = executor!;
      await tx.em.flush();
      return succeed(line);
    });
  }

  /**
   * An industry council agrees the lines of its industry in a DRAFT order of its region; when
   * every line is agreed, the order becomes AGREED.
   */
  agreeLines(ctx: RequestContext, orderId: string, councilId?: string): Promise<Outcome<ConsolidatedOrder, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const council = await this.actingAs(tx, OrganizationKind.INDUSTRY_COUNCIL, councilId);
      if (!council) return refuse(demandViolation(f('orderId'), DemandErrorCode.NOT_AN_INDUSTRY_COUNCIL));
      const order = await this.lockedOrder(tx, orderId, council.region);
      if (!order) return refuse(demandViolation(f('orderId'), DemandErrorCode.ORDER_NOT_FOUND));
      if (order.status !== OrderStatus.DRAFT) return refuse(demandViolation(f('orderId'), DemandErrorCode.INVALID_TRANSITION));
      const lines = order.lines.getItems();
      const mine = lines.filter((l) => l.industry === council.industry && !l.agreedAt);
      if (mine.length === 0) return refuse(demandViolation(f('orderId'), DemandErrorCode.NOTHING_TO_AGREE));
      for (const line of mine) Object.assign(line, { agreedByCouncilId: council.id, agreedAt: tx.clock.now() });
      if (lines.every((l) => l.agreedAt)) this.moveOrder(tx, order, OrderStatus.AGREED, `agreed by the industry councils`);
      await tx.em.flush();
      return succeed(order);
    });
  }

  /** The authority approves an AGREED order with its order number and date; every line needs an executor. */
  approve(
    ctx: RequestContext,
    orderId: string,
    input: { number: string; date: string },
    authorityId?: string,
  ): Promise<Outcome<ConsolidatedOrder, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const authority = await this.actingAs(tx, OrganizationKind.AUTHORITY, authorityId);
      if (!authority) return refuse(demandViolation(f('orderId'), DemandErrorCode.NOT_THE_AUTHORITY));
      const order = await this.lockedOrder(tx, orderId, authority.region);
      if (!order) return refuse(demandViolation(f('orderId'), DemandErrorCode.ORDER_NOT_FOUND));
      const refusals: DemandViolation[] = [];
      if (order.status === OrderStatus.DRAFT) refusals.push(demandViolation(f('orderId'), DemandErrorCode.LINES_NOT_AGREED));
      else if (order.status !== OrderStatus.AGREED) refusals.push(demandViolation(f('orderId'), DemandErrorCode.INVALID_TRANSITION));
      if (order.lines.getItems().some((l) => !l.executor)) refusals.push(demandViolation(f('orderId'), DemandErrorCode.EXECUTOR_MISSING));
      if (!input.number.trim()) refusals.push(demandViolation(f('number'), DemandErrorCode.APPROVAL_NUMBER_REQUIRED));
      if (!this.pastDay(tx, input.date)) refusals.push(demandViolation(f('date'), DemandErrorCode.DATE_INVALID));
      if (refusals.length > 0) return refuse(...refusals);
      Object.assign(order, { approvalNumber: input.number.trim(), approvalDate: input.date, approvedById: authority.id });
      this.moveOrder(tx, order, OrderStatus.APPROVED, `order ${input.number.trim()} of ${input.date}`);
      await tx.em.flush();
      return succeed(order);
    });
  }

  /** The coordinator places an APPROVED order's lines with their HEIs (→ PLACED). */
  place(ctx: RequestContext, orderId: string, coordinatorId?: string): Promise<Outcome<ConsolidatedOrder, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const coordinator = await this.actingAs(tx, OrganizationKind.COORDINATOR, coordinatorId);
      if (!coordinator) return refuse(demandViolation(f('orderId'), DemandErrorCode.NOT_THE_COORDINATOR));
      const order = await this.lockedOrder(tx, orderId, coordinator.region);
      if (!order) return refuse(demandViolation(f('orderId'), DemandErrorCode.ORDER_NOT_FOUND));
      if (order.status !== OrderStatus.APPROVED) return refuse(demandViolation(f('orderId'), DemandErrorCode.INVALID_TRANSITION));
      this.moveOrder(tx, order, OrderStatus.PLACED);
      await tx.em.flush();
      return succeed(order);
    });
  }

  /** The HEI a line is placed with accepts it, or declines it with a reason. */
  decideLine(ctx: RequestContext, lineId: string, input: { accept: boolean; reason?: string | null }): Promise<Outcome<OrderLine, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const caller = callerOf(tx);
      // Locked: of two concurrent decisions on one line, the second sees the first and gets ALREADY_DECIDED.
      const line = await tx.em.findOne(OrderLine, { id: lineId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!line) return refuse(demandViolation(f('lineId'), DemandErrorCode.LINE_NOT_FOUND));
      if (caller && line.executor?.id !== caller.organizationId) return refuse(demandViolation(f('lineId'), DemandErrorCode.NOT_THE_EXECUTOR));
      await tx.em.populate(line, ['order']);
      if (line.order.status !== OrderStatus.PLACED) return refuse(demandViolation(f('lineId'), DemandErrorCode.INVALID_TRANSITION));
      if (line.decision !== LineDecision.PENDING) return refuse(demandViolation(f('lineId'), DemandErrorCode.ALREADY_DECIDED));
      if (!input.accept && !input.reason?.trim()) return refuse(demandViolation(f('reason'), DemandErrorCode.REASON_REQUIRED));
      line.decision = input.accept ? LineDecision.ACCEPTED : LineDecision.DECLINED;
      line.decisionReason = input.reason?.trim() || undefined;
      this.audit.record(tx, tx.em, {
        objectType: 'OrderLine',
        objectId: line.id,
        action: AuditAction.STATUS_CHANGED,
        before: { decision: LineDecision.PENDING },
        after: { decision: line.decision },
        reason: line.decisionReason,
        visibleTo: [line.order.coordinator.id, line.executor!.id],
        regions: [line.region],
      });
      await tx.em.flush();
      return succeed(line);
    });
  }

  /** A page of the control figures the caller may see. */
  listControlFigures<N>(ctx: RequestContext, query: ControlFigureQuery, page: PageRequest, toNode: (row: ControlFigure) => N): Promise<Page<N>> {
    const where: FilterQuery<ControlFigure> = {};
    if (query.year) where.year = query.year;
    if (query.heiId) where.hei = query.heiId;
    if (query.qualificationCode) where.qualificationCode = query.qualificationCode;
    return paginate(ctx.em, ControlFigure, where, page, { year: 'asc', qualificationCode: 'asc' }, toNode);
  }

  /**
   * The authority sets admission control figures for an HEI × programme × year of its region.
   * The HEI's budget places for the qualification and year, over all its programmes, above what
   * approved orders place with it need a justification. Setting again replaces the figures.
   */
  setControlFigure(ctx: RequestContext, input: ControlFigureCommand, authorityId?: string): Promise<Outcome<ControlFigure, DemandErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    return runMutation(ctx, async (tx) => {
      const authority = await this.actingAs(tx, OrganizationKind.AUTHORITY, authorityId);
      if (!authority) return refuse(demandViolation(f('heiId'), DemandErrorCode.NOT_THE_AUTHORITY));
      const refusals: DemandViolation[] = [];
      const hei = await tx.em.findOne(Organization, { id: input.heiId }, { filters: false });
      if (!this.isActiveHei(hei) || hei!.region !== authority.region) return refuse(demandViolation(f('heiId'), DemandErrorCode.EXECUTOR_NOT_AN_HEI));
      const program = await tx.em.findOne(Program, { id: input.programId });
      if (!program || program.hei.id !== hei!.id) refusals.push(demandViolation(f('programId'), DemandErrorCode.PROGRAM_NOT_AT_HEI));
      if ((await tx.em.count(Qualification, { code: input.qualificationCode })) === 0)
        refusals.push(demandViolation(f('qualificationCode'), DemandErrorCode.UNKNOWN_QUALIFICATION));
      if (!yearInHorizon(input.year, tx.clock.now().getUTCFullYear())) refusals.push(demandViolation(f('year'), DemandErrorCode.YEAR_OUT_OF_RANGE));
      if (!countValid(input.budgetPlaces)) refusals.push(demandViolation(f('budgetPlaces'), DemandErrorCode.NEGATIVE_COUNT));
      if (!countValid(input.dualPlaces)) refusals.push(demandViolation(f('dualPlaces'), DemandErrorCode.NEGATIVE_COUNT));
      else if (!controlFiguresCoherent(input.budgetPlaces, input.dualPlaces) && countValid(input.budgetPlaces))
        refusals.push(demandViolation(f('dualPlaces'), DemandErrorCode.DUAL_ABOVE_BUDGET));
      if (refusals.length > 0) return refuse(...refusals);
      const [row] = (await tx.em.getConnection().execute(
        `select coalesce((select sum(l.count) from order_line l join consolidated_order o on o.id = l.order_id
                           where l.executor_id = ? and l.qualification_code = ? and l.year = ? and o.status in ('APPROVED', 'PLACED') and l.decision <> 'DECLINED'), 0)::int as ordered,
                coalesce((select sum(c.budget_places) from control_figure c
                           where c.hei_id = ? and c.qualification_code = ? and c.year = ? and c.program_id <> ?), 0)::int as others`,
        [hei!.id, input.qualificationCode, input.year, hei!.id, input.qualificationCode, input.year, input.programId],
        'all',
        tx.em.getTransactionContext(),
      )) as { ordered: number; others: number }[];
      if (row.others + input.budgetPlaces > row.ordered && !input.justification?.trim()) {
        return refuse(demandViolation(f('justification'), DemandErrorCode.EXCEEDS_ORDER));
      }
      const existing = await tx.em.findOne(ControlFigure, { hei: hei!.id, program: input.programId, year: input.year });
      const data = {
        qualificationCode: input.qualificationCode,
        budgetPlaces: input.budgetPlaces,
        dualPlaces: input.dualPlaces,
        justification: input.justification?.trim() || undefined,
        setById: authority.id,
      };
      const figure = existing
        ? tx.em.assign(existing, data)
        : tx.em.create(ControlFigure, { hei: hei!, program: program!, region: hei!.region, year: input.year, ...data });
      this.audit.record(tx, tx.em, {
        objectType: 'ControlFigure',
        objectId: figure.id,
        action: existing ? AuditAction.STATUS_CHANGED : AuditAction.CREATED,
        before: existing ? { budgetPlaces: existing.budgetPlaces, dualPlaces: existing.dualPlaces } : null,
        after: { budgetPlaces: input.budgetPlaces, dualPlaces: input.dualPlaces },
        reason: data.justification,
        visibleTo: [hei!.id, authority.id],
        regions: [hei!.region],
      });
      await tx.em.flush();
      return succeed(figure);
    });
  }

  private moveOrder(tx: RequestContext, order: ConsolidatedOrder, to: OrderStatus, reason?: string): void {
    if (nextOrderStatus(order.status) !== to) throw new Error(`order ${order.id}: ${order.status} → ${to} is not a transition`);
    const from = order.status;
    order.status = to;
    const executors = order.lines
      .getItems()
      .map((l) => l.executor?.id)
      .filter((id): id is string => !!id);
    this.audit.record(tx, tx.em, {
      objectType: 'ConsolidatedOrder',
      objectId: order.id,
      action: AuditAction.STATUS_CHANGED,
      before: { status: from },
      after: { status: to },
      reason,
      visibleTo: [order.coordinator.id, ...(to === OrderStatus.PLACED ? executors : [])],
      regions: [order.region],
    });
  }

  /** The order of the region, locked for the change, with its lines. */
  private async lockedOrder(tx: RequestContext, orderId: string, region: string): Promise<ConsolidatedOrder | null> {
    const order = await tx.em.findOne(ConsolidatedOrder, { id: orderId, region }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) return null;
    await tx.em.populate(order, ['lines'], { refresh: true });
    return order;
  }

  /** The caller's organisation if it is of this kind (the system acts as the given one). */
  private async actingAs(tx: RequestContext, kind: OrganizationKind, systemActorId?: string): Promise<Organization | null> {
    const caller = callerOf(tx);
    const id = caller ? caller.organizationId : systemActorId;
    if (!id) return null;
    const organization = await tx.em.findOne(Organization, { id }, { filters: false });
    return organization && organization.kind === kind && organization.active ? organization : null;
  }

  private isActiveHei(organization: Organization | null | undefined): boolean {
    return !!organization && organization.kind === OrganizationKind.HEI && organization.active;
  }

  private pastDay(tx: RequestContext, day: string): boolean {
    return ISO_DAY.test(day) && !Number.isNaN(Date.parse(day)) && day <= tx.clock.now().toISOString().slice(0, 10);
  }

  private orderExists(): DemandViolation {
    return demandViolation(f('year'), DemandErrorCode.ORDER_EXISTS);
  }
}
