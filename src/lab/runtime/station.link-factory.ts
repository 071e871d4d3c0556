/**
 * Makes the live link for a station: the one place that maps a station's protocol to its
 * adapter (Modbus poller or OPC UA subscriber) and its sampling period to the adapter's options.
 */
import type { Scheduler } from '../../shared/scheduler';
import { ModbusPoller, type ModbusPollerOptions } from './modbus.poller';
import type { OpcUaSubscriberOptions } from './opcua.subscriber';
import type { StationLink } from './station.link';
import type { StationConfig } from './station.types';

/** Adapter options applied to every link a factory makes. */
export interface StationLinkOptions {
  readonly modbus?: ModbusPollerOptions;
  readonly opcua?: OpcUaSubscriberOptions;
  /** Time and timers of the links; default each adapter's own default (the wall clock). */
  readonly scheduler?: Scheduler;
}

/**
 * A link for `station`, not yet connected. The station's `samplingMs` wins over the adapter
 * option's period. node-opcua is loaded on the first OPC UA station only: a Modbus-only classroom
 * (and the API's start-up) never loads it.
 */
export function createStationLink(station: StationConfig, options: StationLinkOptions = {}): StationLink {
  const scheduler = options.scheduler ? { scheduler: options.scheduler } : {};
  if (station.address.protocol === 'MODBUS_TCP' && station.tagMap.protocol === 'MODBUS_TCP') {
    const pollMs = station.samplingMs ?? options.modbus?.pollMs;
    return new ModbusPoller(station.address, station.tagMap, { ...options.modbus, ...(pollMs !== undefined ? { pollMs } : {}), ...scheduler });
  }
  if (station.address.protocol === 'OPC_UA' && station.tagMap.protocol === 'OPC_UA') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above)
    const { OpcUaSubscriber } = require('./opcua.subscriber') as typeof import('./opcua.subscriber');
    const samplingMs = station.samplingMs ?? options.opcua?.samplingMs;
    return new OpcUaSubscriber(station.address, station.tagMap, { ...options.opcua, ...(samplingMs !== undefined ? { samplingMs } : {}), ...scheduler });
  }
  throw new Error(`station ${station.id}: address and tag map protocols differ`);
}
