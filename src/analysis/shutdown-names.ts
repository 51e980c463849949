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

/**
 * Library shutdown calls that end on the library's own default timeouts, so awaiting them in a shutdown
 * handler is bounded without a wrapper (package, then class and method, or the package's function):
 *
 * - OpenTelemetry `NodeSDK` / tracer, meter and logger providers: `shutdown()` flushes through the span, metric
 *   and log processors, whose exports give up after `exportTimeoutMillis` (30 s by default) and whose OTLP
 *   exporters after `timeoutMillis` (10 s).
 * - Sentry `close()`: waits at most the client's `shutdownTimeout` (2 s by default). (`flush()` without an
 *   argument waits for the queue, so it is not listed.)
 * - PostHog `shutdown()`: waits at most `shutdownTimeoutMs` (30 s by default).
 */
export const SELF_BOUNDED_SHUTDOWNS: ReadonlySet<string> = new Set([
  '@opentelemetry/sdk-node.NodeSDK.shutdown',
  '@opentelemetry/sdk-trace-node.NodeTracerProvider.shutdown',
  '@opentelemetry/sdk-trace-base.BasicTracerProvider.shutdown',
  '@opentelemetry/sdk-metrics.MeterProvider.shutdown',
  '@opentelemetry/sdk-logs.LoggerProvider.shutdown',
  '@sentry/node.close',
  '@sentry/nestjs.close',
  '@sentry/nextjs.close',
  'posthog-node.PostHog.shutdown',
]);
