import type { Placement } from '../placements';
import { callerOf } from '../shared/permissions';
import type { RequestContext } from '../shared/request-context';
import { LogbookErrorCode, logbookViolation, type LogbookViolation } from './logbook.messages';

/**
 * THE seam deciding who is acting on a logbook. Until people sign in (the identity context), a
 * partner system acts for a person with its organisation's API key and names the person:
 * the student's entries come with the HEI's or the employer's key and the student's id; the
 * mentor's sign-off comes with the employer's key and the mentor's id; the curator's with the
 * HEI's key and the curator's id. When sign-in lands, the
 * signed-in person replaces `claimedPersonId` here and nowhere else.
 *
 * Returns the person id to record, or the refusal (naming `field`).
 */
export function actingPerson(
  ctx: RequestContext,
  placement: Placement,
  as: 'STUDENT' | 'MENTOR' | 'CURATOR',
  claimedPersonId: string,
  field: string[],
): { personId: string } | { refusal: LogbookViolation } {
  const caller = callerOf(ctx);
  if (as === 'STUDENT') {
    if (caller && caller.organizationId !== placement.hei.id && caller.organizationId !== placement.employer.id) {
      return { refusal: logbookViolation(field, LogbookErrorCode.NOT_A_PARTY) };
    }
    if (claimedPersonId !== placement.student.id) return { refusal: logbookViolation(field, LogbookErrorCode.NOT_THE_STUDENT) };
    return { personId: claimedPersonId };
  }
  if (as === 'CURATOR') {
    if ((caller && caller.organizationId !== placement.hei.id) || claimedPersonId !== placement.curator?.id) {
      return { refusal: logbookViolation(field, LogbookErrorCode.NOT_THE_CURATOR) };
    }
    return { personId: claimedPersonId };
  }
  if ((caller && caller.organizationId !== placement.employer.id) || claimedPersonId !== placement.mentor?.id) {
    return { refusal: logbookViolation(field, LogbookErrorCode.NOT_THE_MENTOR) };
  }
  return { personId: claimedPersonId };
}
