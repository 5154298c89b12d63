import { randomUUID } from 'node:crypto';

export interface PaymentRequest {
  amountMinor: number;
  currency: string;
  /** What the app got from the payment provider's SDK for this purchase. */
  paymentToken: string;
  /** Our reference, sent to the provider for reconciliation. */
  reference: string;
}

export type PaymentOutcome = { approved: true; providerReference: string } | { approved: false; reason: string };

/** An approved authorisation, as `voidAuthorization` is given it. */
export interface PaymentAuthorization extends PaymentRequest {
  /** The provider's reference of the authorisation (`PaymentOutcome.providerReference`). */
  providerReference: string;
}

/** How payments are authorised. Swap in a real provider by implementing this. */
export interface PaymentStrategy {
  readonly name: string;
  authorize(request: PaymentRequest): Promise<PaymentOutcome>;
  /**
   * Releases an approved authorisation that no order will capture: checkout calls it when its
   * transaction does not commit after the payment was approved, so the customer's funds are not held
   * for nothing. It must be safe to call more than once for one authorisation.
   */
  voidAuthorization(authorization: PaymentAuthorization): Promise<void>;
}

/**
 * The built-in test provider. It approves every payment token except:
 * - `tok_decline`: declined ("card declined");
 * - `tok_insufficient_funds`: declined ("insufficient funds");
 * and declines amounts above 1,000,000.00 as a provider limit would. Approved payments get a
 * reference `test_<uuid>`; voiding one succeeds (nothing is held), and a reference it never issued is
 * an error, as it would be at a provider. It is the only provider built in; production deployments plug their
 * provider in through this interface (the server logs a warning when the test provider is used there).
 */
export class TestPaymentStrategy implements PaymentStrategy {
  readonly name = 'test';

  async authorize(request: PaymentRequest): Promise<PaymentOutcome> {
    if (request.paymentToken === 'tok_decline') return { approved: false, reason: 'card declined' };
    if (request.paymentToken === 'tok_insufficient_funds') return { approved: false, reason: 'insufficient funds' };
    if (request.amountMinor > 100_000_000) return { approved: false, reason: 'amount above the provider limit' };
    return { approved: true, providerReference: `test_${randomUUID()}` };
  }

  async voidAuthorization(authorization: PaymentAuthorization): Promise<void> {
    if (!/^test_[0-9a-f-]{36}$/.test(authorization.providerReference)) throw new Error(`the test provider issued no authorisation ${authorization.providerReference}`);
  }
}
