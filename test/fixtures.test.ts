import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, FIXTURES, fixtureFiles, lintFixture, readExpectations } from './fixture-runner.js';

const ruleNames = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

describe.each(ruleNames)('fixtures/%s', (ruleName) => {
  const ruleId = `runtime-ops/${ruleName}`;
  it.each(fixtureFiles(ruleName).map((file) => [path.basename(file), file]))('%s matches its annotations', async (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const result = await lintFixture(file, ruleId);
    expect(compare(text, result, ruleId)).toEqual([]);
    // A fixture that states nothing proves nothing.
    expect(readExpectations(text).length).toBeGreaterThan(0);
  });
});
