// Checkout request schemas: a drop reservation, or a cart of regular items; either may carry a discount code.
import { z } from "zod";
import { EmailSchema, HandleSchema, PriceCentsSchema } from "../shared/fields";

// Empty (a form left blank) means no code.
const DiscountCode = z.string().trim().max(40).optional();

export const DropCheckoutSchema = z.strictObject({
  dropId: z.string().min(1).max(64),
  reservationId: z.string().min(1).max(64),
  discountCode: DiscountCode,
});

export const CartCheckoutSchema = z
  .strictObject({
    handle: HandleSchema,
    email: EmailSchema,
    items: z
      .array(
        z.strictObject({
          variantId: z.string().min(1).max(64),
          quantity: z.number().int().min(1).max(100),
          // Pay what you want: the buyer's price for one unit (the product's minPriceCents or more).
          priceCents: PriceCentsSchema.optional(),
        }),
      )
      .min(1)
      .max(50),
    discountCode: DiscountCode,
  })
  .superRefine((body, ctx) => {
    const ids = body.items.map((i) => i.variantId);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", path: ["items", i, "variantId"], message: "Each variant may appear once." });
    });
  });

export const isDropCheckout = (body: unknown): boolean => typeof body === "object" && body !== null && "dropId" in body;
