import { Entity, Enum, Filter, Index, ManyToOne, Property, type Rel, Unique } from '@mikro-orm/core';
import { BaseEntity } from '../db/base.entity';
import { isRegional, scopeRule } from '../db/scope';
import type { TagMap } from './runtime';
import type { Organization } from '../organizations/organization.entity';

/** Kinds of trainer (the runtime's `StationKind`). */
/** How a station is reached, as a fixture file or `registerStation` states it. */
export interface StationAddress {
  host?: string;
  port?: number;
  unitId?: number;
  /** Modbus: most requests on the wire at once; default 1. */
  maxRequestsInFlight?: number;
  endpointUrl?: string;
  securityMode?: string;
  securityPolicy?: string;
  userName?: string;
  /** Name of the environment variable holding the OPC UA password (never the password). */
  passwordEnv?: string;
  samplingMs?: number;
}

export enum StationKind {
  PLC_TRAINER = 'PLC_TRAINER',
  ROBOT_CELL = 'ROBOT_CELL',
}

/** How a station is reached. */
export enum StationProtocol {
  MODBUS_TCP = 'MODBUS_TCP',
  OPC_UA = 'OPC_UA',
}

/** Where a station's sessions run: the API process's own runtime, or a campus lab agent. */
export enum StationRunner {
  API = 'API',
  AGENT = 'AGENT',
}

/**
 * A trainer on a lab network, owned by a lab (an HEI or a training centre). Visible to its lab
 * and to the regional bodies of the lab's region.
 *
 * Credentials: only the OPC UA user name is stored. The password is never stored: `passwordEnv`
 * names an environment variable (or an in-process secret, see `lab.secrets.ts`) on the machine that
 * runs the station's sessions, so the secret stays on the lab network.
 */
@Entity()
@Filter(scopeRule((caller) => (isRegional(caller) ? { organization: { region: caller.region } } : { organization: caller.organizationId })))
export class Station extends BaseEntity {
  /** Natural key, e.g. `INEU-PLC-01` (fixtures upsert by it). */
  @Property({ length: 60 })
  @Unique()
  code!: string;

  @Property()
  name!: string;

  /** The lab the station belongs to. */
  @ManyToOne('Organization')
  @Index()
  organization!: Rel<Organization>;

  @Enum({ items: () => StationKind, nativeEnumName: 'station_kind' })
  kind!: StationKind;

  @Enum({ items: () => StationProtocol, nativeEnumName: 'station_protocol' })
  protocol!: StationProtocol;

  /** Modbus TCP host. */
  @Property({ nullable: true })
  host?: string;

  /** Modbus TCP port. */
  @Property({ nullable: true })
  port?: number;

  /** Modbus unit id; default 1. */
  @Property({ nullable: true })
  unitId?: number;

  /**
   * Modbus TCP: most requests on the wire at once. Default 1: many PLCs and serial gateways serve
   * one transaction at a time and drop or mix up pipelined ones; raise it only for a device known
   * to queue them (the stand-in trainer does).
   */
  @Property({ default: 1 })
  maxRequestsInFlight: number = 1;

  /** OPC UA endpoint, e.g. `opc.tcp://10.0.0.5:4840`. */
  @Property({ nullable: true })
  endpointUrl?: string;

  /** OPC UA security mode: None, Sign or SignAndEncrypt. */
  @Property({ nullable: true, length: 20 })
  securityMode?: string;

  /** OPC UA security policy, e.g. Basic256Sha256. */
  @Property({ nullable: true, length: 40 })
  securityPolicy?: string;

  /** OPC UA user; anonymous when absent. */
  @Property({ nullable: true })
  userName?: string;

  /** Name of the secret holding the OPC UA password on the runtime's machine (never the password). */
  @Property({ nullable: true, length: 100 })
  passwordEnv?: string;

  /** The station's signals (the shape of the stand-ins' `tagmap.json`). */
  @Property({ type: 'jsonb' })
  tagMap!: TagMap;

  /** Modbus poll period / OPC UA sampling interval, ms; default 50. */
  @Property()
  samplingMs: number = 50;

  /**
   * A software stand-in (`simulators/`), not a real trainer: only a stand-in's operator panel may
   * be operated through the API (`operateTrainer`); a real trainer is operated at its own panel.
   */
  @Property({ default: false })
  standIn: boolean = false;

  /** Who runs its sessions: the API process (default) or the lab's agent. */
  @Enum({ items: () => StationRunner, nativeEnumName: 'station_runner', default: StationRunner.API })
  runner: StationRunner = StationRunner.API;
}
