// WebhookClient adapter over Node's fetch (undici) (issue 7 "Webhook"). Redirects are not
// followed: the signed product goes to the address in the partner's profile and nowhere else.
//
// Retryable: no connection, a timeout, 408, 425, 429 and 5xx. Anything else that is not 2xx
// (a 4xx the partner gives for a request it will never accept, a 3xx) goes to dead letter.
import type { SendOutcome, WebhookClient, WebhookRequest } from '../app/ports/webhook.ts';

const RETRYABLE_STATUSES = new Set([408, 425, 429]);
/** Only the start of an answer is kept for the record. */
const MAX_ANSWER = 500;

export function outcomeOfStatus(status: number, answer: string): SendOutcome {
  const said = answer.trim().slice(0, MAX_ANSWER);
  if (status >= 200 && status < 300) return { ok: true, receipt: `http ${status}${said === '' ? '' : `: ${said}`}` };
  const retryable = status >= 500 || RETRYABLE_STATUSES.has(status);
  return { ok: false, error: `http ${status}${said === '' ? '' : `: ${said}`}`, retryable };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}

export function fetchWebhookClient(fetchFn: typeof fetch = fetch): WebhookClient {
  return {
    async post(request: WebhookRequest): Promise<SendOutcome> {
      try {
        const response = await fetchFn(request.url, {
          method: 'POST',
          headers: { ...request.headers },
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(request.timeoutMs),
        });
        const answer = await response.text().catch(() => '');
        return outcomeOfStatus(response.status, answer);
      } catch (error) {
        return { ok: false, error: `webhook: ${describe(error)}`, retryable: true };
      }
    },
  };
}
