// The live-stock socket as a buyer's page holds it, and waiting for what it (or anything else) will say.
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import { sleep } from "./drops";

/** Opens `/api/v1/drops/{id}/live` through the Worker and records every message it receives. */
export async function connect(dropId: string) {
  const res = await exports.default.fetch(new Request(`http://localhost/api/v1/drops/${dropId}/live`, { headers: { upgrade: "websocket" } }));
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  const messages: any[] = [];
  ws.addEventListener("message", (e) => {
    messages.push(JSON.parse(e.data as string));
  });
  ws.accept();
  return { ws, messages };
}

/** Polls `fn` until it gives a value, or fails after `timeoutMs` (generous: CI is a slow, noisy machine). */
export async function until<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await sleep(25);
  }
}
