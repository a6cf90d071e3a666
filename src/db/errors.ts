// Recognising D1 constraint failures, which surface as plain errors with SQLite's message.
export function isUniqueViolation(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { cause?: unknown }).cause ?? "")}` : String(err);
  return text.includes("UNIQUE constraint failed");
}
