/**
 * What Python modules are, as far as the rules care: the one place that lists them, so that no
 * rule keeps its own list of frameworks.
 */

/** Top-level modules whose import makes a file a command-line program. */
export const CLI_MODULES = new Set([
  'click',
  'asyncclick',
  'rich_click',
  'typer',
  'argparse',
  'docopt',
  'fire',
  'cyclopts',
  'cleo',
  'plac',
  'clize',
  'optparse',
  'getopt',
  'questionary',
  'InquirerPy',
  'textual',
  // invoke: `@task` functions and `Program(...)` are a command-line program's commands.
  'invoke',
]);

/** Whether a qualified import name (`click`, `typer.Typer`, `rich_click.command`) is a CLI framework. */
export function isCliModule(qualified: string): boolean {
  return CLI_MODULES.has(qualified.split('.')[0]);
}

/** Whether a qualified class name is a Django management command base (`BaseCommand`, `LabelCommand`, `AppCommand`). */
export function isManagementCommandBase(qualified: string): boolean {
  return qualified.startsWith('django.core.management') && qualified.endsWith('Command');
}

/**
 * Distributions that serve requests or run jobs: a Python project depending on one is deployed
 * code, whatever command-line tools it also ships (the project model in `project/manifest.ts`).
 */
export const SERVER_DISTRIBUTIONS = new Set([
  'django',
  'flask',
  'fastapi',
  'starlette',
  'aiohttp',
  'tornado',
  'sanic',
  'litestar',
  'quart',
  'falcon',
  'pyramid',
  'bottle',
  'uvicorn',
  'gunicorn',
  'hypercorn',
  'daphne',
  'channels',
  'grpcio',
  'celery',
  'dramatiq',
  'rq',
  'arq',
  'huey',
  'kombu',
  'faststream',
  'temporalio',
  'apscheduler',
  'twisted',
]);

/** Distributions of the CLI frameworks above (`click`, `typer`, `rich-click`...): a project depending on one ships a command. */
export const CLI_DISTRIBUTIONS = new Set(['click', 'asyncclick', 'rich-click', 'typer', 'docopt', 'fire', 'cyclopts', 'cleo', 'plac', 'clize', 'questionary', 'inquirerpy', 'invoke']);

/** The distribution a PEP 508 requirement names, normalized: `Django>=4.2` → `django`, `uvicorn[standard]` → `uvicorn`. */
export function requirementName(requirement: string): string {
  let end = 0;
  const text = requirement.slice(0, 200).trim();
  while (end < text.length && /[A-Za-z0-9._-]/.test(text[end])) end++;
  return text.slice(0, end).toLowerCase().replace(/[._]+/g, '-');
}
