/**
 * Names that say "this runs at shutdown", shared by both languages' shutdown models.
 */

/** Functions that are shutdown handlers by name alone (no-unbounded-shutdown-await's default `shutdownFunctions`). */
export const DEFAULT_SHUTDOWN_FUNCTIONS = ['shutdown', 'gracefulShutdown', 'onShutdown', 'handleShutdown', 'graceful_shutdown', 'on_shutdown', 'handle_shutdown'];

/**
 * Starlette/FastAPI lifespans by name: `lifespan`, `app_lifespan`, `get_lifespan`: a function defined in one
 * module and passed as `lifespan=` in another is still one.
 */
export function isLifespanName(name: string): boolean {
  return name === 'lifespan' || name.endsWith('_lifespan');
}
