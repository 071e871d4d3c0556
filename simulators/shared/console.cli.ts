/**
 * The small console both stand-in CLIs share: redraws a status screen and hands each key press
 * (TTY) or each typed line (pipe) to a handler. Without a TTY, or with `--headless`, the stand-in
 * runs as a service (systemd unit, container without a TTY, `npm run sim:plc < /dev/null`): no
 * screen, the end of stdin does not stop it, SIGTERM or SIGINT does.
 */
import readline from 'node:readline';

/** Options of {@link runConsole}. */
export interface ConsoleOptions {
  /** Text of the status screen, called on every redraw. */
  render(): string;
  /** Handles one key (TTY) or one line (pipe); returns a short message to show, if any. */
  handle(input: string): string | void | Promise<string | void>;
  /** Redraw period in ms; default 500. */
  refreshMs?: number;
  /**
   * Never read stdin or draw the screen, even on a TTY; default false. Without a TTY the console
   * is headless anyway, except that piped lines are still read as commands until stdin ends.
   */
  headless?: boolean;
  /** Called on `q`, Ctrl-C, SIGTERM or SIGINT. */
  quit(): Promise<void>;
}

/** Runs the console until the user quits or the process gets SIGTERM/SIGINT. */
export function runConsole(options: ConsoleOptions): void {
  let message = '';
  const tty = !options.headless && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const draw = () => {
    if (tty) process.stdout.write('\x1b[2J\x1b[H' + options.render() + '\n' + message + '\n');
  };
  // Also keeps the process alive while nothing else (stdin, a screen) would.
  const timer = setInterval(draw, options.refreshMs ?? 500);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(timer);
    if (tty) process.stdin.setRawMode(false);
    await options.quit();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  const run = async (input: string) => {
    if (input === 'q' || input === 'quit' || input === '\u0003') return stop();
    if (input === 'status' || input === 'p') {
      process.stdout.write(options.render() + '\n');
      return;
    }
    try {
      message = String((await options.handle(input)) ?? '');
    } catch (e) {
      message = `error: ${(e as Error).message}`;
    }
    if (!tty && message) process.stdout.write(message + '\n');
    draw();
  };
  if (options.headless) {
    process.stdout.write('headless: no console; stop with SIGTERM or SIGINT\n');
  } else if (tty) {
    readline.emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    process.stdin.on('keypress', (str: string | undefined, key: { sequence?: string }) => void run(str ?? key.sequence ?? ''));
  } else {
    // A pipe or /dev/null: read commands while there are any, then keep serving.
    const rl = readline.createInterface({ input: process.stdin });
    rl.on('line', (line) => void run(line.trim()));
    rl.on('close', () => {
      if (!stopping) process.stdout.write('stdin closed: running headless; stop with SIGTERM or SIGINT\n');
    });
  }
  draw();
}
