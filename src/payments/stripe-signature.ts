// Stripe's webhook signatures, both ways: verifying a delivery on its raw body (constructEventAsync with the
// SubtleCrypto provider, as workerd needs) and signing the simulated processor's events the same way Stripe does.
import Stripe from "stripe";
import { DomainError } from "../shared/errors";

const crypto = Stripe.createSubtleCryptoProvider();

export async function verifyStripeEvent(rawBody: string, signature: string | undefined, secret: string): Promise<Stripe.Event> {
  if (!signature) throw new DomainError("invalid_input", "Missing Stripe-Signature header.");
  try {
    return await Stripe.webhooks.constructEventAsync(rawBody, signature, secret, undefined, crypto);
  } catch {
    throw new DomainError("invalid_input", "The Stripe signature does not match.");
  }
}

export async function signStripePayload(payload: string, secret: string): Promise<string> {
  return Stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, cryptoProvider: crypto });
}
