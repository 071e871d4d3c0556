/**
 * `npm run sim:robot -- --port 4840 [--host 127.0.0.1] [--pki .pki/robot-cell] [--modes None,Sign,SignAndEncrypt]
 *    [--no-guard-locking] [--seed 1] [--headless]`
 * Runs a robot cell alone, prints its live state and takes key presses (TTY) or typed commands (pipe).
 */
import { parseArgs } from 'node:util';
import { runConsole } from '../shared/console.cli';
import { startRobotCell, type RobotCell, type RobotCellSecurityMode, type RobotCommand } from './robot.cell';
import { ROBOT_TAGS } from './robot.tags';

const HELP = `keys: s StartProgram  x Stop  r ResetFault  a RequestAccess  m mode AUTO/T1/T2  d door open/close
      c light curtain  e e-stop  n enabling device  j jog +300 mm/s (again: stop)  k person in cell
      g gripper loses part  o axis 1 overtravel  w door switch stuck closed/none  t subscription stall 10 s
      b server restart (3 s down)  q quit
lines (when piped): call StartProgram|Stop|ResetFault|RequestAccess, mode AUTO|T1|T2, act <field> <value>,
      fault gripper|overtravel <axis>|door-switch stuckClosed|stuckOpen|none|stall <s>|restart <s>, status, quit`;

function render(cell: RobotCell): string {
  const s = cell.state();
  const rows = ROBOT_TAGS.map((t) => `${t.name.padEnd(30)} ${String(s[t.name])}`);
  return `Robot cell  ${cell.endpointUrl}\n\n${rows.join('\n')}\n\n${HELP}`;
}

async function handle(cell: RobotCell, input: string): Promise<string> {
  const s = cell.state();
  const cmd = (name: RobotCommand, mode?: string) => `${name}${mode ? ` ${mode}` : ''}: ${cell.command(name, mode)}`;
  const modes = ['AUTO', 'T1', 'T2'];
  const keys: Record<string, () => string | Promise<string>> = {
    s: () => cmd('StartProgram'),
    x: () => cmd('Stop'),
    r: () => cmd('ResetFault'),
    a: () => cmd('RequestAccess'),
    m: () => cmd('SetMode', modes[(modes.indexOf(String(s['ROBOT.MODE'])) + 1) % 3]),
    d: () => (cell.act({ openDoor: !s['OPERATOR.OPEN_DOOR'] }), `door ${s['OPERATOR.OPEN_DOOR'] ? 'closed' : 'pulled open'}`),
    c: () => (cell.act({ breakLightCurtain: !s['OPERATOR.BREAK_LIGHT_CURTAIN'] }), 'light curtain toggled'),
    e: () => (cell.act({ estop: !s['OPERATOR.ESTOP'] }), 'e-stop toggled'),
    n: () => (cell.act({ enablingDevice: !s['OPERATOR.ENABLING_DEVICE'] }), 'enabling device toggled'),
    j: () => (cell.act({ jog: s['OPERATOR.JOG'] ? 0 : 300 }), 'jog toggled'),
    k: () => (cell.act({ inCell: !s['OPERATOR.IN_CELL'] }), 'person in cell toggled'),
    g: async () => (await cell.inject({ kind: 'GRIPPER_LOST_PART' }), 'gripper loses part'),
    o: async () => (await cell.inject({ kind: 'AXIS_OVERTRAVEL', axis: 1 }), 'axis 1 overtravel'),
    w: async () => (
      await cell.inject({ kind: 'DOOR_SWITCH', mode: s['DOOR.CLOSED'] && s['OPERATOR.OPEN_DOOR'] ? 'none' : 'stuckClosed' }),
      'door switch fault toggled'
    ),
    t: async () => (await cell.inject({ kind: 'SUBSCRIPTION_STALL', seconds: 10 }), 'subscriptions stalled for 10 s'),
    b: async () => (await cell.inject({ kind: 'SERVER_RESTART', downSeconds: 3 }), 'server restarted'),
  };
  if (keys[input]) return keys[input]();
  const [verb, a, b] = input.split(/\s+/);
  if (verb === 'call') return cmd(a as RobotCommand);
  if (verb === 'mode') return cmd('SetMode', a);
  if (verb === 'act') return (cell.act({ [a]: b === 'true' ? true : b === 'false' ? false : Number(b) }), `${a} = ${b}`);
  if (verb === 'fault' && a === 'gripper') return keys.g();
  if (verb === 'fault' && a === 'overtravel') return (await cell.inject({ kind: 'AXIS_OVERTRAVEL', axis: Number(b) }), `axis ${b} overtravel`);
  if (verb === 'fault' && a === 'door-switch') return (await cell.inject({ kind: 'DOOR_SWITCH', mode: b as 'none' }), `door switch ${b}`);
  if (verb === 'fault' && a === 'stall') return (await cell.inject({ kind: 'SUBSCRIPTION_STALL', seconds: Number(b) }), `stalled ${b} s`);
  if (verb === 'fault' && a === 'restart') return (await cell.inject({ kind: 'SERVER_RESTART', downSeconds: Number(b ?? 0) }), 'restarted');
  return input ? `unknown command "${input}"` : '';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4840' },
      host: { type: 'string', default: '127.0.0.1' },
      pki: { type: 'string' },
      modes: { type: 'string', default: 'None,Sign,SignAndEncrypt' },
      'no-guard-locking': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      headless: { type: 'boolean', default: false },
    },
  });
  const cell = await startRobotCell({
    port: Number(values.port),
    host: values.host,
    pkiDir: values.pki,
    securityModes: values.modes.split(',') as RobotCellSecurityMode[],
    guardLocking: !values['no-guard-locking'],
    seed: Number(values.seed),
  });
  process.stdout.write(`Robot cell listening on ${cell.endpointUrl}\n`);
  runConsole({ headless: values.headless, render: () => render(cell), handle: (i) => handle(cell, i), quit: () => cell.stop() });
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
