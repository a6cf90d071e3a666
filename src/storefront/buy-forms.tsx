// Form pieces the buyer pages share: the variant, quantity, email and discount code fields, the not-yet-for-sale note, and
// Cloudflare Turnstile's widget where a site key is configured.

/** Without `variants` the caller renders its own variant field (the product page's picker). */
export function BuyFields(props: { variants?: { id: string; label: string }[]; maxQuantity: number }) {
  return (
    <>
      {!props.variants ? null : props.variants.length > 1 ? (
        <label>
          Option
          <select name="variantId" required>
            {props.variants.map((v) => (
              <option value={v.id}>{v.label}</option>
            ))}
          </select>
        </label>
      ) : (
        <input type="hidden" name="variantId" value={props.variants[0]?.id ?? ""} />
      )}
      <label>
        Quantity
        <input type="number" name="quantity" value="1" min="1" max={String(props.maxQuantity)} required inputmode="numeric" />
      </label>
      <label>
        Email
        <input type="email" name="email" required autocomplete="email" placeholder="you@example.com" />
      </label>
      <label>
        Discount code
        <input name="discountCode" maxlength={40} placeholder="Optional" autocomplete="off" autocapitalize="characters" spellcheck={false} />
      </label>
      <p class="alert" role="alert" aria-live="assertive"></p>
    </>
  );
}

/** A digital product whose file is not uploaded yet is shown, but not offered (checkout would refuse it). */
export function NotAvailableYet() {
  return <p class="muted not-available">Not available yet: the download is still being prepared. Check back soon.</p>;
}

/** Cloudflare Turnstile's widget, only when a site key is configured (the CSP allows its origin only then). */
export function Turnstile(props: { siteKey?: string }) {
  if (!props.siteKey) return null;
  return (
    <>
      <div class="cf-turnstile" data-sitekey={props.siteKey}></div>
      <script src="https://challenges.cloudflare.com/turnstile/v0/api.js" async defer></script>
    </>
  );
}
