// Logs a test asserts on: the run's LOG_LEVEL keeps tests quiet, so a test that needs the Worker's log lines asks for
// them here, for its own duration only.
import { env } from "cloudflare:workers";
import { onTestFinished, vi } from "vitest";

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

/**
 * Lowers LOG_LEVEL to `level` and collects every structured line the Worker (and its Durable Objects, same isolate)
 * writes until the test ends; nothing is printed. Restored when the test finishes, pass or fail.
 */
export function captureLogs(level: "debug" | "info" | "warn" | "error" = "debug"): LogLine[] {
  const vars = env as { LOG_LEVEL?: string };
  const before = vars.LOG_LEVEL;
  vars.LOG_LEVEL = level;
  const lines: LogLine[] = [];
  const keep = (line: unknown) => {
    try {
      lines.push(JSON.parse(String(line)) as LogLine);
    } catch {
      lines.push({ level: "unstructured", msg: String(line) });
    }
  };
  const spies = (["log", "warn", "error"] as const).map((method) => vi.spyOn(console, method).mockImplementation(keep));
  onTestFinished(() => {
    vars.LOG_LEVEL = before;
    for (const spy of spies) spy.mockRestore();
  });
  return lines;
}
