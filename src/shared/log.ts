// Structured JSON logs (one object per line, as Workers Logs indexes them). Never pass secrets or tokens here.
type Level = "debug" | "info" | "warn" | "error";

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, msg, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/**
 * drizzle's query errors append the bound values ("params: …") to their message and stack: those can be signing
 * secrets, token hashes or buyer emails, so they are cut before anything is logged or stored.
 */
export function redactParams(text: string): string {
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
