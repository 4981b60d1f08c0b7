// A small option parser for the commands' own OptionSpec lists: --name value, --name=value,
// flags, and positionals. Anything unknown or missing is a UsageError naming it.

import { UsageError, type OptionSpec, type ParsedOptions } from './command';

export function parseOptions(
  args: readonly string[],
  specs: readonly OptionSpec[],
  acceptsPositionals: boolean,
): ParsedOptions {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const values = new Map<string, string>();
  const repeated = new Map<string, string[]>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (arg === '--') {
      positionals.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const cut = arg.indexOf('=');
    const name = arg.slice(2, cut === -1 ? undefined : cut);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if ((values.has(name) && !spec.repeatable) || flags.has(name))
      throw new UsageError(`--${name} is given more than once`);
    if (spec.value === undefined) {
      if (cut !== -1) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (cut !== -1) value = arg.slice(cut + 1);
    else {
      value = args[index + 1];
      index += 1;
    }
    if (value === undefined || value === '' || (cut === -1 && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value (${spec.value})`);
    }
    if (!values.has(name)) values.set(name, value);
    repeated.set(name, [...(repeated.get(name) ?? []), value]);
  }
  for (const spec of specs) {
    if (spec.required && spec.value !== undefined && !values.has(spec.name)) {
      throw new UsageError(`--${spec.name} ${spec.value} is required`);
    }
  }
  if (!acceptsPositionals && positionals.length > 0)
    throw new UsageError(`unexpected argument "${positionals[0]}"`);
  return {
    value: (name) => values.get(name) ?? byName.get(name)?.default,
    values: (name) => [...(repeated.get(name) ?? [])],
    flag: (name) => flags.has(name),
    positionals,
  };
}
