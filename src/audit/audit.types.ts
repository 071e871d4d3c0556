import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { connectionType, toGlobalId } from '../graphql/relay';
import { AuditAction, type AuditEntry } from './audit-entry.entity';

registerEnumType(AuditAction, {
  name: 'AuditAction',
  description: 'What a history entry records.',
  valuesConfig: {
    CREATED: { description: 'The object was created.' },
    STATUS_CHANGED: { description: 'Its status changed (see `before.status` and `after.status`).' },
    SIGNED: { description: 'A party signed it.' },
    MENTOR_ASSIGNED: { description: 'A mentor was assigned or replaced.' },
    CURATOR_ASSIGNED: { description: 'A curator was assigned or replaced.' },
    HAZARDS_CHANGED: { description: 'Its hazard categories changed.' },
  },
});

@ObjectType('HistoryEntry', { description: 'One recorded change: who, when, what, before and after, why.' })
export class HistoryEntryNode {
  @Field(() => AuditAction, { description: 'What kind of change was recorded.' }) action!: AuditAction;
  @Field({ description: 'When the change was made.' }) at!: Date;
  @Field(() => ID, { nullable: true, description: 'Global id of the API key that made the change; null for system work (seed, lab runtime).' })
  actorApiKeyId!: string | null;
  @Field(() => ID, { nullable: true, description: 'Global id of the organisation of that key.' }) actorOrganizationId!: string | null;
  @Field(() => ID, { nullable: true, description: 'Global id of the person acting, when known.' }) actorPersonId!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The recorded fields before the change.' }) before!: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The recorded fields after the change.' }) after!: Record<string, unknown> | null;
  @Field(() => String, { nullable: true, description: 'Reason given with the change.' }) reason!: string | null;
}

/** API shape of an audit entry. */
export function toHistoryEntryNode(row: AuditEntry): HistoryEntryNode {
  return Object.assign(new HistoryEntryNode(), {
    action: row.action,
    at: row.at,
    actorApiKeyId: row.actorKeyId ? toGlobalId('ApiKey', row.actorKeyId) : null,
    actorOrganizationId: row.actorOrganizationId ? toGlobalId('Organization', row.actorOrganizationId) : null,
    actorPersonId: row.actorPersonId ? toGlobalId('Person', row.actorPersonId) : null,
    before: row.before ?? null,
    after: row.after ?? null,
    reason: row.reason ?? null,
  });
}

export const HistoryEntryConnection = connectionType(HistoryEntryNode, 'HistoryEntry');
