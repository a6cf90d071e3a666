// Bot checks for buyer writes that a script would love to flood (raffle entries): Cloudflare Turnstile, verified
// with siteverify, when TURNSTILE_SECRET_KEY is set. Without it (development) nothing is asked. A missing, invalid or
// unverifiable token is 403 `forbidden`; the token is single-use, so a retried request needs a fresh one.
import { DomainError } from "../shared/errors";

const SITEVERIFY = "https://challenges.cloudflare.com/turnstile/v0/siteverify";
const VERIFY_TIMEOUT_MS = 5_000;

export interface BotCheckDeps {
  /** TURNSTILE_SECRET_KEY, or empty when bot checks are off. */
  turnstileSecret: string;
}

export async function assertHuman(deps: BotCheckDeps, token: string | undefined, remoteIp: string | undefined): Promise<void> {
  if (!deps.turnstileSecret) return;
  if (!token) throw new DomainError("forbidden", "Complete the bot check first.");
  let success = false;
  try {
    const body = new URLSearchParams({ secret: deps.turnstileSecret, response: token, ...(remoteIp && { remoteip: remoteIp }) });
    const res = await fetch(SITEVERIFY, { method: "POST", body, signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS) });
    success = res.ok && ((await res.json()) as { success?: boolean }).success === true;
  } catch {
    success = false;
  }
  if (!success) throw new DomainError("forbidden", "The bot check failed; please try again.");
}
