/**
 * `npm run sim:plc -- --port 5020 [--host 0.0.0.0] [--unit 1] [--scan 10] [--mode internal|external] [--seed 1] [--headless] [--one-at-a-time]`
 * Runs a PLC trainer alone, prints its live state and takes key presses (TTY) or typed
 * commands (pipe), so an instructor can demonstrate without hardware. Keys are in the README.
 */
import { parseArgs } from 'node:util';
import { runConsole } from '../shared/console.cli';
import { PLC_TAGS, oneBasedReference } from './plc.registers';
import { startPlcTrainer, type PlcControlMode, type PlcTrainer } from './plc.trainer';

const HELP = `keys: s start  x stop  r reset  a auto/manual  e e-stop  i isolator  g guard door  c clear jam
      j jam  o overload  1/2 entry eye stuck off/on  3/4 exit eye stuck off/on  w guard switch fault
      d comm drop 10 s  l slow 500 ms  0 clear faults  + / - speed  q quit
lines (when piped): press start|stop|reset, set estop|isolator|guard|auto on|off, fault jam|overload|clear,
      fault drop <s>, fault slow <ms>, write <TAG> <value>, status, quit`;

function render(t: PlcTrainer): string {
  const s = t.state();
  const rows = PLC_TAGS.map((tag) => {
    const v = s[tag.name];
    const shown = typeof v === 'boolean' ? (v ? 'ON ' : '.  ') : String(v).padEnd(5);
    return `${oneBasedReference(tag)} ${tag.name.padEnd(20)} ${shown}`;
  });
  const half = Math.ceil(rows.length / 2);
  const lines = rows.slice(0, half).map((r, i) => `${r.padEnd(34)}  ${rows[half + i] ?? ''}`);
  return `PLC trainer  modbus tcp ${t.host}:${t.port} unit ${t.unitId}  mode ${t.mode}\n\n${lines.join('\n')}\n\n${HELP}`;
}

async function handle(t: PlcTrainer, input: string): Promise<string> {
  const toggle = (name: 'MODE_AUTO' | 'ESTOP' | 'ISOLATOR_ON' | 'GUARD_CLOSED') => {
    const on = !t.read(`PANEL.${name}`);
    t.set(name, on);
    return `${name} ${on ? 'on' : 'off'}`;
  };
  const keys: Record<string, () => string> = {
    s: () => (t.press('START', 300), 'start pressed'),
    x: () => (t.press('STOP', 300), 'stop pressed'),
    r: () => (t.press('RESET', 300), 'reset pressed'),
    a: () => toggle('MODE_AUTO'),
    e: () => toggle('ESTOP'),
    i: () => toggle('ISOLATOR_ON'),
    g: () => toggle('GUARD_CLOSED'),
    c: () => (t.clearJam(), 'clear jam by hand'),
    j: () => (t.inject({ kind: 'JAM' }), 'jam injected'),
    o: () => (t.inject({ kind: 'OVERLOAD' }), 'overload injected'),
    '1': () => (t.inject({ kind: 'ENTRY_EYE', mode: 'stuckOff' }), 'entry eye stuck off'),
    '2': () => (t.inject({ kind: 'ENTRY_EYE', mode: 'stuckOn' }), 'entry eye stuck on'),
    '3': () => (t.inject({ kind: 'EXIT_EYE', mode: 'stuckOff' }), 'exit eye stuck off'),
    '4': () => (t.inject({ kind: 'EXIT_EYE', mode: 'stuckOn' }), 'exit eye stuck on'),
    w: () => (t.inject({ kind: 'GUARD_SWITCH', active: !t.read('FAULT.GUARD_SWITCH') }), 'guard switch fault toggled'),
    d: () => (t.inject({ kind: 'COMM_DROP', seconds: 10 }), 'not answering for 10 s'),
    l: () => (t.inject({ kind: 'SLOW', ms: t.read('FAULT.SLOW_MS') ? 0 : 500 }), 'slow responses toggled'),
    '0': () => (t.inject({ kind: 'CLEAR' }), 'faults cleared'),
    '+': () => (t.write('SPEED_SETPOINT', Math.min(1000, Number(t.read('SPEED_SETPOINT')) + 50)), 'faster'),
    '-': () => (t.write('SPEED_SETPOINT', Math.max(0, Number(t.read('SPEED_SETPOINT')) - 50)), 'slower'),
  };
  if (keys[input]) return keys[input]();
  const [verb, a, b] = input.split(/\s+/);
  const onOff = (v?: string) => v === 'on' || v === '1' || v === 'true';
  const switches = { estop: 'ESTOP', isolator: 'ISOLATOR_ON', guard: 'GUARD_CLOSED', auto: 'MODE_AUTO' } as const;
  if (verb === 'press' && ['start', 'stop', 'reset'].includes(a)) return (t.press(a.toUpperCase() as 'START', 300), `${a} pressed`);
  if (verb === 'set' && a in switches) return (t.set(switches[a as keyof typeof switches], onOff(b)), `${a} ${onOff(b) ? 'on' : 'off'}`);
  if (verb === 'fault' && a === 'jam') return keys.j();
  if (verb === 'fault' && a === 'overload') return keys.o();
  if (verb === 'fault' && a === 'clear') return keys['0']();
  if (verb === 'fault' && a === 'drop') return (t.inject({ kind: 'COMM_DROP', seconds: Number(b) }), `not answering for ${b} s`);
  if (verb === 'fault' && a === 'slow') return (t.inject({ kind: 'SLOW', ms: Number(b) }), `responses delayed ${b} ms`);
  if (verb === 'write' && a) return (t.write(a, b === 'true' ? true : b === 'false' ? false : Number(b)), `${a} = ${b}`);
  return input ? `unknown command "${input}"` : '';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5020' },
      host: { type: 'string', default: '127.0.0.1' },
      unit: { type: 'string', default: '1' },
      scan: { type: 'string', default: '10' },
      mode: { type: 'string', default: 'internal' },
      seed: { type: 'string', default: '1' },
      headless: { type: 'boolean', default: false },
      'one-at-a-time': { type: 'boolean', default: false },
    },
  });
  if (values.mode !== 'internal' && values.mode !== 'external') throw new Error('--mode must be internal or external');
  const trainer = await startPlcTrainer({
    port: Number(values.port),
    host: values.host,
    unitId: Number(values.unit),
    scanMs: Number(values.scan),
    mode: values.mode as PlcControlMode,
    seed: Number(values.seed),
    transactions: values['one-at-a-time'] ? 'one-at-a-time' : 'pipelined',
  });
  process.stdout.write(`PLC trainer listening on ${trainer.host}:${trainer.port}\n`);
  // The scan timers are unref'd; this keeps the process alive until the user quits.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  runConsole({
    headless: values.headless,
    render: () => render(trainer),
    handle: (i) => handle(trainer, i),
    quit: async () => (clearInterval(keepAlive), trainer.stop()),
  });
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exit(1);
});
