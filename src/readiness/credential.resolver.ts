import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, fromGlobalId } from '../graphql/relay';
import { payloadOf } from '../graphql/user-error';
import { loadOrganization, OrganizationNode, Person, PersonNode, toPersonNode } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import { credentialQrCode, CredentialService } from './credential.service';
import {
  CredentialVerificationNode,
  IssuedCredentialNode,
  IssueReadinessCredentialInput,
  IssueReadinessCredentialPayload,
  ReadinessCredentialConnection,
  ReadinessCredentialNode,
  RevokeReadinessCredentialInput,
  RevokeReadinessCredentialPayload,
  toCredentialVerificationNode,
  toIssuedCredentialNode,
  toReadinessCredentialNode,
} from './credential.types';
import { ReadinessUserError } from './readiness.types';

@Resolver(() => ReadinessCredentialNode)
export class ReadinessCredentialResolver {
  constructor(private readonly credentialService: CredentialService) {}

  @Query(() => ReadinessCredentialConnection, { description: 'Credentials you issued, and those of students you may see, newest first.' })
  readinessCredentials(@Args() page: ConnectionArgs, @Arg('studentId', () => ID, { nullable: true }) studentId: string | null, @Ctx() ctx: RequestContext) {
    return this.credentialService.list(
      ctx,
      { studentId: studentId ? fromGlobalId(studentId, 'Person', 'studentId') : undefined },
      page,
      toReadinessCredentialNode,
    );
  }

  @Mutation(() => IssueReadinessCredentialPayload, {
    description: "Issues a readiness or clearance credential signed with your organisation's Ed25519 key (the student's HEI, or the coordinator).",
  })
  async issueReadinessCredential(@Arg('input') input: IssueReadinessCredentialInput, @Ctx() ctx: RequestContext): Promise<IssueReadinessCredentialPayload> {
    const outcome = await this.credentialService.issue(ctx, {
      studentId: fromGlobalId(input.studentId, 'Person', 'input.studentId'),
      workplaceId: input.workplaceId ? fromGlobalId(input.workplaceId, 'Workplace', 'input.workplaceId') : null,
      hazardCategoryCodes: input.hazardCategoryCodes,
    });
    return payloadOf(outcome, ReadinessUserError, ctx, (value) => ({ issued: toIssuedCredentialNode(value) }));
  }

  @Mutation(() => RevokeReadinessCredentialPayload, { description: 'Revokes a credential you issued; verification reports REVOKED from then on.' })
  async revokeReadinessCredential(@Arg('input') input: RevokeReadinessCredentialInput, @Ctx() ctx: RequestContext): Promise<RevokeReadinessCredentialPayload> {
    const outcome = await this.credentialService.revoke(ctx, fromGlobalId(input.credentialId, 'ReadinessCredential', 'input.credentialId'), input.reason);
    return payloadOf(outcome, ReadinessUserError, ctx, (value) => ({ credential: toReadinessCredentialNode(value) }));
  }

  @Query(() => CredentialVerificationNode, {
    description:
      'Verifies a credential (compact JWS or its EnvelopedVerifiableCredential JSON): signature, issuer, validity, revocation. The same check is public, without a key, at POST /credentials/verify.',
  })
  async verifyCredential(@Arg('credential') credential: string, @Arg('at', () => Date, { nullable: true }) at: Date | null, @Ctx() ctx: RequestContext) {
    return toCredentialVerificationNode(await this.credentialService.verify(ctx, credential, at ?? undefined));
  }

  @FieldResolver(() => PersonNode, { nullable: true, description: 'The student; null if you may not see them.' })
  async student(@Root() credential: ReadinessCredentialNode, @Ctx() ctx: RequestContext) {
    const row = await ctx.loaders.byId(Person).load(credential.studentId);
    return row ? toPersonNode(row) : null;
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The issuing organisation; null if you may not see it.' })
  issuer(@Root() credential: ReadinessCredentialNode, @Ctx() ctx: RequestContext) {
    return loadOrganization(ctx, credential.issuerId);
  }
}

@Resolver(() => IssuedCredentialNode)
export class IssuedCredentialResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description:
      'QR code (PNG data URL) of the compact JWS, made only when asked for; null when the credential is too large for a QR code (about 5 or more categories): issue one per workplace.',
  })
  qrCodePng(@Root() issued: IssuedCredentialNode) {
    return credentialQrCode(issued.credential.jwt);
  }
}
