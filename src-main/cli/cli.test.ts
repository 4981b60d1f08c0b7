import { describe, expect, it } from 'vitest';
import { YubiHsmTransportError } from '../hsm/yubihsm/protocol/device-errors';
import { runCli } from './cli';
import { CliError, UsageError, type CliCommand, type CliIo } from './command';

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: '/tmp',
    stopRequested: new Promise<string>(() => undefined),
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

function commandThatThrows(error: unknown): CliCommand {
  return {
    name: 'fail',
    summary: 'Fails on purpose.',
    options: [{ name: 'device', value: 'spec', description: 'Which device.' }],
    run: async () => {
      throw error;
    },
  };
}

const echo: CliCommand = {
  name: 'echo',
  summary: 'Prints its option.',
  options: [{ name: 'text', value: 'words', description: 'What to print.', required: true }],
  details: 'Example:\n  custos echo --text hi',
  run: async (options, io) => {
    io.stdout(`${options.value('text')}\n`);
    return 0;
  },
};

describe('runCli', () => {
  it('runs the named command and returns its exit code', async () => {
    const io = capture();
    expect(await runCli(['echo', '--text', 'hello'], io, [echo])).toBe(0);
    expect(io.out).toBe('hello\n');
  });

  it('prints help per command from its options, exit 0', async () => {
    const io = capture();
    expect(await runCli(['echo', '--help'], io, [echo])).toBe(0);
    expect(io.out).toContain('Usage: custos echo [options]');
    expect(io.out).toMatch(/--text words\s+What to print\. \(required\)/);
    expect(io.out).toContain('custos echo --text hi');
  });

  it('lists the commands for --help (exit 0) and when no command is given (exit 2)', async () => {
    const help = capture();
    expect(await runCli(['--help'], help, [echo])).toBe(0);
    expect(help.out).toMatch(/Commands:\n\s+echo\s+Prints its option\./);
    const none = capture();
    expect(await runCli([], none, [echo])).toBe(2);
    expect(none.err).toContain('Usage: custos <command>');
  });

  it('exits 2 for an unknown command or bad options, with one line naming the problem', async () => {
    const unknown = capture();
    expect(await runCli(['frobnicate'], unknown, [echo])).toBe(2);
    expect(unknown.err).toBe(
      `custos: unknown command "frobnicate". Run 'custos --help' to list the commands.\n`,
    );
    const missing = capture();
    expect(await runCli(['echo'], missing, [echo])).toBe(2);
    expect(missing.err).toBe(
      `custos echo: --text words is required. Run 'custos echo --help' for the options.\n`,
    );
    const usage = capture();
    expect(
      await runCli(['fail'], usage, [
        commandThatThrows(new UsageError('--device must name a device')),
      ]),
    ).toBe(2);
  });

  it('exits 1 with the sentence alone, no stack trace, for expected failures', async () => {
    for (const error of [
      new CliError('the ceremony folder is missing'),
      new YubiHsmTransportError(
        'no YubiHSM 2 is connected by USB; insert the device and try again',
      ),
    ]) {
      const io = capture();
      expect(await runCli(['fail'], io, [commandThatThrows(error)])).toBe(1);
      expect(io.err).toBe(`custos fail: ${error.message}.\n`);
      expect(io.err).not.toMatch(/\n\s+at /);
    }
  });

  it('marks unexpected errors as such, and shows the stack only in debug mode', async () => {
    const io = capture();
    expect(await runCli(['fail'], io, [commandThatThrows(new TypeError('x is undefined'))])).toBe(
      1,
    );
    expect(io.err).toBe(
      'custos fail: unexpected error: x is undefined. (set CUSTOS_DEBUG=1 for details)\n',
    );
    const debug = capture();
    await runCli(['fail'], debug, [commandThatThrows(new TypeError('x is undefined'))], true);
    expect(debug.err).toMatch(/\n\s+at /);
  });
});
