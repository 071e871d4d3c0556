/**
 * The contexts of DualHub and how their services are built. Read this file to know what the
 * application is made of: which tables, which resolvers, who may see whom, what must hold before
 * a placement becomes ACTIVE, and what happens when a lab session passes. `src/app.ts`
 * ({@link composeApp}) wires exactly what is listed here; nothing registers itself on import.
 */
import { accreditationModule } from './accreditation/accreditation.module';
import { AccreditationService } from './accreditation/accreditation.service';
import { agreementsModule } from './agreements/agreements.module';
import { assessmentModule } from './assessment/assessment.module';
import { CompetenceCertificateService } from './assessment/competence-certificate.service';
import { IntermediateControlService } from './assessment/intermediate-control.service';
import { ProductionExamService } from './assessment/production-exam.service';
import { AgreementService } from './agreements/agreement.service';
import { auditModule } from './audit/audit.module';
import { ConsolidatedOrderService } from './demand/consolidated-order.service';
import { demandModule } from './demand/demand.module';
import { DemandService } from './demand/demand.service';
import { PipelineService } from './demand/pipeline.service';
import { enrolmentModule } from './enrolment/enrolment.module';
import { EnrolmentService } from './enrolment/enrolment.service';
import { AuditService } from './audit/audit.service';
import { exportsModule } from './exports/exports.module';
import { graduatesModule } from './graduates/graduates.module';
import { GraduatesService } from './graduates/graduates.service';
import { hazardsModule } from './hazards/hazards.module';
import { indicatorsModule } from './indicators/indicators.module';
import { IndicatorService } from './indicators/indicator.service';
import { HazardCategoryService } from './hazards/hazard-category.service';
import type { EventBus } from './graphql/pubsub';
import type { LabHost } from './lab/lab.host';
import { labModule } from './lab/lab.module';
import type { LabSecrets } from './lab/lab.secrets';
import { LabService } from './lab/lab.service';
import { IdentityService } from './identity/identity.service';
import { identityModule } from './identity/identity.module';
import { logbookModule } from './logbook/logbook.module';
import { LogbookService } from './logbook/logbook.service';
import { ProgressReviewService } from './logbook/progress-review.service';
import { mentoringModule } from './mentoring/mentoring.module';
import { MentorTrainingService } from './mentoring/mentor-training.service';
import type { AppModule } from './module';
import { ApiKeyService } from './organizations/api-key.service';
import { OrganizationService } from './organizations/organization.service';
import { organizationsModule } from './organizations/organizations.module';
import type { ActivationGate, MentorAssignmentCheck, PlacementPlanningCheck } from './placements/placement.gates';
import { PlacementService } from './placements/placement.service';
import { placementsModule } from './placements/placements.module';
import { ProgramService } from './programs/program.service';
import { programsModule } from './programs/programs.module';
import { ClearanceService } from './readiness/clearance.service';
import { type CredentialRegistry, CredentialService } from './readiness/credential.service';
import { ReadinessPolicyService } from './readiness/readiness-policy.service';
import { readinessModule } from './readiness/readiness.module';
import { ReadinessService } from './readiness/readiness.service';
import { SigningKeyService } from './readiness/signing-key.service';
import { WorkplaceService } from './workplaces/workplace.service';
import { workplacesModule } from './workplaces/workplaces.module';
import type { EntityClass } from '@mikro-orm/core';
import type { VisibilityRules } from './db/scope';
import { type DomainEventType, noDomainEvents } from './shared/domain-events';
import { WebhookOutbox } from './webhooks/webhook.outbox';
import { WebhookService } from './webhooks/webhook.service';
import { webhooksModule } from './webhooks/webhooks.module';

/**
 * Every context, in dependency order: entities, seeders, visibility rules, activation gates and
 * session-passed handlers are taken in this order.
 *
 * - A PASSED lab verdict (lab) writes a readiness record (readiness `onSessionPassed`), in the
 *   verdict's own transaction.
 * - A placement (placements) becomes ACTIVE only through every `activationGates` entry: today
 *   readiness's clearance gate.
 * - A placement is planned only through every `placementPlanningChecks` entry: today enrolment's
 *   "the student is enrolled at that HEI" (STUDENT_NOT_ENROLLED).
 * - Persons and workplaces are visible beyond their own organisation through the
 *   `personVisibility` / `workplaceVisibility` rules of agreements and placements.
 * - Committed changes reach GraphQL subscribers through the app's one `EventBus` (made by
 *   `composeApp`, given to services as `deps.bus`, to the lab store port by `startLab`, to
 *   type-graphql and the subscription resolvers through the schema); no context holds a global bus.
 */
export const MODULES: readonly AppModule[] = [
  organizationsModule,
  auditModule,
  hazardsModule,
  workplacesModule,
  agreementsModule,
  placementsModule,
  programsModule,
  labModule,
  readinessModule,
  demandModule,
  enrolmentModule,
  webhooksModule,
  identityModule,
  mentoringModule,
  logbookModule,
  assessmentModule,
  graduatesModule,
  accreditationModule,
  indicatorsModule,
  exportsModule,
];

/** What the services are built from besides each other (owned by one app instance). */
export interface ServiceDeps {
  /** The app's lab host: runtime, store port, station health. */
  lab: LabHost;
  /** The app's event bus (GraphQL subscriptions): services publish committed changes on it. */
  bus: EventBus;
  /** The app's lab secrets (station passwords by name). */
  labSecrets: LabSecrets;
  /** The modules' activation gates, filled by the root once every service exists. */
  activationGates: readonly ActivationGate[];
  /** Names of the composed modules (the webhook outbox is the event sink only when webhooks is one). */
  moduleNames: ReadonlySet<string>;
  /** The modules' visibility rules (the webhook outbox scopes events with them). */
  visibility: VisibilityRules;
  /** The modules' declared domain event types. */
  domainEventTypes: readonly DomainEventType[];
  /** The entity behind a node type name. */
  entityOf: (typeName: string) => EntityClass<{ id: string }> | undefined;
  /** The modules' checks on a mentor being assigned, filled the same way. */
  mentorAssignmentChecks: readonly MentorAssignmentCheck[];
  /** The modules' checks on a placement being planned (e.g. enrolment's), filled the same way. */
  placementPlanningChecks: readonly PlacementPlanningCheck[];
  /** The modules' credential registries (verification asks them), filled the same way. */
  credentialRegistries: readonly CredentialRegistry[];
}

/**
 * Builds every service once, collaborators by constructor (a hand-written container: read the
 * order to see who uses whom). Services hold no request state; each method takes the request
 * context first.
 */
export function createServices(deps: ServiceDeps) {
  const audit = new AuditService();
  const readinessPolicies = new ReadinessPolicyService();
  // Domain events (placement status changes, readiness, …) go to the webhook outbox, in the change's transaction.
  const events = deps.moduleNames.has('webhooks') ? new WebhookOutbox({ visibility: deps.visibility, entityOf: deps.entityOf }) : noDomainEvents;
  const clearances = new ClearanceService();
  const readiness = new ReadinessService(readinessPolicies, events, clearances);
  const signingKeys = new SigningKeyService();
  const logbook = new LogbookService(audit);
  const certificates = new CompetenceCertificateService(audit, signingKeys);
  const apiKeys = new ApiKeyService();
  return {
    bus: deps.bus,
    /** Where domain events go (the webhook outbox, or nowhere): the lab store port publishes verdicts on it. */
    domainEvents: events,
    audit,
    organizations: new OrganizationService(audit, apiKeys.cache),
    apiKeys,
    hazards: new HazardCategoryService(),
    workplaces: new WorkplaceService(audit),
    agreements: new AgreementService(audit),
    placements: new PlacementService(audit, deps.activationGates, events, deps.mentorAssignmentChecks, deps.placementPlanningChecks),
    programs: new ProgramService(),
    lab: new LabService(deps.lab, deps.labSecrets),
    readinessPolicies,
    readiness,
    clearances,
    signingKeys,
    credentials: new CredentialService(clearances, readiness, signingKeys, deps.credentialRegistries),
    demand: new DemandService(audit),
    orders: new ConsolidatedOrderService(audit),
    pipelines: new PipelineService(),
    enrolment: new EnrolmentService(audit),
    webhooks: new WebhookService(audit, deps.domainEventTypes),
    identity: new IdentityService(),
    mentorTrainings: new MentorTrainingService(audit),
    logbook,
    progressReviews: new ProgressReviewService(audit),
    productionExams: new ProductionExamService(audit, logbook, certificates),
    certificates,
    intermediateControl: new IntermediateControlService(audit),
    graduates: new GraduatesService(audit),
    accreditation: new AccreditationService(audit),
    indicators: new IndicatorService(),
  };
}

/** The services of one app, by name. */
export type Services = ReturnType<typeof createServices>;
