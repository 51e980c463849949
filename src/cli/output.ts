/**
 * Files the command writes (the report, the suppressions file) and the ones ESLint writes for it
 * (the cache) may sit in a checkout whose content a pull request controls. A committed symlink
 * (`results.sarif -> ../../elsewhere`) would redirect the write anywhere the CI user can write, so a
 * symlinked output is refused. Writes go to a new temporary file beside the target, then a rename:
 * an interrupted run never leaves a truncated report that looks complete.
 */
import { lstatSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A refused output: the message is one line for the user. */
export class OutputError extends Error {}

/** The file's lstat, or undefined when nothing is there. */
function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Throw when `file`, or a folder between the working directory and it, is a symlink (only folders
 * inside the working directory are checked: those are the ones a checkout can bring), or when it is
 * not a regular file. `what` names the output in the message (`--output-file`).
 */
export function assertPlainOutput(file: string, cwd: string, what: string): void {
  const target = path.resolve(cwd, file);
  const stats = lstatOrUndefined(target);
  if (stats?.isSymbolicLink()) throw new OutputError(`${what} ${path.relative(cwd, target) || target} is a symbolic link; refusing to write through it`);
  if (stats && !stats.isFile()) throw new OutputError(`${what} ${path.relative(cwd, target) || target} is not a regular file`);
  const relative = path.relative(cwd, path.dirname(target));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return;
  let folder = cwd;
  for (const part of relative.split(path.sep).filter(Boolean)) {
    folder = path.join(folder, part);
    if (lstatOrUndefined(folder)?.isSymbolicLink()) {
      throw new OutputError(`${what} ${path.relative(cwd, target)} is inside a symbolically linked folder (${path.relative(cwd, folder)}); refusing to write through it`);
    }
  }
}

/** Write `text` to `file` through a temporary file in the same folder and a rename. */
export function writeFileAtomically(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    // `wx`: the temporary name is created new, never opened through something already there.
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Remove an earlier report so that a failed run cannot leave a stale one behind (symlinks were refused before). */
export function removeStaleOutput(file: string): void {
  const stats = lstatOrUndefined(file);
  if (stats?.isFile()) rmSync(file, { force: true });
}
