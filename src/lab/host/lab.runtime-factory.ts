/**
 * Builds the {@link LabRuntime} of the API process and of the lab agent alike. Links honour each
 * station's own poll/sampling period (the runtime's one link factory, `createStationLink`).
 */
// Imported file by file: the runtime's index re-exports the OPC UA subscriber, which loads node-opcua.
import { LabRuntime, type LabRuntimeOptions } from '../runtime/lab.runtime';
import type { LabPort } from '../runtime/lab.port';
import type { StationConfig } from '../runtime/station.types';

/** A station as a runtime needs it, with its sampling period (`samplingMs`, default 50 ms). */
export type RunnableStation = StationConfig;

/** Options of {@link createLabRuntime}. */
export interface CreateLabRuntimeOptions extends LabRuntimeOptions {
  port: LabPort;
}

/** A runtime whose links are made with each station's `samplingMs` (OPC UA loaded on first use). */
export function createLabRuntime(options: CreateLabRuntimeOptions): LabRuntime {
  return new LabRuntime(options);
}
