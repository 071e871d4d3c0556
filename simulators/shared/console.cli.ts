/**
 * The small console both stand-in CLIs share: redraws a status screen and hands each key press
 * (TTY) or each typed line (pipe) to a handler.
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
  /** Called on `q`, Ctrl-C or end of input. */
  quit(): Promise<void>;
}

/** Runs the console until the user quits. */
export function runConsole(options: ConsoleOptions): void {
  let message = '';
  const tty = process.stdin.isTTY && process.stdout.isTTY;
  const draw = () => {
    if (tty) process.stdout.write('\x1b[2J\x1b[H' + options.render() + '\n' + message + '\n');
  };
  const timer = setInterval(draw, options.refreshMs ?? 500);
  const stop = async () => {
    clearInterval(timer);
    if (tty) process.stdin.setRawMode(false);
    await options.quit();
    process.exit(0);
  };
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
  if (tty) {
    readline.emitKeypressEvents(process.stdin);
    process.stdin.setRawMode(true);
    process.stdin.on('keypress', (str: string | undefined, key: { sequence?: string }) => void run(str ?? key.sequence ?? ''));
  } else {
    const rl = readline.createInterface({ input: process.stdin });
    rl.on('line', (line) => void run(line.trim()));
    rl.on('close', () => void stop());
  }
  draw();
}
