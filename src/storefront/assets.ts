// The storefront's only static assets (no client framework), files in static/assets/ served through the ASSETS
// binding at versioned paths with immutable caching (routes.tsx): neither is in the Worker bundle.
// - storefront.css: the one stylesheet.
// - storefront.js: the page script, on every page.
//   Drop pages follow the drop live: the server's clock (`serverTime`) drives the countdown, the
//   opening and the end happen on screen without a reload (the socket confirms within a second), the socket
//   reconnects with backoff, and the status is re-read when the tab becomes visible again (the read may be up to 1 s
//   old: a socket message newer than the request wins). Order pages follow their
//   order (reloading when it changes) until it needs nothing more. Forms post JSON; without JS they post the form.
//   Times show in the buyer's own time zone. `window.dropfront` shares the server clock, the JSON post and the
//   duration format with the queue script, which gets the socket's queue messages as "dropfront:queue" events.
// - queue.js: loaded by queue drop pages only, after the page script.
//   It joins the queue, keeps the ticket per drop in localStorage (or
//   takes the emailed ?ticket=&token= link), and follows it. The drop's socket (relayed as "dropfront:queue" events)
//   moves "ahead" locally; the ticket is re-read (jittered, at most about once a second) only when the place should be
//   drawn, the turn may have come, the drop's status changes or the queue empties; while the socket is silent it is
//   polled every few seconds instead. Admitted: the reserve form gets the admission token and pays like an open drop.

// - product.js: loaded by product pages only, after the page script. It reads the product's live stock from
//   `GET /api/v1/products/{id}` on load and on every tab return, writes each option's "N left" or "Sold out", and
//   disables sold-out options (and the buy button when every option is sold out).

/** The files, in the order ASSET_VERSION hashes them. */
export const ASSET_FILES = ["storefront.css", "storefront.js", "queue.js", "product.js"] as const;

/**
 * The first 10 hex characters of SHA-256 over the files' bytes, in ASSET_FILES order: a changed file gets new URLs, so
 * no browser or cache keeps the old one. test/integration/storefront.test.ts recomputes it and names the new value.
 */
export const ASSET_VERSION = "d0386156f0";
