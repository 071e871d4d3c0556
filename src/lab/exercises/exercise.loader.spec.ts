import fs from 'node:fs';
import path from 'node:path';
import { ExerciseValidationError, loadExerciseDirectory, parseExercise } from './exercise.loader';
import { loadTagMapFile } from './tagmap.loader';

const root = path.join(__dirname, '..', '..', '..');
const fixtures = path.join(root, 'fixtures', 'exercises');
const plcMapFile = path.join(root, 'simulators', 'plc-trainer', 'tagmap.json');
const robotMapFile = path.join(root, 'simulators', 'robot-cell', 'tagmap.json');

function problemsOf(text: string, file = 'bad.yaml') {
  try {
    parseExercise(text, file);
  } catch (e) {
    if (e instanceof ExerciseValidationError) return e.problems;
    throw e;
  }
  throw new Error('expected the exercise to be refused');
}

const valid = fs.readFileSync(path.join(fixtures, 'plc-safe-start-up.yaml'), 'utf8');

describe('exercise loader', () => {
  it('loads every fixture exercise (at least 6, both station kinds) and checks signals against the stand-ins tag maps', () => {
    const tagMaps = {
      PLC_TRAINER: loadTagMapFile(plcMapFile),
      ...(fs.existsSync(robotMapFile) ? { ROBOT_CELL: loadTagMapFile(robotMapFile) } : {}),
    };
    const all = loadExerciseDirectory(fixtures, { tagMaps });
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(new Set(all.map((e) => e.stationKind))).toEqual(new Set(['PLC_TRAINER', 'ROBOT_CELL']));
    for (const e of all) {
      expect(e.passMark).toBeLessThanOrEqual(e.maxScore);
      for (const text of [e.title, e.instructions]) expect(text.kk).not.toEqual(text.en);
    }
    const plc = all.filter((e) => e.stationKind === 'PLC_TRAINER');
    for (const e of plc) expect(e.hazardCategories).toEqual(expect.arrayContaining(['ROTATING_MACHINERY', 'ELECTRICAL_UP_TO_1KV']));
    for (const e of all.filter((x) => x.stationKind === 'ROBOT_CELL')) expect(e.hazardCategories).toContain('ROBOT_CELL');
  });

  it('refuses a malformed file naming the file, the JSON path and the reason for each problem', () => {
    const broken = valid
      .replace('stationKind: PLC_TRAINER', 'stationKind: LATHE')
      .replace('timeLimit: 2min', 'timeLimit: soon')
      .replace('    points: 20\n', '    pointz: 20\n');
    const problems = problemsOf(broken, 'fixtures/exercises/broken.yaml');
    expect(problems).toEqual(
      expect.arrayContaining([
        { file: 'fixtures/exercises/broken.yaml', path: '/stationKind', reason: 'must be one of "PLC_TRAINER", "ROBOT_CELL"' },
        { file: 'fixtures/exercises/broken.yaml', path: '/timeLimit', reason: 'must be a duration such as 500ms, 2s or 1.5min' },
        { file: 'fixtures/exercises/broken.yaml', path: '/steps/1', reason: 'unknown property "pointz"' },
        { file: 'fixtures/exercises/broken.yaml', path: '/steps/1', reason: 'missing required property "points"' },
      ]),
    );
  });

  it('refuses a condition that does not parse, with its path and column', () => {
    const problems = problemsOf(valid.replace('condition: ISOLATOR_ON and GUARD_CLOSED', 'condition: ISOLATOR_ON = GUARD_CLOSED'));
    expect(problems).toEqual([
      { file: 'bad.yaml', path: '/steps/1/condition', reason: '"=" is not an operator; compare with "==" at column 13 in "ISOLATOR_ON = GUARD_CLOSED"' },
    ]);
  });

  it('refuses unknown signals and writes to read-only tags when given the tag map', () => {
    const tagMaps = { PLC_TRAINER: loadTagMapFile(plcMapFile) };
    let error: ExerciseValidationError | undefined;
    try {
      parseExercise(valid.replace('condition: SAFETY_OK', 'condition: SAFETY_RELAY_OK').replace('tag: PANEL.MODE_AUTO', 'tag: MODE_AUTO'), 'x.yaml', {
        tagMaps,
      });
    } catch (e) {
      error = e as ExerciseValidationError;
    }
    expect(error).toBeInstanceOf(ExerciseValidationError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        { file: 'x.yaml', path: '/steps/2/condition', reason: 'unknown signal "SAFETY_RELAY_OK" (not in the PLC_TRAINER tag map)' },
        { file: 'x.yaml', path: '/setup/6/write/tag', reason: 'tag "MODE_AUTO" is read-only' },
      ]),
    );
    expect(error!.message).toContain('x.yaml: /steps/2/condition: unknown signal "SAFETY_RELAY_OK"');
  });

  it('refuses YAML that does not parse, and stimuli pointing at missing steps', () => {
    expect(problemsOf('id: [unclosed\n')[0]!.reason).toMatch(/^not valid YAML at line \d+, column \d+: Flow sequence/);
    const withStimulus = `${valid}stimuli:\n  - id: jam\n    onStep: no-such-step\n    write: { tag: FAULT.JAM, value: 1 }\n`;
    expect(problemsOf(withStimulus)).toEqual([{ file: 'bad.yaml', path: '/stimuli/0/onStep', reason: 'no step with id "no-such-step"' }]);
  });
});
