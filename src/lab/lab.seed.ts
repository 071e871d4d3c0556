import path from 'node:path';
import { readFixtureFile } from '../seed/fixture-file';
import { Organization } from '../organizations';
import type { RequestContext } from '../shared/request-context';
import { loadExerciseDirectory } from './exercises/exercise.loader';
import { loadTagMapFile } from './exercises/tagmap.loader';
import { Exercise } from './exercise.entity';
import { Station, type StationAddress, StationKind, StationProtocol, StationRunner } from './station.entity';
import { TrainingSession } from './training-session.entity';

/** One station of `fixtures/stations.yaml`. */
export interface StationFixture extends StationAddress {
  code: string;
  name: string;
  lab: string;
  kind: StationKind;
  protocol: StationProtocol;
  tagMapFile: string;
  runner?: StationRunner;
  /** Which stand-in `npm start` points it at. */
  standIn?: 'plc' | 'robot';
}

/** The stations fixture (validated). */
export function readStationFixtures(fixturesDir: string): StationFixture[] {
  return readFixtureFile<{ stations: StationFixture[] }>(path.join(fixturesDir, 'stations.yaml'), 'stations.schema.json').stations;
}

/**
 * Upserts the exercise catalogue from `fixtures/exercises` (by id and version; a version some
 * session already used is left as it is: sessions keep what they ran) and the stations of
 * `fixtures/stations.yaml` (by code; tag maps imported from their files). Needs a system context.
 */
export async function seedLab(ctx: RequestContext, fixturesDir: string): Promise<void> {
  const { em } = ctx;
  const definitions = loadExerciseDirectory(path.join(fixturesDir, 'exercises'));
  const existing = await em.find(Exercise, { code: { $in: definitions.map((d) => d.id) } });
  const used = new Set((await em.find(TrainingSession, { exercise: { $in: existing.map((e) => e.id) } }, { fields: ['exercise'] })).map((s) => s.exercise.id));
  for (const def of definitions) {
    const data = {
      code: def.id,
      version: def.version,
      stationKind: def.stationKind as StationKind,
      hazardCategories: [...def.hazardCategories],
      title: def.title,
      instructions: def.instructions,
      definition: def,
    };
    const row = existing.find((e) => e.code === def.id && e.version === def.version);
    if (!row) em.create(Exercise, data);
    else if (!used.has(row.id)) em.assign(row, data);
  }

  const stations = readStationFixtures(fixturesDir);
  const labs = new Map((await em.find(Organization, { bin: { $in: stations.map((s) => s.lab) } })).map((o) => [o.bin, o]));
  const rows = new Map((await em.find(Station, { code: { $in: stations.map((s) => s.code) } })).map((s) => [s.code, s]));
  for (const { lab, tagMapFile, standIn, ...fixture } of stations) {
    const organization = labs.get(lab);
    if (!organization) throw new Error(`stations.yaml: ${fixture.code} names unknown organisation BIN ${lab}`);
    const tagMap = loadTagMapFile(path.resolve(fixturesDir, '..', tagMapFile));
    const data = {
      ...fixture,
      organization,
      tagMap,
      samplingMs: fixture.samplingMs ?? 50,
      maxRequestsInFlight: fixture.maxRequestsInFlight ?? 1,
      runner: fixture.runner ?? StationRunner.API,
      standIn: standIn !== undefined,
    };
    const row = rows.get(fixture.code);
    if (row) em.assign(row, data);
    else em.create(Station, data);
  }
  await em.flush();
}
