// Structured JSON logs (one object per line, as Workers Logs indexes them), at or above the `LOG_LEVEL` var
// (wrangler.toml; everything when unset). Never pass secrets or tokens here.
import { env } from "cloudflare:workers";

type Level = "debug" | "info" | "warn" | "error";
const RANK = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 } as const;

/** Read per call, not at load, so a test can raise the level for itself (test/helpers/logs.ts). */
function enabled(level: Level): boolean {
  const wanted = (env as Partial<Env> | undefined)?.LOG_LEVEL;
  const threshold = wanted && wanted in RANK ? RANK[wanted as keyof typeof RANK] : RANK.debug;
  return RANK[level] >= threshold;
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (!enabled(level)) return;
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/**
 * drizzle's query errors append the bound values ("params: …") to their message and stack: those can be signing
 * secrets, token hashes or buyer emails, so they are cut before anything is logged or stored.
 */
function redactParams(text: string): string {
  return text.replace(/\nparams: [^\n]*/g, "\nparams: [redacted]");
}

/** An error's message, safe to log or to keep as a job's last error. */
export function errorMessage(err: unknown): string {
  return redactParams(err instanceof Error ? err.message : String(err));
}

export function errorFields(err: unknown): Record<string, unknown> {
  return err instanceof Error
    ? { error: err.name, message: errorMessage(err), stack: err.stack && redactParams(err.stack) }
    : { error: errorMessage(err) };
}
