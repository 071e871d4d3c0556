/**
 * Builds a {@link LabRuntime} whose links honour each station's own poll/sampling period. Used by
 * the API process and by the lab agent alike.
 */
// Imported file by file: the runtime's index re-exports the OPC UA subscriber, which loads node-opcua.
import { LabRuntime, type LabRuntimeOptions } from '../runtime/lab.runtime';
import type { LabPort } from '../runtime/lab.port';
import { ModbusPoller } from '../runtime/modbus.poller';
import type { StationLink } from '../runtime/station.link';
import type { StationConfig } from '../runtime/station.types';

/** A station as a runtime needs it, plus its sampling period. */
export interface RunnableStation extends StationConfig {
  /** Modbus poll period / OPC UA sampling interval, ms; default 50. */
  readonly samplingMs?: number;
}

/** Options of {@link createLabRuntime}. */
export interface CreateLabRuntimeOptions extends Omit<LabRuntimeOptions, 'linkFactory'> {
  port: LabPort;
}

/** A runtime whose links are made with the station's `samplingMs` (OPC UA loaded on first use). */
export function createLabRuntime(options: CreateLabRuntimeOptions): LabRuntime {
  const linkFactory = (station: RunnableStation): StationLink => {
    const samplingMs = station.samplingMs ?? 50;
    if (station.address.protocol === 'MODBUS_TCP' && station.tagMap.protocol === 'MODBUS_TCP') {
      return new ModbusPoller(station.address, station.tagMap, { ...options.modbus, pollMs: samplingMs, ...(options.clock ? { clock: options.clock } : {}) });
    }
    if (station.address.protocol === 'OPC_UA' && station.tagMap.protocol === 'OPC_UA') {
      // node-opcua is heavy: a Modbus-only classroom (and the API's start-up) never loads it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { OpcUaSubscriber } = require('../runtime/opcua.subscriber') as typeof import('../runtime/opcua.subscriber');
      return new OpcUaSubscriber(station.address, station.tagMap, { ...options.opcua, samplingMs, ...(options.clock ? { clock: options.clock } : {}) });
    }
    throw new Error(`station ${station.id}: address and tag map protocols differ`);
  };
  return new LabRuntime({ ...options, linkFactory });
}
