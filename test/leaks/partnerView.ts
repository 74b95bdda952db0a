// Every byte one partner can read after a release, gathered the way the partner gets it:
// - TAXII with the partner's own account over HTTP: discovery, API root, the collections it
//   may see, every page of objects and manifests (all versions), each object and its
//   versions, and probes for the withheld objects' original ids;
// - the webhook POSTs its endpoint received (raw body and every header);
// - the emails its mailbox received: the raw message, its decoded headers and every decoded part;
// - the acknowledgement pages behind the links it was sent (opened, then used);
// - the printable warning (HTML, as served to the officer who hands it over) and, when
//   Chromium is present, the PDF printed from it, read back as text;
// - whatever the REST API answers to the partner's credentials (it has no account there).
import assert from 'node:assert/strict';
import { decodeMessage } from './mime.ts';
import { pdfText } from './pdfText.ts';
import { basicAuth, TAXII_PASSWORD, type Release } from './release.ts';
import { request, type HttpAnswer } from './server.ts';
import type { SmtpReceiver, WebhookReceiver } from './peers.ts';

export type Channel = 'taxii' | 'webhook' | 'email' | 'ack' | 'printable' | 'pdf' | 'rest';

export interface Exposure {
  readonly channel: Channel;
  /** What was read (a URL, a header, a MIME part). */
  readonly label: string;
  readonly text: string;
  /** The delivered product bundle itself (TAXII objects, webhook body, email attachment). */
  readonly carriesBundle?: boolean;
}

const TAXII = 'application/taxii+json;version=2.1';

/** HTML as a reader sees it: character references decoded (a canary could hide behind `&#99;`). */
export function htmlText(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function answerText(answer: HttpAnswer): string {
  return `${answer.status}\n${JSON.stringify(answer.headers)}\n${answer.text()}`;
}

export interface ViewOptions {
  readonly webhooks: WebhookReceiver;
  readonly mail: SmtpReceiver;
  /** Original ids to ask the partner's collection for (withheld objects). */
  readonly probeIds: readonly string[];
  /** Read each object and its versions one by one for at most this many objects. */
  readonly perObjectReads: number;
  /** Print the PDF (Chromium, slow): only where the test asks for it. */
  readonly pdf: boolean;
  /** Other partners' TAXII accounts on the same server: they must not read this partner's collection. */
  readonly otherAccounts: readonly string[];
  /** The officer who hands the printed warning over (reads the printable). */
  readonly officer: string;
}

export interface PartnerView {
  readonly exposures: readonly Exposure[];
  /** Objects in the partner's TAXII collection (latest versions), for the non-empty check. */
  readonly taxiiObjects: number;
  readonly pdfSkipped?: string;
}

/** What a partner can read when nothing was released to it: no collection, no REST access. */
export async function refusedView(release: Release): Promise<PartnerView> {
  const { server, partner } = release;
  const auth = basicAuth(partner.handle, TAXII_PASSWORD);
  const exposures: Exposure[] = [];
  for (const path of ['/taxii2/', '/taxii2/root/', '/taxii2/root/collections/']) {
    const answer = await server.request('GET', path, { auth, accept: TAXII });
    assert.equal(answer.status, 200, `${path}: ${answer.status}`);
    exposures.push({ channel: 'taxii', label: `GET ${path}`, text: answerText(answer) });
    if (path.endsWith('collections/')) assert.deepEqual(answer.json<{ collections?: unknown[] }>().collections ?? [], [], `${partner.handle} has no collection`);
  }
  for (const path of ['/api/objects', '/api/warnings', '/api/deliveries']) {
    const answer = await server.request('GET', path, { auth });
    assert.equal(answer.status, 401);
    exposures.push({ channel: 'rest', label: `GET ${path}`, text: answerText(answer) });
  }
  return { exposures, taxiiObjects: 0 };
}

export async function partnerView(release: Release, options: ViewOptions): Promise<PartnerView> {
  const { server, partner } = release;
  const handle = partner.handle;
  const exposures: Exposure[] = [];
  const add = (channel: Channel, label: string, text: string, carriesBundle = false): void => {
    exposures.push({ channel, label, text, ...(carriesBundle ? { carriesBundle } : {}) });
  };
  const partnerAuth = basicAuth(handle, TAXII_PASSWORD);
  const taxii = async (path: string): Promise<HttpAnswer> => {
    const answer = await server.request('GET', path, { auth: partnerAuth, accept: TAXII });
    add('taxii', `GET ${path}`, answerText(answer));
    return answer;
  };

  // TAXII, with the partner's own account.
  assert.equal((await taxii('/taxii2/')).status, 200);
  assert.equal((await taxii('/taxii2/root/')).status, 200);
  const collections = (await taxii('/taxii2/root/collections/')).json<{ collections?: { id: string; alias?: string; can_read: boolean }[] }>().collections ?? [];
  const outbound = collections.find((c) => c.alias === `partner-${handle}`);
  assert.ok(outbound !== undefined, `${handle} sees its collection: ${JSON.stringify(collections)}`);
  let taxiiObjects = 0;
  for (const collection of collections.filter((c) => c.can_read)) {
    const base = `/taxii2/root/collections/${collection.id}`;
    await taxii(`${base}/`);
    for (const endpoint of ['objects', 'manifest']) {
      for (const version of ['last', 'all']) {
        let next: string | undefined;
        for (let page = 0; page < 50; page++) {
          const query = `?match[version]=${version}&limit=100${next === undefined ? '' : `&next=${encodeURIComponent(next)}`}`;
          const answer = await server.request('GET', `${base}/${endpoint}/${query}`, { auth: partnerAuth, accept: TAXII });
          add('taxii', `GET ${base}/${endpoint}/${query}`, answerText(answer), endpoint === 'objects');
          if (answer.status !== 200) break;
          const envelope = answer.json<{ more?: boolean; next?: string; objects?: { id: string }[] }>();
          if (endpoint === 'objects' && version === 'last' && collection.id === outbound.id) taxiiObjects += envelope.objects?.length ?? 0;
          if (envelope.more !== true || envelope.next === undefined) break;
          next = envelope.next;
        }
      }
    }
    // Object by object, and the withheld ids asked for: in the collection the product went to.
    if (collection.id !== outbound.id) continue;
    const listed = await server.request('GET', `${base}/objects/?limit=1000`, { auth: partnerAuth, accept: TAXII });
    const ids = listed.status === 200 ? (listed.json<{ objects?: { id: string }[] }>().objects ?? []).map((o) => o.id) : [];
    for (const id of ids.slice(0, options.perObjectReads)) {
      await taxii(`${base}/objects/${id}/`);
      await taxii(`${base}/objects/${id}/versions/`);
    }
    // Asking for a withheld object by its original id: nothing but a 404 (the partner's own
    // question is not part of the answer, so the id it asked for is blanked before the scan).
    for (const id of options.probeIds) {
      const path = `${base}/objects/${id}/`;
      const answer = await server.request('GET', path, { auth: partnerAuth, accept: TAXII });
      assert.equal(answer.status, 404, `${path}: ${answer.status}`);
      add('taxii', `GET ${base}/objects/<withheld id>/`, answerText(answer).split(id).join('<asked>'));
    }
  }
  assert.ok(taxiiObjects > 0, `${handle}'s collection holds the product`);
  // Another partner's account learns nothing of this collection, not even that it exists.
  for (const other of options.otherAccounts) {
    const answer = await server.request('GET', `/taxii2/root/collections/${outbound.id}/objects/`, { auth: basicAuth(other, TAXII_PASSWORD), accept: TAXII });
    assert.equal(answer.status, 404, `${other} reading ${handle}'s collection: ${answer.status}`);
  }

  // The webhook endpoint: what reached this partner's URL, raw.
  const hooks = options.webhooks.received.filter((h) => h.path === `/hooks/${handle}` && h.headers['x-tearline-product-sha256'] === release.productSha256);
  assert.equal(hooks.length, 1, `one webhook POST to ${handle}`);
  const ackUrls: string[] = [];
  for (const hook of hooks) {
    assert.ok(hook.verdict.ok, `the webhook to ${handle} verifies: ${JSON.stringify(hook.verdict)}`);
    assert.ok(hook.body.length > 0);
    add('webhook', 'body', hook.body.toString('utf8'), true);
    add('webhook', 'headers', JSON.stringify(hook.headers));
    const ack = hook.headers['x-tearline-ack-url'];
    if (typeof ack === 'string') ackUrls.push(ack);
  }

  // The mailbox: the raw message and everything in it, decoded.
  const mails = options.mail.messages
    .filter((m) => m.to.includes(`${handle}@partners.test`))
    .map((m) => ({ raw: m.raw, decoded: decodeMessage(m.raw) }))
    .filter((m) => m.decoded.headers['x-tearline-product-sha256'] === release.productSha256);
  assert.equal(mails.length, 1, `one email to ${handle}`);
  for (const { raw, decoded } of mails) {
    add('email', 'raw message', raw.toString('utf8'));
    add('email', 'headers', JSON.stringify(decoded.headers));
    assert.ok(decoded.leaves.length >= 3, `text, bundle and printable in the email to ${handle}`);
    for (const leaf of decoded.leaves) {
      const type = leaf.headers['content-type'] ?? '';
      const text = leaf.body.toString('utf8');
      assert.ok(text.length > 0, `an empty part in the email to ${handle}: ${type}`);
      add('email', `part ${type}`, /html/i.test(type) ? `${text}\n${htmlText(text)}` : text, /stix/i.test(type));
      if (/^text\/plain/i.test(type)) for (const url of text.match(/https?:\/\/\S+\/api\/ack\/[A-Za-z0-9._~%-]+/g) ?? []) ackUrls.push(url);
    }
  }

  // The acknowledgement pages: opened (a link preview would), then used, then opened again.
  assert.equal(ackUrls.length, 2, `an acknowledgement link in the webhook and in the email to ${handle}`);
  for (const url of ackUrls) {
    const path = new URL(url).pathname;
    const page = await request(server.url, 'GET', path);
    assert.equal(page.status, 200, `the acknowledgement page opens: ${page.text().slice(0, 200)}`);
    add('ack', `GET ${path}`, `${answerText(page)}\n${htmlText(page.text())}`);
    const used = await request(server.url, 'POST', path, { body: 'acknowledgedBy=Duty+officer&note=Received', contentType: 'application/x-www-form-urlencoded' });
    assert.equal(used.status, 200, `the acknowledgement is taken: ${used.text().slice(0, 200)}`);
    add('ack', `POST ${path}`, `${answerText(used)}\n${htmlText(used.text())}`);
    const again = await request(server.url, 'GET', path);
    add('ack', `GET ${path} (used)`, `${answerText(again)}\n${htmlText(again.text())}`);
  }

  // The printable warning the officer hands over, and its PDF.
  let printable = '';
  for (const id of release.deliveryIds) {
    const answer = await server.request('GET', `/api/deliveries/${id}/printable`, { auth: options.officer });
    assert.equal(answer.status, 200, `printable of ${id}: ${answer.text().slice(0, 200)}`);
    printable = answer.text();
    add('printable', `GET /api/deliveries/${id}/printable`, `${printable}\n${htmlText(printable)}`);
  }
  assert.ok(printable.includes(release.banner), 'the printable carries the banner');
  let pdfSkipped: string | undefined;
  if (options.pdf) {
    const { htmlToPdf } = await import('../../src/delivery/print.ts');
    // Chromium failing to start (absent, or starved on a loaded machine) is not a leak: said, not failed.
    const pdf = await htmlToPdf(printable, { timeoutMs: 60_000 }).catch((error: unknown) => ({ ok: false as const, reason: `Chromium failed: ${(error as Error).message.split('\n')[0] ?? ''}` }));
    if (pdf.ok) {
      const text = pdfText(Buffer.from(pdf.pdf));
      assert.ok(text.includes(release.banner), 'the PDF text carries the banner');
      add('pdf', 'printed warning', text);
    } else pdfSkipped = pdf.reason;
  }

  // The REST API with the partner's credentials: it is not a user, so every answer is a refusal.
  for (const path of ['/api/objects', '/api/warnings', '/api/deliveries', '/api/threats', '/api/partners', ...options.probeIds.slice(0, 5).map((id) => `/api/objects/${id}`)]) {
    const answer = await server.request('GET', path, { auth: partnerAuth });
    assert.equal(answer.status, 401, `${path} with the partner's credentials: ${answer.status}`);
    const asked = path.split('/').pop() as string;
    add('rest', 'GET /api/…', answerText(answer).split(asked).join('<asked>'));
  }
  return { exposures, taxiiObjects, ...(pdfSkipped === undefined ? {} : { pdfSkipped }) };
}
