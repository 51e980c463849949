/**
 * Route paths: joining a prefix with a route, and deciding whether a path is a health probe.
 * Shared by both detectors so the two languages agree on what a health route is.
 */

export const DEFAULT_HEALTH_PATHS = ['health', 'healthz', 'healthcheck', 'health-check', 'ready', 'readyz', 'readiness', 'status'];
export const DEFAULT_LIVENESS_PATHS = ['live', 'livez', 'liveness', 'ping'];

/** `/api/` + `health/` → `/api/health/`; prefixes and routes may each carry or omit their slashes. */
export function joinPath(...parts: string[]): string {
  const segments = parts.flatMap((part) => part.split('/')).filter(Boolean);
  return `/${segments.join('/')}`;
}

/**
 * A Django `re_path` pattern as a plain path: `^health/?$` → `health`. Only anchors and optional
 * trailing slashes are removed; a pattern with other regex syntax keeps it (and so matches nothing).
 */
export function regexAsPath(pattern: string): string {
  return pattern
    .replace(/^\^/, '')
    .replace(/(?:\\Z|\$)$/, '')
    .replace(/\\?\/[?*]?$/, '')
    .replace(/\\\//g, '/');
}

/**
 * The segments of a path, without empty ones (`/api/health/` → `['api', 'health']`), query removed,
 * lower-cased, and leading underscores dropped: `/_health` and `/__healthz` are the same probes.
 */
function segmentsOf(path: string): string[] {
  return path
    .split(/[?#]/)[0]
    .split('/')
    .map((segment) => segment.toLowerCase().replace(/^_+/, ''))
    .filter(Boolean);
}

/** Whether a path ends with one of the given endings (each one or more segments). */
function endsWithAny(path: string, endings: readonly string[]): boolean {
  const segments = segmentsOf(path);
  return endings.some((ending) => {
    const tail = segmentsOf(ending);
    if (tail.length === 0 || tail.length > segments.length) return false;
    return tail.every((segment, i) => segments[segments.length - tail.length + i] === segment);
  });
}

/** Decides which paths are readiness/health probes; liveness endings win over health endings. */
export function healthPathMatcher(healthPaths: readonly string[], livenessPaths: readonly string[]): (path: string) => boolean {
  return (path) => !endsWithAny(path, livenessPaths) && endsWithAny(path, healthPaths);
}

const mentionWords = new Map<string, string[]>();

/**
 * Whether a file can register a health route at all: some health-path ending appears in its text or
 * its file name (Next.js route files). A necessary condition checked before any analysis; most
 * files mention no health path.
 */
export function mentionsHealthPath(text: string, filename: string, healthPaths: readonly string[]): boolean {
  const key = healthPaths.join('\0');
  let words = mentionWords.get(key);
  if (!words) {
    words = healthPaths.map((p) => segmentsOf(p).pop()).filter((w): w is string => Boolean(w));
    mentionWords.set(key, words);
  }
  // Plain substring search: no regular expression is built from option text.
  const haystacks = [text.toLowerCase(), filename.toLowerCase()];
  return words.some((word) => haystacks.some((haystack) => haystack.includes(word)));
}
