import { describe, expect, it } from 'vitest';
import { isChallengeStep, isFailureLogMethod, isTaskSpawner } from '../src/analysis/retry-shapes.js';

describe('retry shapes shared by both languages', () => {
  it('reads a failure-level log from the method name, project wrappers included', () => {
    expect(['error', 'warning', 'log_error', 'logError', 'log_critical', 'logWarn'].filter(isFailureLogMethod)).toEqual([
      'error',
      'warning',
      'log_error',
      'logError',
      'log_critical',
      'logWarn',
    ]);
    expect(['info', 'log_debug', 'log_info', 'error_count', 'catalog_error', 'log'].filter(isFailureLogMethod)).toEqual([]);
  });

  it('recognises a challenge step by a word of its name, not by a substring', () => {
    expect(['decrypt', 'decrypt_image', '_solve_cf_ddos_challenge', 'solve_hashcash', 'challenge', 'solveCaptcha'].filter(isChallengeStep)).toHaveLength(6);
    expect(['resolve', 'decrypted_size', 'login', 'get', 'dissolve', 'resolver'].filter(isChallengeStep)).toEqual([]);
    expect(isChallengeStep('x'.repeat(300) + '_solve')).toBe(false);
  });

  it('recognises task spawners', () => {
    expect(['create_task', 'create_unique_task', 'ensure_future', 'start_soon', 'spawn', 'createTask'].filter(isTaskSpawner)).toHaveLength(6);
    expect(['run', 'submit_form', 'task_name', 'future', 'start'].filter(isTaskSpawner)).toEqual([]);
  });
});
