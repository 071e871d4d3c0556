/**
 * Stations and their tag maps, as the runtime sees them. The tag-map shape is the contract with
 * the stand-in trainers (`simulators/<trainer>/tagmap.json`) and with real trainers' exported maps.
 */

import type { LocalizedText } from '../../shared/localized';
import type { StationKind } from './signal.types';

/** Modbus data areas. */
export type ModbusArea = 'coil' | 'discreteInput' | 'inputRegister' | 'holdingRegister';

/** One Modbus point. */
export interface ModbusTag {
  readonly name: string;
  readonly area: ModbusArea;
  /** Zero-based address on the wire. */
  readonly address: number;
  readonly type: 'bool' | 'uint16' | 'int16';
  readonly access: 'read' | 'readwrite';
  /** Engineering value = raw × scale; default 1. */
  readonly scale?: number;
  readonly unit?: string;
  readonly description?: LocalizedText;
  /**
   * A value the device advances by itself on every cycle (a scan or heartbeat counter), so it
   * differs at almost every poll without anything happening on the plant. It is read with the
   * others and kept in the station's live values and run snapshots, but its changes are not
   * signal changes: not judged, not recorded as evidence, not streamed (a 10 ms scan counter
   * would otherwise be one event per poll per station). Exercises do not refer to such a tag.
   * Default false.
   */
  readonly heartbeat?: boolean;
}

/** Tag map of a Modbus TCP station. */
export interface ModbusTagMap {
  readonly stationKind: StationKind;
  readonly protocol: 'MODBUS_TCP';
  readonly tags: readonly ModbusTag[];
}

/** One OPC UA variable. `nodeId` is written with `ns=1` meaning the map's `namespaceUri`. */
export interface OpcUaTag {
  readonly name: string;
  readonly nodeId: string;
  readonly type: 'bool' | 'double' | 'string' | 'int';
  readonly access: 'read' | 'readwrite';
  readonly unit?: string;
  readonly description?: LocalizedText;
}

/** One callable OPC UA method. */
export interface OpcUaMethod {
  readonly name: string;
  readonly objectId: string;
  readonly methodId: string;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly type: 'bool' | 'double' | 'string' | 'int' }>;
}

/** Tag map of an OPC UA station. */
export interface OpcUaTagMap {
  readonly stationKind: StationKind;
  readonly protocol: 'OPC_UA';
  /** Namespace that `ns=1` in node ids stands for; resolved against the server's namespace array. */
  readonly namespaceUri: string;
  readonly tags: readonly OpcUaTag[];
  readonly methods: readonly OpcUaMethod[];
}

/** Either kind of tag map. */
export type TagMap = ModbusTagMap | OpcUaTagMap;

/** Where and how to reach a Modbus TCP station. */
export interface ModbusStationAddress {
  readonly protocol: 'MODBUS_TCP';
  readonly host: string;
  readonly port: number;
  /** Modbus unit id; default 1. */
  readonly unitId?: number;
  /**
   * Most requests on the wire at once; default 1. Many PLCs and serial gateways serve one
   * transaction at a time (and drop, mix up or answer `server device busy` to the rest), so
   * pipelining is opt-in for devices known to handle it, such as the stand-in trainer.
   */
  readonly maxRequestsInFlight?: number;
}

/** Where and how to reach an OPC UA station. */
export interface OpcUaStationAddress {
  readonly protocol: 'OPC_UA';
  /** e.g. `opc.tcp://127.0.0.1:4840/UA/RobotCell`. */
  readonly endpointUrl: string;
  /** Default `None`. */
  readonly securityMode?: 'None' | 'Sign' | 'SignAndEncrypt';
  /** Default `None`; e.g. `Basic256Sha256`. */
  readonly securityPolicy?: 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss';
  /** User name and password; anonymous when absent. */
  readonly user?: { readonly userName: string; readonly password: string };
}

/** A trainer on the lab network, as the runtime needs it to run sessions. */
export interface StationConfig {
  /** Stable id (the store's id, or any unique string). */
  readonly id: string;
  readonly kind: StationKind;
  readonly address: ModbusStationAddress | OpcUaStationAddress;
  readonly tagMap: TagMap;
  /** Modbus poll period / OPC UA sampling interval, ms; default the runtime's adapter option, else 50. */
  readonly samplingMs?: number;
}
