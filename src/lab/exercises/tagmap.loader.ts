/**
 * Imports a station's tag map (e.g. `simulators/plc-trainer/tagmap.json`), validated by a JSON
 * Schema with file, path and reason in every error.
 */

import fs from 'node:fs';
import Ajv from 'ajv';
import type { TagMap } from '../runtime/station.types';
import { ExerciseValidationError } from './exercise.loader';

const localized = {
  type: 'object',
  required: ['kk', 'ru', 'en'],
  properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } },
};

/** JSON Schema of a tag map file (both protocols). */
export const tagMapSchema = {
  type: 'object',
  required: ['stationKind', 'protocol', 'tags'],
  properties: {
    stationKind: { enum: ['PLC_TRAINER', 'ROBOT_CELL'] },
    protocol: { enum: ['MODBUS_TCP', 'OPC_UA'] },
    namespaceUri: { type: 'string', minLength: 1 },
    tags: { type: 'array', minItems: 1 },
    methods: { type: 'array' },
  },
  if: { properties: { protocol: { const: 'MODBUS_TCP' } } },
  then: {
    properties: {
      tags: {
        items: {
          type: 'object',
          required: ['name', 'area', 'address', 'type', 'access'],
          properties: {
            name: { type: 'string', minLength: 1 },
            area: { enum: ['coil', 'discreteInput', 'inputRegister', 'holdingRegister'] },
            address: { type: 'integer', minimum: 0, maximum: 65535 },
            type: { enum: ['bool', 'uint16', 'int16'] },
            access: { enum: ['read', 'readwrite'] },
            scale: { type: 'number', exclusiveMinimum: 0 },
            unit: { type: 'string' },
            description: localized,
            heartbeat: { type: 'boolean' },
          },
        },
      },
    },
  },
  else: {
    required: ['namespaceUri'],
    properties: {
      tags: {
        items: {
          type: 'object',
          required: ['name', 'nodeId', 'type', 'access'],
          properties: {
            name: { type: 'string', minLength: 1 },
            nodeId: { type: 'string', pattern: '^ns=\\d+;[isgb]=.+$' },
            type: { enum: ['bool', 'double', 'string', 'int'] },
            access: { enum: ['read', 'readwrite'] },
            unit: { type: 'string' },
            description: localized,
          },
        },
      },
      methods: {
        items: {
          type: 'object',
          required: ['name', 'objectId', 'methodId'],
          properties: { name: { type: 'string' }, objectId: { type: 'string' }, methodId: { type: 'string' }, inputs: { type: 'array' } },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(tagMapSchema);

/** Validates a parsed tag map document; `file` is used in messages. */
export function parseTagMap(document: unknown, file: string): TagMap {
  if (!validate(document)) {
    throw new ExerciseValidationError(
      (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => ({ file, path: e.instancePath, reason: e.message ?? 'invalid' })),
    );
  }
  const map = document as TagMap & { methods?: unknown[] };
  const names = new Set<string>();
  map.tags.forEach((t, i) => {
    if (names.has(t.name)) throw new ExerciseValidationError([{ file, path: `/tags/${i}/name`, reason: `duplicate tag "${t.name}"` }]);
    names.add(t.name);
  });
  if (map.protocol === 'OPC_UA') return { ...map, methods: (map.methods ?? []).map((m) => ({ inputs: [], ...(m as object) })) } as unknown as TagMap;
  return map;
}

/** Reads and validates a tag map JSON file. */
export function loadTagMapFile(file: string): TagMap {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ExerciseValidationError([{ file, path: '', reason: `not readable JSON: ${(e as Error).message}` }]);
  }
  return parseTagMap(document, file);
}
