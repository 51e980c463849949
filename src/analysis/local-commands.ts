/**
 * Child processes that reach no other system: a command line written in the code whose program only
 * works on this machine's files, opens a local application, or prints its own version. Such a child
 * has no outbound dependency that could stop answering, so require-io-timeout does not ask it for a
 * time limit; anything else (`git fetch`, `curl`, `psql`, a deploy tool, a command built at run time
 * or run through a shell pipeline) may wait on the network and stays reported.
 *
 * Both languages ask this with the argument vector they read from the call: `['git', 'rev-parse',
 * '--show-toplevel']` from `subprocess.run([...])` or `execFileSync('git', [...])`, or the words of
 * a literal command string (`execSync('node -v')`, see `commandWords`).
 */

/** Programs that work on local files or the local desktop only. */
const LOCAL_PROGRAMS = new Set([
  // files and folders
  'rm', 'cp', 'mv', 'mkdir', 'rmdir', 'ln', 'chmod', 'chown', 'touch', 'cat', 'ls', 'stat', 'du', 'df',
  // gettext catalogues
  'msgcat', 'msgfmt', 'msgmerge', 'msguniq', 'xgettext',
  // opening a file or showing a notification on the desktop
  'open', 'xdg-open', 'osascript', 'notify-send',
  // facts about this machine: kernel, CPU, memory and GPU queries (sabnzbd's `sysctl -n
  // machdep.cpu.brand_string`, frigate's `vainfo --display drm`)
  'uname', 'whoami', 'hostname', 'which', 'id', 'nproc', 'sysctl', 'lscpu', 'lspci', 'lsusb', 'free', 'vainfo', 'vulkaninfo', 'sw_vers',
]);

/** git subcommands that read or change the local repository only (`git fetch`, `push`, `clone`, `pull` reach a remote). */
const LOCAL_GIT_SUBCOMMANDS = new Set(['rev-parse', 'status', 'diff', 'log', 'show', 'describe', 'branch', 'config', 'ls-files', 'rev-list', 'symbolic-ref', 'add', 'commit', 'checkout', 'switch', 'stash', 'tag', 'merge-base', 'hash-object', 'cat-file', 'blame']);

/** Flags that only ask a program for its version. */
const VERSION_FLAGS = new Set(['-v', '-V', '--version', 'version']);

/** git options that take a value before the subcommand (`git -C repo status`). */
const GIT_VALUE_OPTIONS = new Set(['-C', '-c', '--git-dir', '--work-tree']);

/**
 * Shell syntax that makes a command string more than one program, or a program whose words are
 * computed (pipes, lists, substitutions, redirections). Globs and quotes keep one program.
 */
const SHELL_SYNTAX = /[|;&$`<>()\\\n]/;

/** The longest command string split into words. */
const MAX_COMMAND_LENGTH = 500;

/**
 * The words of a literal command string run through a shell (`'node -v'`, `'git rev-parse HEAD'`),
 * or undefined when it uses shell syntax (pipes, substitutions, redirections) or is too long to be
 * one plain command.
 */
export function commandWords(command: string): string[] | undefined {
  if (command.length > MAX_COMMAND_LENGTH || SHELL_SYNTAX.test(command)) return undefined;
  const words = command.split(/\s+/).filter((word) => word.length > 0);
  return words.length ? words : undefined;
}

/** Whether an argument vector runs a program that reaches no other system (see the file comment). */
export function isLocalCommand(argv: readonly string[]): boolean {
  const first = argv[0];
  if (first === undefined) return false;
  const program = first.slice(first.lastIndexOf('/') + 1);
  if (LOCAL_PROGRAMS.has(program)) return true;
  // `node -v`, `docker --version`: the program answers from its own binary.
  if (argv.length === 2 && VERSION_FLAGS.has(argv[1])) return true;
  if (program === 'git') {
    let index = 1;
    while (index < argv.length && argv[index].startsWith('-')) index += GIT_VALUE_OPTIONS.has(argv[index]) ? 2 : 1;
    const subcommand = argv[index];
    return subcommand !== undefined && LOCAL_GIT_SUBCOMMANDS.has(subcommand);
  }
  return false;
}
