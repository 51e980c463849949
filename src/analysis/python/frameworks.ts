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
