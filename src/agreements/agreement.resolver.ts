import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AuditService, HistoryEntryConnection, toHistoryEntryNode } from '../audit';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, loadPerson, OrganizationNode, PersonNode } from '../organizations';
import type { Outcome } from '../shared/rule-violation';
import type { RequestContext } from '../shared/request-context';
import type { AgreementSignature } from './agreement-signature.entity';
import type { Agreement } from './agreement.entity';
import type { AgreementErrorCode } from './agreement.messages';
import { AgreementService } from './agreement.service';
import {
  AgreementConnection,
  AgreementFilter,
  AgreementNode,
  AgreementPayload,
  AgreementSignatureNode,
  AgreementUserError,
  CreateAgreementInput,
  SignAgreementInput,
  TerminateAgreementInput,
  toAgreementNode,
  toAgreementSignatureNode,
} from './agreement.types';

function payload(outcome: Outcome<Agreement, AgreementErrorCode>, ctx: RequestContext): AgreementPayload {
  return payloadOf(outcome, AgreementUserError, ctx, (value) => ({ agreement: toAgreementNode(value) }));
}

function optionalId(value: string | undefined, type: string, field: string): string | undefined {
  return value ? fromGlobalId(value, type, field) : undefined;
}

/** Loads a person through the request's scoped loader; null when not visible. */
@Resolver(() => AgreementNode)
export class AgreementResolver {
  constructor(
    private readonly agreementService: AgreementService,
    private readonly auditService: AuditService,
  ) {}

  @Query(() => AgreementConnection, { description: 'Agreements you are a party to (regional bodies: of their region), ordered by number.' })
  agreements(
    @Args() page: ConnectionArgs,
    @Arg('filter', () => AgreementFilter, { nullable: true }) filter: AgreementFilter | null,
    @Ctx() ctx: RequestContext,
  ) {
    const query = {
      kind: filter?.kind,
      statuses: filter?.statuses,
      heiId: optionalId(filter?.heiId, 'Organization', 'filter.heiId'),
      employerId: optionalId(filter?.employerId, 'Organization', 'filter.employerId'),
      studentId: optionalId(filter?.studentId, 'Person', 'filter.studentId'),
    };
    return this.agreementService.list(ctx, query, page, toAgreementNode);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The HEI party; null if you may not see it.' })
  hei(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, agreement.heiId);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The enterprise party; null if you may not see it.' })
  employer(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, agreement.employerId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student of a tripartite agreement.' })
  student(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, agreement.studentId);
  }

  @FieldResolver(() => [AgreementSignatureNode], { description: 'Signatures so far, in signing order.' })
  async signatures(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext): Promise<AgreementSignatureNode[]> {
    const rows = await ctx.loaders
      .custom<string, AgreementSignature[]>('Agreement.signatures', (ids) => this.agreementService.signaturesOf(ctx, ids))
      .load(agreement.rowId);
    return rows.map(toAgreementSignatureNode);
  }

  @FieldResolver(() => HistoryEntryConnection, { description: 'Recorded changes of this agreement, oldest first.' })
  history(@Root() agreement: AgreementNode, @Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.auditService.history(ctx, 'Agreement', agreement.rowId, page, toHistoryEntryNode);
  }

  @Mutation(() => AgreementPayload, { description: 'Drafts an agreement your organisation is a party to.' })
  async createAgreement(@Arg('input') input: CreateAgreementInput, @Ctx() ctx: RequestContext): Promise<AgreementPayload> {
    const outcome = await this.agreementService.create(ctx, {
      ...input,
      heiId: fromGlobalId(input.heiId, 'Organization', 'input.heiId'),
      employerId: fromGlobalId(input.employerId, 'Organization', 'input.employerId'),
      studentId: optionalId(input.studentId, 'Person', 'input.studentId'),
    });
    return payload(outcome, ctx);
  }

  @Mutation(() => AgreementPayload, { description: 'Records the signature of one party; the last required signature makes the agreement ACTIVE.' })
  async signAgreement(@Arg('input') input: SignAgreementInput, @Ctx() ctx: RequestContext): Promise<AgreementPayload> {
    return payload(await this.agreementService.sign(ctx, fromGlobalId(input.agreementId, 'Agreement', 'input.agreementId'), input.party), ctx);
  }

  @Mutation(() => AgreementPayload, { description: 'Terminates an agreement early, with a reason.' })
  async terminateAgreement(@Arg('input') input: TerminateAgreementInput, @Ctx() ctx: RequestContext): Promise<AgreementPayload> {
    return payload(await this.agreementService.terminate(ctx, fromGlobalId(input.agreementId, 'Agreement', 'input.agreementId'), input.reason), ctx);
  }
}

@Resolver(() => AgreementSignatureNode)
export class AgreementSignatureResolver {
  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'Organisation that recorded the signature.' })
  organization(@Root() signature: AgreementSignatureNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, signature.organizationId);
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The person who signed, when known.' })
  person(@Root() signature: AgreementSignatureNode, @Ctx() ctx: RequestContext) {
    return loadPerson(ctx, signature.personId);
  }
}
