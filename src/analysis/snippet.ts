/**
 * Source text quoted in a message: one line, short. ESLint and Ruff messages are one sentence; a
 * quoted expression must not turn a finding into a 300-column line.
 */

/** `text` on one line (runs of whitespace collapsed), cut to `max` characters with an ellipsis. */
export function snippet(text: string, max = 40): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
