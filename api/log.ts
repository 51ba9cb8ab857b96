import type { Logger } from './http/error-middleware';

/** One line per entry on stderr; fields as JSON so a log shipper can parse them. */
export function consoleLogger(scope: string): Logger & { info(message: string, fields?: Record<string, unknown>): void } {
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    console.error(`${new Date().toISOString()} ${level} [${scope}] ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return {
    error: (m, f) => write('ERROR', m, f),
    info: (m, f) => write('INFO', m, f),
  };
}
