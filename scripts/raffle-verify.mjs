#!/usr/bin/env node
// Verifies a raffle drop's draw from public data alone (API.md "Fair drops", algorithm fy-sha256-v1), with its own
// implementation (node:crypto), so nobody has to trust the server's:
//   1. SHA-256 of the revealed seed equals the commitment published when the drop was created;
//   2. shuffling the public entry list with the seed and giving each entry one unit of its variant while units last
//      yields exactly the winners the drop announced.
// Usage: npm run raffle:verify -- <base-url> <dropId>      (exit 0 verified, 1 mismatch, 2 not verifiable yet)
import { createHash } from "node:crypto";

const [base, dropId] = process.argv.slice(2);
if (!base || !dropId) {
  console.error("usage: npm run raffle:verify -- <base-url> <dropId>");
  process.exit(2);
}

async function get(path) {
  const res = await fetch(new URL(path.slice(1), base.endsWith("/") ? base : `${base}/`));
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
  return res.json();
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest();

/** Ids carry their creation time (10 base-32 characters of milliseconds after the prefix): when an entry was made. */
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const createdAt = (id) => [...id.split("_")[1].slice(0, 10)].reduce((t, ch) => t * 32 + ALPHABET.indexOf(ch), 0);

function shuffle(seedHex, ids) {
  const seed = Buffer.from(seedHex, "hex");
  const out = [...ids];
  for (let i = out.length - 1; i >= 1; i--) {
    const index = Buffer.alloc(4);
    index.writeUInt32BE(i);
    const j = Number(sha256(Buffer.concat([seed, index])).readBigUInt64BE(0) % BigInt(i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const { drop } = await get(`/api/v1/drops/${dropId}`);
if (!drop.raffle) {
  console.error(`${dropId} is not a raffle drop.`);
  process.exit(2);
}
const { seed, commitment, algorithm } = drop.raffle;
if (algorithm !== "fy-sha256-v1") {
  console.error(`Unknown algorithm ${algorithm}.`);
  process.exit(2);
}
if (!seed) {
  console.log(`Not drawn${drop.status === "canceled" ? " (the drop was canceled before its draw)" : " yet (the seed is revealed at the draw)"}. Commitment: ${commitment}`);
  process.exit(2);
}
const entries = await get(`/api/v1/drops/${dropId}/entries`);
const commitmentOk = sha256(Buffer.from(seed, "hex")).toString("hex") === commitment;
const variantOf = new Map(entries.ids.map((id, i) => [id, entries.variantIds[i]]));
const left = Object.fromEntries(drop.items.map((i) => [i.variantId, i.quantity]));
const winners = [];
for (const id of shuffle(seed, entries.ids)) {
  const variant = variantOf.get(id);
  if ((left[variant] ?? 0) > 0) {
    left[variant]--;
    winners.push(id);
  }
}
const winnersOk = JSON.stringify(winners) === JSON.stringify(entries.winners);
// Every entry was made before the draw, in list order: nothing slipped in after the entries were frozen.
const times = entries.ids.map(createdAt);
const entriesOk = times.every((t, i) => t < Date.parse(drop.startsAt) && (i === 0 || t >= times[i - 1]));
console.log(`drop ${dropId}: ${entries.ids.length} entries, ${winners.length} winners`);
console.log(`commitment  ${commitmentOk ? "OK" : "MISMATCH"}  sha256(seed) ${commitmentOk ? "=" : "≠"} ${commitment}`);
console.log(`entries     ${entriesOk ? "OK" : "MISMATCH"}  all made before ${drop.startsAt}, in order`);
console.log(`winners     ${winnersOk ? "OK" : "MISMATCH"}  recomputed: ${winners.join(", ") || "(none)"}`);
if (!winnersOk) console.log(`            announced:  ${(entries.winners ?? []).join(", ")}`);
process.exit(commitmentOk && winnersOk && entriesOk ? 0 : 1);
