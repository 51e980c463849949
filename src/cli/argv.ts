/**
 * The command line before `parseArgs` reads it: unknown flags get one clear line (with what to use
 * instead when it is an `eslint` flag), and an option's value may start with a dash
 * (`--max-warnings -1`, which `eslint` accepts and `parseArgs` calls ambiguous).
 */

/** The shape of `parseArgs` option declarations this module needs. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** A problem with the command line, for the caller to print as a usage error. */
export class ArgvError extends Error {}

/** `eslint` flags the command does not take, and what to do instead. */
const ESLINT_FLAG_HINTS: Record<string, string> = {
  '--ext': 'name the files with a glob instead, for example "src/**/*.py"',
  '--ignore-pattern': 'add the pattern to `ignores` in an eslint.config.* file (zero configuration honours .gitignore)',
  '--no-ignore': 'name the files to lint instead',
  '--rule': 'set rules in an eslint.config.* file and pass it with --config',
  '--env': 'set languageOptions in an eslint.config.* file and pass it with --config',
  '--global': 'set languageOptions.globals in an eslint.config.* file and pass it with --config',
  '--parser': 'set languageOptions.parser in an eslint.config.* file and pass it with --config',
  '--parser-options': 'set languageOptions.parserOptions in an eslint.config.* file and pass it with --config',
  '--plugin': 'add plugins in an eslint.config.* file and pass it with --config',
  '--no-config-lookup': 'pass the config to use with --config',
  '--print-config': 'run `npx eslint --print-config <file>`',
  '--stdin': 'lint files by name; standard input is not read',
  '--fix-type': 'use --fix (runtime-ops rules have suggestions, not automatic fixes)',
  '--report-unused-disable-directives-severity': 'use --report-unused-disable-directives (severity error)',
  '--color': 'the stylish output is colored when the terminal supports it',
  '--no-color': 'set NO_COLOR=1 in the environment',
  '--debug': 'set DEBUG=1 in the environment for a stack trace on fatal errors',
};

/**
 * Checks every flag against `options` and joins each string option with its value
 * (`--max-warnings -1` becomes `--max-warnings=-1`). Arguments after `--` are file names.
 */
export function normalizeArgv(argv: string[], options: OptionSpec): string[] {
  const shorts = new Map(Object.entries(options).flatMap(([name, spec]) => (spec.short ? [[`-${spec.short}` as string, name] as const] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      out.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const name = flag.startsWith('--') ? flag.slice(2) : shorts.get(flag);
    const spec = name === undefined ? undefined : options[name];
    if (!spec || name === undefined) {
      const hint = ESLINT_FLAG_HINTS[flag];
      throw new ArgvError(hint ? `unknown option ${flag}: ${hint}` : `unknown option ${flag}`);
    }
    if (spec.type === 'boolean') {
      if (equals !== -1) throw new ArgvError(`option --${name} takes no value`);
      out.push(`--${name}`);
    } else if (equals !== -1) {
      out.push(`--${name}=${arg.slice(equals + 1)}`);
    } else {
      if (i + 1 >= argv.length) throw new ArgvError(`option --${name} needs a value`);
      out.push(`--${name}=${argv[++i]}`);
    }
  }
  return out;
}
