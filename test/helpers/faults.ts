// Fault injection at the edges of the Worker: a binding method, a Durable Object's RPC method or a queue that fails
// a set number of times and otherwise behaves normally. The Worker and its Durable Objects share the binding
// objects of `env` inside the test runtime, so a spy installed here is seen by both. Undone by vi.restoreAllMocks().
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { shardObjectName, type JobMessage } from "../../src/shared/bindings";

type AnyFn = (...args: any[]) => any;
type Methods<T> = { [K in keyof T]: T[K] extends AnyFn ? K : never }[keyof T];

const injected = (what: string) => new Error(`injected: ${what} failed`);

/**
 * `target[method]` rejects on its next call (or the next call `when` accepts), then calls through again.
 * `after: "answer lost"` lets that one call do its work and fails only its answer, as a dropped connection would.
 */
export function failOnce<T extends object, M extends Methods<T>>(
  target: T,
  method: M,
  opts: { when?: (...args: Parameters<Extract<T[M], AnyFn>>) => boolean; after?: "answer lost" } = {},
) {
  const original = (target[method] as AnyFn).bind(target);
  const state = { failed: 0, calls: 0 };
  vi.spyOn(target, method as never).mockImplementation((async (...args: Parameters<Extract<T[M], AnyFn>>) => {
    state.calls++;
    if (state.failed > 0 || (opts.when && !opts.when(...args))) return original(...args);
    state.failed++;
    if (opts.after === "answer lost") await original(...args);
    throw injected(String(method));
  }) as never);
  return state;
}

/**
 * The RPC method `method` of one inventory object (`drop:{id}` or `variant:{id}`) rejects once, whoever calls it
 * (a route, a use case, or another object's alarm): a Proxy around the stub that `env.INVENTORY.get` hands out.
 */
export function failObjectOnce(name: string, method: string, opts: { after?: "answer lost"; ns?: AnyNamespace } = {}) {
  const state = { failed: 0 };
  wrapObject(name, opts.ns ?? env.INVENTORY, (value, prop) => {
    if (prop !== method || state.failed > 0) return value;
    return async (...args: unknown[]) => {
      if (state.failed > 0) return (value as AnyFn)(...args);
      state.failed++;
      if (opts.after === "answer lost") await (value as AnyFn)(...args);
      throw injected(`${name}.${method}`);
    };
  });
  return state;
}

/** Counts the calls of one RPC method of the inventory object `name`, from whoever makes them. */
export function countObjectCalls(name: string, method: string) {
  const state = { calls: 0 };
  wrapObject(name, env.INVENTORY, (value, prop) =>
    prop !== method
      ? value
      : (...args: unknown[]) => {
          state.calls++;
          return (value as AnyFn)(...args);
        },
  );
  return state;
}

type AnyNamespace = typeof env.INVENTORY | typeof env.DROP_SHARDS;

/** Every stub of the objects `names` that `ns.get` hands out (the inventory objects or the drops' shards), seen through `wrap`. */
function wrapObject(names: string | string[], ns: AnyNamespace, wrap: (value: unknown, prop: string | symbol, name: string) => unknown) {
  const targets = new Map([names].flat().map((name) => [ns.idFromName(name).toString(), name]));
  const get = ns.get.bind(ns) as (id: DurableObjectId, options?: DurableObjectNamespaceGetDurableObjectOptions) => object;
  vi.spyOn(ns as typeof env.INVENTORY, "get").mockImplementation(((id: DurableObjectId, options?: DurableObjectNamespaceGetDurableObjectOptions) => {
    const stub = get(id, options);
    const name = targets.get(id.toString());
    if (name === undefined) return stub;
    return new Proxy(stub, { get: (obj, prop) => wrap(Reflect.get(obj, prop), prop, name) });
  }) as never);
}

/**
 * Calls of `method` from a drop's object to its shard objects (`sync`: the queue ticks; `broadcast`: live stock),
 * counted (this drop's shards only: other tests' drops may still tick in the runtime); a shard's calls reject while
 * `failing(shard)` says so (a shard down or overloaded).
 */
export function watchShards(dropId: string, method: "sync" | "broadcast", failing: (shard: number) => boolean = () => false, shards = 16) {
  const state = { calls: 0, failed: 0 };
  const names = Array.from({ length: shards }, (_, n) => shardObjectName(dropId, n));
  wrapObject(names, env.DROP_SHARDS, (value, prop, name) => {
    if (prop !== method) return value;
    return async (...args: unknown[]) => {
      state.calls++;
      if (failing(names.indexOf(name))) {
        state.failed++;
        throw injected(`${name}.${method}`);
      }
      return (value as AnyFn)(...args);
    };
  });
  return state;
}

/**
 * The jobs queue as the test's own outbox: `send` and `sendBatch` record what was accepted (nothing is delivered,
 * so the test feeds each message to the consumer when it chooses), and `failNext` makes the next calls throw.
 */
export function fakeQueue(queue: Queue = env.FULFILLMENT_QUEUE) {
  const sent: JobMessage[] = [];
  const failing = { send: 0, sendBatch: 0 };
  const attempt = (method: keyof typeof failing) => {
    if (failing[method] === 0) return;
    failing[method]--;
    throw injected(`queue ${method}`);
  };
  vi.spyOn(queue, "send").mockImplementation(async (body: unknown) => {
    attempt("send");
    sent.push(body as JobMessage);
    return {} as QueueSendResponse;
  });
  vi.spyOn(queue, "sendBatch").mockImplementation(async (messages: Iterable<MessageSendRequest>) => {
    attempt("sendBatch");
    sent.push(...[...messages].map((m) => m.body as JobMessage));
    return {} as QueueSendBatchResponse;
  });
  return {
    sent,
    failNext: (method: keyof typeof failing, times = 1) => void (failing[method] = times),
    of: <T extends JobMessage["type"]>(type: T) => sent.filter((m): m is Extract<JobMessage, { type: T }> => m.type === type),
  };
}
