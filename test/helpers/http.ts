// The one HTTP client of the tests: inside workerd it wraps the Worker's own fetch, in Node (end-to-end, browser) the
// global fetch against `wrangler dev`. Imports nothing from `cloudflare:*`, so both sides can use it.

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: BodyInit;
}

/** What a test looks at: the status, the headers, the body as text and, when it is JSON, parsed. */
interface CallResult {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

export type Call = (method: string, path: string, opts?: CallOptions) => Promise<CallResult>;

/**
 * A client for `baseUrl` over `fetchFn`. Redirects are never followed (tests assert on them); a JSON body sets its
 * content type unless the caller set one.
 */
export function httpClient(fetchFn: (request: Request) => Response | Promise<Response>, baseUrl: string): Call {
  return async (method, path, opts = {}) => {
    const headers = new Headers(opts.headers);
    if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
    let body: BodyInit | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    return readResponse(await fetchFn(new Request(`${baseUrl}${path}`, { method, headers, body, redirect: "manual" })));
  };
}

async function readResponse(res: Response): Promise<CallResult> {
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
