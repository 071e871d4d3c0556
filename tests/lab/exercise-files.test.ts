/**
 * Exercise files as an instructor drops them into a classroom's exercise folder: read from disk,
 * validated against the JSON Schema and the stand-ins' tag maps; a malformed one is refused as a
 * whole with file, JSON path and reason for every problem.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExerciseValidationError, loadExerciseDirectory } from '../../src/lab/exercises/exercise.loader';
import { plcTagMap, repoRoot, robotTagMap } from '../support/scripted-student';

const fixtures = path.join(repoRoot, 'fixtures', 'exercises');
const tagMaps = { PLC_TRAINER: plcTagMap(), ROBOT_CELL: robotTagMap() };
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dualhub-exercises-'));
  for (const f of fs.readdirSync(fixtures)) fs.copyFileSync(path.join(fixtures, f), path.join(dir, f));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function refusal(): ExerciseValidationError {
  try {
    loadExerciseDirectory(dir, { tagMaps });
  } catch (e) {
    if (e instanceof ExerciseValidationError) return e;
    throw e;
  }
  throw new Error('the folder was accepted');
}

describe('exercise files on disk', () => {
  it('loads the classroom folder of fixture exercises against the stand-ins tag maps', () => {
    const ids = loadExerciseDirectory(dir, { tagMaps }).map((e) => e.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'plc.emergency-stop-restart',
        'plc.stuck-sensor-diagnosis',
        'robot.safe-cell-entry',
        'robot.teach-t1',
        'robot.protective-stop-recovery',
      ]),
    );
  });

  it('refuses a folder with a malformed exercise, naming the file, the JSON path and the reason of each problem', () => {
    const file = path.join(dir, 'robot-teach-t1-copy.yaml');
    const text = fs
      .readFileSync(path.join(fixtures, 'robot-teach-t1.yaml'), 'utf8')
      .replace('id: robot.teach-t1', 'id: robot.teach-t1-copy')
      .replace('passMark: 80', 'passMark: eighty')
      .replace('condition: ROBOT.MODE == "T1"', 'condition: ROBOT.MODE == "T1" and ROBOT.MOVNG') // a typo in a signal name
      .replace('severity: fail\n', 'severity: fatal\n');
    fs.writeFileSync(file, text);
    const e = refusal();
    expect(e.problems.length).toBeGreaterThanOrEqual(2);
    for (const p of e.problems) {
      expect(p.file).toBe(file);
      expect(p.path).toMatch(/^\//);
      expect(p.reason.length).toBeGreaterThan(5);
    }
    expect(e.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/passMark' }),
        expect.objectContaining({ path: expect.stringMatching(/^\/invariants\/0/), reason: expect.stringContaining('"fail"') }),
      ]),
    );
    // The message a person reads has all three parts on one line per problem.
    expect(e.message).toContain(`${file}: /passMark: `);
  });

  it('refuses an exercise whose condition names a signal the station does not have, with the path of the condition', () => {
    const file = path.join(dir, 'robot-teach-t1.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('condition: ROBOT.MODE == "T1"', 'condition: ROBOT.MODE == "T1" and ROBOT.MOVNG'));
    const e = refusal();
    expect(e.problems).toEqual([{ file, path: '/steps/1/condition', reason: expect.stringContaining('ROBOT.MOVNG') }]);
  });

  it('refuses two files with the same exercise id, naming both', () => {
    const copy = path.join(dir, 'zz-copy.yaml');
    fs.copyFileSync(path.join(fixtures, 'plc-safe-start-up.yaml'), copy);
    expect(refusal().problems).toEqual([{ file: copy, path: '/id', reason: expect.stringContaining(path.join(dir, 'plc-safe-start-up.yaml')) }]);
  });
});
