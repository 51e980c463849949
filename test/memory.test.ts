/**
 * Peak memory of the runtime-ops command stays bounded and flat per file (issue 19): the command
 * over a generated repository and over four times as many files peaks under 600 MB, and four times
 * the files cost at most half as much again. Identical runs once peaked anywhere between 460 MB and 1.1 GB
 * (heap growth left to V8) and caches grew with the run; see src/cli/threads.ts and the bounded
 * caches of src/analysis/project. Real repositories are measured by `npm run bench`; this test
 * asserts the bound, never a time.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SizedCache } from '../src/analysis/project/files.js';
import { writeCorpus } from './bench/corpus.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'dist', 'src', 'cli', 'bin.js');
const LIMIT_MB = 600;

/**
 * Peak resident memory (MB) and exit code of the command over `dir`: `/usr/bin/time -v` when
 * present, else the kernel's high-water mark (VmHWM) of the process, read until it exits.
 */
function peakOf(dir: string): Promise<{ peakMb: number; code: number | null }> {
  const out = path.join(tmpdir(), `runtime-ops-memory-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const args = [BIN, '.', '--format', 'json', '--output-file', out];
  const useTime = existsSync('/usr/bin/time');
  const child = useTime ? spawn('/usr/bin/time', ['-v', process.execPath, ...args], { cwd: dir }) : spawn(process.execPath, args, { cwd: dir });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let polled = 0;
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) polled = Math.max(polled, Number(hwm[1]));
    } catch {
      // gone, or no /proc
    }
  }, 50);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearInterval(poll);
      rmSync(out, { force: true });
      const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ peakMb: (timed ? Number(timed[1]) : polled) / 1024, code });
    });
  });
}

describe('peak memory of the command', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('stays under 600 MB and does not grow with the number of files', async () => {
    const small = mkdtempSync(path.join(tmpdir(), 'runtime-ops-memory-'));
    const large = mkdtempSync(path.join(tmpdir(), 'runtime-ops-memory-'));
    dirs.push(small, large);
    // About 26,000 and 104,000 lines per language: Python and TypeScript modules with findings, past
    // the bounded caches (the shared Python trees keep at most 1 MB of source, MAX_RECENT_TREE_CHARS).
    writeCorpus(small, 48);
    writeCorpus(large, 192);
    // One run's peak depends on when V8 collects, not on the files: measured on 2 cores, identical
    // runs peaked at 324-394 MB (48 files), 331-467 MB (96) and 409-419 MB (192). The heap left after
    // each full collection was 123-246 MB, depending on which file was in progress; the rest of the
    // peak is the two isolates, the parser's WebAssembly memory and the young generation. So a
    // ratio of single runs of similar sizes measures noise (it went from 0.87 to 1.33 for 48 against
    // 96 files). What is asserted: every run stays under the limit, and four times the files cost at
    // most half as much again, comparing the lower peak of two runs of each. A cache that kept each
    // file's trees would also break the limit: the linting thread's old generation is capped at
    // 400 MB (src/cli/threads.ts), and past it the run is redone without the cap.
    const runs = [await peakOf(small), await peakOf(large), await peakOf(small), await peakOf(large)];
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.peakMb).toBeGreaterThan(0);
      expect(run.peakMb).toBeLessThan(LIMIT_MB);
    }
    const first = Math.min(runs[0].peakMb, runs[2].peakMb);
    const second = Math.min(runs[1].peakMb, runs[3].peakMb);
    expect(second / first).toBeLessThan(1.5);
  }, 600_000);
});

describe('SizedCache', () => {
  it('keeps the most recently used entries within its budget', () => {
    const cache = new SizedCache<string>(10);
    cache.set('a', 'A', 4);
    cache.set('b', 'B', 4);
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('c', 'C', 4); // over budget: b, the least recently used, goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.get('c')).toBe('C');
    expect(cache.total).toBe(8);
  });

  it('replaces an entry and keeps nothing larger than the budget', () => {
    const cache = new SizedCache<string>(10);
    cache.set('a', 'A', 6);
    cache.set('a', 'A2', 3);
    expect(cache.total).toBe(3);
    cache.set('huge', 'H', 11);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('a')).toBe('A2');
    cache.delete('a');
    expect(cache.total).toBe(0);
  });
});
