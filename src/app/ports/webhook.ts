// Port: one HTTP POST to a partner's webhook (issue 7 "Webhook"). The adapter
// (src/delivery/webhook.ts) does the HTTP; the application signs, retries and decides.

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The whole exchange, connect to last byte of the answer. */
  readonly timeoutMs: number;
}

/**
 * What one attempt to send gave. `retryable: false` means trying again cannot help (a 4xx
 * answer other than 408/429, a malformed address): the delivery goes straight to dead letter
 * for the delivery officer. `receipt` is what the partner's side said (an HTTP status, an
 * SMTP response with its queue id).
 */
export type SendOutcome =
  | { readonly ok: true; readonly receipt: string | null }
  | { readonly ok: false; readonly error: string; readonly retryable: boolean };

export interface WebhookClient {
  /** Never throws for a delivery failure: refused connections, timeouts and error statuses are outcomes. */
  post(request: WebhookRequest): Promise<SendOutcome>;
}
