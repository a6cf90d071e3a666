import { evictDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { call, makeCreator } from "../helpers/api";
import { shardObject } from "../../src/inventory/inventory-client";
import { dropStub, makeDrop, reserve, sleep } from "../helpers/drops";
import { connect, until } from "../helpers/live";
import { watchShards } from "../helpers/faults";

afterEach(() => vi.restoreAllMocks());

describe("GET /api/v1/drops/:id/live", () => {
  it("sends the stock once on connect and again after changes", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5 });
    const { ws, messages } = await connect(dropId);
    const first = await until(() => messages[0]);
    expect(first).toEqual({ type: "stock", status: "live", items: [{ variantId, available: 5 }], serverTime: expect.any(String) });
    expect(Math.abs(Date.parse(first.serverTime) - Date.now())).toBeLessThan(60_000);
    await reserve(dropId, { variantId, quantity: 5, email: "all@example.com" });
    const update = await until(() => messages.find((m) => m.status === "sold_out"));
    expect(update.items).toEqual([{ variantId, available: 0 }]);
    ws.close();
  });

  it("a socket opened long after the last change gets the time it opened, not that change's time (pages run their clock on it)", async () => {
    const c = await makeCreator();
    const { dropId } = await makeDrop(c, { quantity: 3 });
    // Both sockets on the same shard, which keeps the last stock message for the next connection.
    const firstMessage = async () => {
      const url = `https://shard.internal/live?drop=${dropId}&shard=0`;
      const res = await shardObject(env.DROP_SHARDS, dropId, 0).fetch(new Request(url, { headers: { upgrade: "websocket" } }));
      const ws = res.webSocket!;
      const received = new Promise<any>((resolve) => ws.addEventListener("message", (e) => resolve(JSON.parse(e.data as string))));
      ws.accept();
      const message = await received;
      ws.close();
      return message;
    };
    const early = await firstMessage();
    await sleep(2_000);
    const late = await firstMessage();
    expect(late).toMatchObject({ type: "stock", status: early.status, items: early.items });
    expect(Math.abs(Date.now() - Date.parse(late.serverTime))).toBeLessThan(1_000);
  });

  it("coalesces a burst of changes into few messages", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 200 });
    const { ws, messages } = await connect(dropId);
    await until(() => messages[0]);
    const started = Date.now();
    await Promise.all(Array.from({ length: 100 }, (_, i) => reserve(dropId, { variantId, quantity: 1, email: `b${i}@example.com` })));
    const last = await until(() => messages.find((m) => m.items[0].available === 100));
    const elapsed = Date.now() - started;
    expect(last.status).toBe("live");
    // 100 changes, but at most one update per ~200 ms (plus the message on connect and the final one).
    const updates = messages.length - 1;
    expect(updates).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 1);
    expect(updates).toBeLessThan(100);
    ws.close();
  });

  it("keeps subscribers across hibernation/eviction of the object", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 3 });
    const { ws, messages } = await connect(dropId);
    await until(() => messages[0]);
    await evictDurableObject(dropStub(dropId));
    await reserve(dropId, { variantId, quantity: 1, email: "after-evict@example.com" });
    const update = await until(() => messages.find((m) => m.items[0].available === 2));
    expect(update.type).toBe("stock");
    ws.close();
  });

  it("refuses a plain GET and unknown drops", async () => {
    const c = await makeCreator();
    const { dropId } = await makeDrop(c);
    expect((await call("GET", `/api/v1/drops/${dropId}/live`)).status).toBe(400);
    const res = await exports.default.fetch(new Request("http://localhost/api/v1/drops/drp_00000000000000000000000000/live", { headers: { upgrade: "websocket" } }));
    expect(res.status).toBe(404);
  });
});

describe("fan-out over the drop's shards", () => {
  it("a change that fails to reach a socket's shard once is carried by the next change: the socket ends on the truth", async () => {
    const c = await makeCreator();
    const { dropId, variantId } = await makeDrop(c, { quantity: 5 });
    const socket = await connect(dropId);
    await until(() => socket.messages.find((m) => m.type === "stock"));
    const failedOnce = new Set<number>();
    const watched = watchShards(dropId, "broadcast", (shard) => !failedOnce.has(shard) && (failedOnce.add(shard), true));
    expect((await reserve(dropId, { variantId, quantity: 1, email: "a@example.com" })).status).toBe(201);
    await until(() => (watched.failed > 0 ? true : undefined));
    expect(socket.messages.some((m) => m.type === "stock" && m.items[0].available === 4)).toBe(false); // lost with the failed call
    expect((await reserve(dropId, { variantId, quantity: 1, email: "b@example.com" })).status).toBe(201);
    await until(() => socket.messages.find((m) => m.type === "stock" && m.items[0].available === 3));
    socket.ws.close();
  });
});
