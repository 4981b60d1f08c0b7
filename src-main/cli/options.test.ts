import { describe, expect, it } from 'vitest';
import { UsageError, type OptionSpec } from './command';
import { parseOptions } from './options';

const specs: OptionSpec[] = [
  { name: 'listen', value: 'host:port', description: 'where', default: '127.0.0.1:12345' },
  { name: 'state', value: 'file', description: 'state', required: true },
  { name: 'force', description: 'a flag' },
];

describe('parseOptions', () => {
  it('reads --name value, --name=value and flags, and applies defaults', () => {
    const parsed = parseOptions(['--state', 'sim.json', '--force'], specs, false);
    expect(parsed.value('state')).toBe('sim.json');
    expect(parsed.value('listen')).toBe('127.0.0.1:12345');
    expect(parsed.flag('force')).toBe(true);
    expect(parseOptions(['--state=a.json', '--listen=[::1]:1'], specs, false).value('listen')).toBe(
      '[::1]:1',
    );
  });

  it('collects every value of a repeatable option, in order', () => {
    const withShares: OptionSpec[] = [
      ...specs,
      { name: 'share-file', value: 'file', description: 'one share', repeatable: true },
    ];
    const parsed = parseOptions(
      ['--state', 'a', '--share-file', 'shares/1.txt', '--share-file=shares/3.txt'],
      withShares,
      false,
    );
    expect(parsed.values('share-file')).toEqual(['shares/1.txt', 'shares/3.txt']);
    expect(parsed.value('share-file')).toBe('shares/1.txt');
    expect(parsed.values('listen')).toEqual([]);
    expect(() => parseOptions(['--state', 'a', '--state', 'b'], withShares, false)).toThrow(
      /--state is given more than once/,
    );
  });

  it('names what is wrong as a usage error', () => {
    const cases: [string[], RegExp][] = [
      [['--state', 'a', '--bogus'], /unknown option --bogus/],
      [['--state', 'a', '-x'], /unknown option -x/],
      [[], /--state file is required/],
      [['--state'], /--state needs a value \(file\)/],
      [['--state', '--force'], /--state needs a value/],
      [['--state', 'a', '--state', 'b'], /--state is given more than once/],
      [['--state', 'a', '--force=yes'], /--force takes no value/],
      [['--state', 'a', 'extra'], /unexpected argument "extra"/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseOptions(args, specs, false), args.join(' ')).toThrow(UsageError);
      expect(() => parseOptions(args, specs, false), args.join(' ')).toThrow(message);
    }
  });

  it('collects positionals when the command takes them, including after --', () => {
    expect(
      parseOptions(['--state', 'a', 'folder', '--', '--not-an-option'], specs, true).positionals,
    ).toEqual(['folder', '--not-an-option']);
  });
});
