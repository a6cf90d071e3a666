// API.md "Normalized email": trimmed and lowercased. Per-buyer limits, idempotency scopes and cart limits all key on it.
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
