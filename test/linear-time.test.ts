/**
 * Linear time on hostile input: each shape that once made a rule or the Python language backtrack or
 * rescan (a run of minutes from a file of kilobytes) is generated at three sizes, n, 2n and 4n, and
 * linted with every rule. The assertion is on growth, not on absolute times (machines differ): a
 * linear cost grows about 4x from n to 4n, a quadratic one 16x, an exponential one without bound.
 */
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { pluginConfig } from './plugin-config.js';

const config = pluginConfig('strict');

interface Shape {
  name: string;
  file: 'x.py' | 'x.ts';
  /** The base size n; the test lints n, 2n and 4n. */
  size: number;
  /** The file at size n; `variant` differs between repeated timings (rules may remember answers per name). */
  make: (n: number, variant: number) => string;
}

const words = (n: number, word: string, separator: string) => Array.from({ length: n }, () => word).join(separator);

export const SHAPES: Shape[] = [
  {
    name: 'Python: startupFunctions glob with many stars from an inline comment',
    file: 'x.py',
    size: 2,
    make: (n, variant) =>
      `# eslint runtime-ops/no-lazy-env-read: ["error", {"startupFunctions": ["${words(n, 'a', '*')}*b"]}]\nimport os\ndef ${words(40, 'a', '_')}_v${variant}():\n    return os.environ["X"]\n`,
  },
  {
    name: 'TypeScript: startupFunctions glob with many stars from an inline comment',
    file: 'x.ts',
    size: 2,
    make: (n, variant) =>
      `/* eslint runtime-ops/no-lazy-env-read: ["error", {"startupFunctions": ["${words(n, 'a', '*')}*b"]}] */\nexport function ${words(40, 'a', '_')}_v${variant}() {\n  return process.env.X;\n}\n`,
  },
  {
    name: 'Python: many unclosed type parameter lists (PEP 696 fallback re-parse)',
    file: 'x.py',
    size: 400,
    make: (n) => `${'class A[T = int, U = dict[str, int\n'.repeat(n)}x = (\n`,
  },
  {
    name: 'Python: many f-string format specs starting with = (re-parse)',
    file: 'x.py',
    size: 400,
    make: (n) => `${'print(f"{title:=^40}")\n'.repeat(n)}`,
  },
  {
    name: 'Python: a long # noqa comment',
    file: 'x.py',
    size: 50_000,
    make: (n) => `x = 1  # noqa: a${' '.repeat(n)}b\n`,
  },
  {
    name: 'Python: a long logger-like receiver name',
    file: 'x.py',
    size: 50_000,
    make: (n) => `import logging\n${'_'.repeat(n)}x.info(f"{logging}")\n`,
  },
  {
    name: 'TypeScript: a long logger-like receiver name',
    file: 'x.ts',
    size: 50_000,
    make: (n) => `declare const a: string;\n${'_'.repeat(n)}x.info(\`\${a}\`);\n`,
  },
  {
    name: 'Python: a long capitalised function name (word splitting)',
    file: 'x.py',
    size: 50_000,
    make: (n) => `import os\ndef ${'A'.repeat(n)}():\n    return os.environ["X"]\n`,
  },
  {
    name: 'TypeScript: a long capitalised function name (word splitting)',
    file: 'x.ts',
    size: 50_000,
    make: (n) => `export function ${'A'.repeat(n)}() {\n  return process.env.X;\n}\n`,
  },
  {
    name: 'Python: a long ...Timeout... exception name',
    file: 'x.py',
    size: 3_000,
    make: (n) => `def f():\n    while True:\n        try:\n            g()\n            break\n        except ${'Timeout'.repeat(n)}1:\n            pass\n`,
  },
  {
    name: 'TypeScript: a long ...Timeout... error class',
    file: 'x.ts',
    size: 3_000,
    make: (n) =>
      `declare function g(): void;\nexport function f() {\n  for (;;) {\n    try {\n      g();\n      break;\n    } catch (error) {\n      if (error instanceof ${'Timeout'.repeat(n)}1) continue;\n    }\n  }\n}\n`,
  },
  {
    name: 'Python: a long %-format message',
    file: 'x.py',
    size: 50_000,
    make: (n) => `import logging\nlog = logging.getLogger()\nlog.info("%${'0'.repeat(n)}", 1)\n`,
  },
  {
    name: 'Python: thousands of retry loops in one function',
    file: 'x.py',
    size: 300,
    make: (n) =>
      `import time\ndef f():\n    start = time.monotonic()\n${Array.from({ length: n }, () => '    while True:\n        try:\n            g()\n            break\n        except OSError:\n            time.sleep(1)\n').join('')}`,
  },
  {
    name: 'TypeScript: thousands of retry loops in one function',
    file: 'x.ts',
    size: 300,
    make: (n) =>
      `declare function g(): void;\ndeclare function sleep(ms: number): Promise<void>;\nexport async function f() {\n  const start = Date.now();\n${Array.from({ length: n }, () => '  while (true) {\n    try {\n      g();\n      break;\n    } catch {\n      await sleep(1);\n    }\n  }\n').join('')}}\n`,
  },
  {
    name: 'Python: a name rebound thousands of times',
    file: 'x.py',
    size: 4_000,
    make: (n) => `import os\n${'x = os.path.join(x)\n'.repeat(n)}`,
  },
  {
    name: 'Python: a huge eslint directive comment',
    file: 'x.py',
    size: 5_000,
    make: (n) => `# eslint runtime-ops/no-lazy-env-read: ["error", {"allow": [${words(n, '"A"', ', ')}]}]\nprint(1)\n`,
  },
  {
    name: 'TypeScript: a huge eslint directive comment',
    file: 'x.ts',
    size: 5_000,
    make: (n) => `/* eslint runtime-ops/no-lazy-env-read: ["error", {"allow": [${words(n, '"A"', ', ')}]}] */\nconsole.log(1);\n`,
  },
];

/**
 * Ordinary code appended to every file, the same at every size: a floor of a few dozen milliseconds,
 * so that timer and scheduler noise on a tiny lint cannot pass for growth.
 */
const FILLER = { 'x.py': 'value = 0\n'.repeat(4000), 'x.ts': 'void 0;\n'.repeat(4000) };

/** The best of a few timings of one lint, in milliseconds (the best is the least disturbed by GC and other processes). */
function lintTime(linter: Linter, shape: Shape, n: number): number {
  let best = Infinity;
  for (let variant = 0; variant < 3; variant++) {
    const padded = shape.make(n, variant) + FILLER[shape.file];
    const start = performance.now();
    linter.verify(padded, config, { filename: shape.file });
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

// Retried: a timing on a machine shared with other jobs can be disturbed once; growth shows every time.
describe('linting time grows linearly with hostile input', { retry: 2 }, () => {
  it.each(SHAPES.map((shape) => [shape.name, shape] as const))('%s', (_name, shape) => {
    const linter = new Linter({ configType: 'flat' });
    lintTime(linter, shape, shape.size); // warm up: parser and rules loaded, code compiled
    const [t1, t2, t4] = [1, 2, 4].map((factor) => lintTime(linter, shape, shape.size * factor));
    // Linear: about 2x and 4x. Quadratic: 4x and 16x. The margins absorb noise on a shared machine.
    const detail = `times ${t1.toFixed(1)} / ${t2.toFixed(1)} / ${t4.toFixed(1)} ms`;
    expect(t2 / t1, detail).toBeLessThan(4.5);
    expect(t4 / t1, detail).toBeLessThan(8);
  }, 120_000);
});
