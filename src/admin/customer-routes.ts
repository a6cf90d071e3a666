// Creator admin: customers, their CSV export, erasing one on request, and the audit log (API.md "Customers and the
// audit log"). Read-only tokens may list and export; erasing is a write (refused to them by the auth middleware).
import { OpenAPIHono, createRoute, z } from "@hono/zod-openapi";
import { listAuditLog } from "../creators/audit-log";
import type { AppEnv } from "../env";
import { AuditPageSchema, CustomerPageSchema, EraseCustomerSchema, ListCustomersQuerySchema } from "../orders/customer-schemas";
import { eraseCustomer, exportCustomers, listCustomers } from "../orders/customers";
import { PageQuerySchema } from "../shared/fields";
import { adminErrors, json, jsonRequest, security, undocumented } from "../shared/openapi";
import { validationHook } from "../shared/validation";

const tags = ["Customers"];

export const customerRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

customerRoutes.openapi(
  createRoute({
    method: "get",
    path: "/customers",
    tags,
    security,
    summary: DOCS ? "Customers (emails with a paid order) by email, optionally those whose email contains `q`" : undefined,
    request: { query: ListCustomersQuerySchema },
    responses: DOCS ? { 200: json(CustomerPageSchema, "A page of customers."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await listCustomers(c.get("services").db, c.get("auth").creatorId, c.req.valid("query")), 200),
);

customerRoutes.openapi(
  createRoute({
    method: "get",
    path: "/customers/export",
    tags,
    security,
    summary: DOCS ? "Every customer as CSV, one line per customer and currency (streamed)" : undefined,
    responses: DOCS
      ? { 200: { content: { "text/csv": { schema: z.string() } }, description: "email,orders,currency,totalCents,firstOrderAt,lastOrderAt" }, ...adminErrors }
      : undocumented,
  }),
  async (c) =>
    new Response(await exportCustomers(c.get("services").db, c.get("auth")), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="customers-${new Date().toISOString().slice(0, 10)}.csv"`,
      },
    }),
);

customerRoutes.openapi(
  createRoute({
    method: "post",
    path: "/customers/erase",
    tags,
    security,
    summary: DOCS ? "Erase a buyer: email and address replaced in every order, downloads and memberships ended, amounts kept" : undefined,
    request: jsonRequest(EraseCustomerSchema),
    responses: DOCS ? { 200: json(z.object({ erasedOrders: z.number().int() }), "Orders erased (0 when none has the email)."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await eraseCustomer(c.get("services"), c.get("auth"), c.req.valid("json").email), 200),
);

customerRoutes.openapi(
  createRoute({
    method: "get",
    path: "/audit-log",
    tags: ["Audit log"],
    security,
    summary: DOCS ? "Sensitive actions (tokens, payout and webhook settings, refunds, replays, exports, erasures), newest first" : undefined,
    request: { query: PageQuerySchema },
    responses: DOCS ? { 200: json(AuditPageSchema, "A page of the audit log."), ...adminErrors } : undocumented,
  }),
  async (c) => c.json(await listAuditLog(c.get("services").db, c.get("auth").creatorId, c.req.valid("query")), 200),
);
