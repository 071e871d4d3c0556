import { type EntityManager, LockMode } from '@mikro-orm/core';
import { AuditAction, type AuditService } from '../audit';
import { runMutation } from '../db/mutation';
import { type Page, type PageRequest, paginate } from '../db/pagination';
import { Placement } from '../placements';
import { NotFoundError } from '../shared/errors';
import { callerOf, requireRole, WRITE_ROLES } from '../shared/permissions';
import { type Outcome, refuse, succeed } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import { actingPerson } from './acting-person';
import { LogbookErrorCode, logbookViolation, type LogbookViolation, same } from './logbook.messages';
import { ProgressReview, ProgressReviewStatus } from './progress-review.entity';

/** A party of a tripartite review. */
export type ReviewParty = 'STUDENT' | 'MENTOR' | 'CURATOR';

const SIGNATURE = {
  STUDENT: { by: 'studentSignedBy', at: 'studentSignedAt', comment: 'studentComment' },
  MENTOR: { by: 'mentorSignedBy', at: 'mentorSignedAt', comment: 'mentorComment' },
  CURATOR: { by: 'curatorSignedBy', at: 'curatorSignedAt', comment: 'curatorComment' },
} as const;

function field(name: string): string[] {
  return ['input', name];
}

function partiesOf(p: Placement): { visibleTo: string[]; regions: string[] } {
  return { visibleTo: [p.hei.id, p.employer.id], regions: [p.hei.region, p.employer.region] };
}

/** Tripartite progress reviews (student, mentor, curator) of a placement. */
export class ProgressReviewService {
  constructor(private readonly audit: AuditService) {}

  /** Schedules a review within the placement period, by its HEI or employer. */
  async schedule(ctx: RequestContext, input: { placementId: string; scheduledOn: string }): Promise<Outcome<ProgressReview, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    await this.visible(ctx.em, Placement, input.placementId, 'Placement');
    return runMutation(ctx, async (tx) => {
      const placement = await this.placement(tx.em, input.placementId);
      const caller = callerOf(tx);
      if (caller && caller.organizationId !== placement.hei.id && caller.organizationId !== placement.employer.id) {
        return refuse(logbookViolation(field('placementId'), LogbookErrorCode.NOT_A_PARTY));
      }
      if (input.scheduledOn < placement.startDate || input.scheduledOn > placement.endDate) {
        return refuse(
          logbookViolation(field('scheduledOn'), LogbookErrorCode.OUTSIDE_PLACEMENT_PERIOD, same(`(${placement.startDate} – ${placement.endDate})`)),
        );
      }
      const review = tx.em.create(ProgressReview, { placement, hei: placement.hei, employer: placement.employer, scheduledOn: input.scheduledOn });
      this.audit.record(tx, tx.em, {
        objectType: 'ProgressReview',
        objectId: review.id,
        action: AuditAction.CREATED,
        after: { status: review.status, scheduledOn: input.scheduledOn },
        ...partiesOf(placement),
      });
      return succeed(review);
    });
  }

  /** Records the review as held (day, weak points, actions); refused once anyone has signed. */
  async record(
    ctx: RequestContext,
    input: { reviewId: string; heldOn: string; weakPoints: string; actions: string },
  ): Promise<Outcome<ProgressReview, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const visible = await this.visible(ctx.em, ProgressReview, input.reviewId, 'ProgressReview');
    return runMutation(ctx, async (tx) => {
      const placement = await this.placement(tx.em, visible.placement.id);
      const caller = callerOf(tx);
      if (caller && caller.organizationId !== placement.hei.id && caller.organizationId !== placement.employer.id) {
        return refuse(logbookViolation(field('reviewId'), LogbookErrorCode.NOT_A_PARTY));
      }
      const review = await tx.em.findOneOrFail(ProgressReview, { id: input.reviewId }, { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (review.studentSignedAt || review.mentorSignedAt || review.curatorSignedAt)
        return refuse(logbookViolation(field('reviewId'), LogbookErrorCode.REVIEW_SIGNED));
      const refusals: LogbookViolation[] = [];
      const today = tx.clock.now().toISOString().slice(0, 10);
      if (input.heldOn > today) refusals.push(logbookViolation(field('heldOn'), LogbookErrorCode.DATE_IN_FUTURE, same(`(${input.heldOn} > ${today})`)));
      if (input.heldOn < placement.startDate || input.heldOn > placement.endDate) {
        refusals.push(logbookViolation(field('heldOn'), LogbookErrorCode.OUTSIDE_PLACEMENT_PERIOD, same(`(${placement.startDate} – ${placement.endDate})`)));
      }
      if (!input.weakPoints.trim()) refusals.push(logbookViolation(field('weakPoints'), LogbookErrorCode.TEXT_REQUIRED));
      if (!input.actions.trim()) refusals.push(logbookViolation(field('actions'), LogbookErrorCode.TEXT_REQUIRED));
      if (refusals.length > 0) return refuse(...refusals);
      const before = { status: review.status };
      Object.assign(review, { heldOn: input.heldOn, weakPoints: input.weakPoints.trim(), actions: input.actions.trim(), status: ProgressReviewStatus.HELD });
      this.audit.record(tx, tx.em, {
        objectType: 'ProgressReview',
        objectId: review.id,
        action: AuditAction.STATUS_CHANGED,
        before,
        after: { status: review.status, heldOn: input.heldOn },
        ...partiesOf(placement),
      });
      return succeed(review);
    });
  }

  /**
   * One party signs a HELD review with an optional comment (the acting person is decided by
   * {@link actingPerson}); with the third signature the review becomes SIGNED.
   */
  async sign(
    ctx: RequestContext,
    input: { reviewId: string; party: ReviewParty; personId: string; comment?: string | null },
  ): Promise<Outcome<ProgressReview, LogbookErrorCode>> {
    requireRole(ctx, WRITE_ROLES);
    const visible = await this.visible(ctx.em, ProgressReview, input.reviewId, 'ProgressReview');
    return runMutation(ctx, async (tx) => {
      const placement = await this.placement(tx.em, visible.placement.id);
      const acting = actingPerson(tx, placement, input.party, input.personId, field('personId'));
      if ('refusal' in acting) return refuse(acting.refusal);
      const review = await tx.em.findOneOrFail(ProgressReview, { id: input.reviewId }, { filters: false, lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (review.status === ProgressReviewStatus.SCHEDULED) return refuse(logbookViolation(field('reviewId'), LogbookErrorCode.REVIEW_NOT_HELD));
      const slot = SIGNATURE[input.party];
      if (review[slot.at]) return refuse(logbookViolation(field('party'), LogbookErrorCode.ALREADY_SIGNED_BY_PARTY));
      Object.assign(review, {
        [slot.by]: tx.em.getReference('Person', acting.personId),
        [slot.at]: tx.clock.now(),
        [slot.comment]: input.comment?.trim() || undefined,
      });
      const before = { status: review.status };
      if (review.studentSignedAt && review.mentorSignedAt && review.curatorSignedAt) review.status = ProgressReviewStatus.SIGNED;
      this.audit.record(tx, tx.em, {
        objectType: 'ProgressReview',
        objectId: review.id,
        action: AuditAction.SIGNED,
        actorPersonId: acting.personId,
        before,
        after: { status: review.status, party: input.party },
        reason: input.comment ?? null,
        ...partiesOf(placement),
      });
      return succeed(review);
    });
  }

  /** A page of a (visible) placement's reviews, by scheduled day. */
  list<N>(ctx: RequestContext, placementId: string, page: PageRequest, toNode: (row: ProgressReview) => N): Promise<Page<N>> {
    return paginate(ctx.em, ProgressReview, { placement: placementId }, page, { scheduledOn: 'asc' }, toNode);
  }

  private async visible<T extends object>(em: EntityManager, entity: new () => T, id: string, what: string): Promise<T> {
    const row = await em.findOne(entity, { id } as never);
    if (!row) throw new NotFoundError(what);
    return row as T;
  }

  private async placement(em: EntityManager, id: string): Promise<Placement> {
    const placement = await em.findOneOrFail(Placement, { id }, { filters: false, refresh: true });
    await em.populate(placement, ['hei', 'employer'], { filters: false });
    return placement;
  }
}
