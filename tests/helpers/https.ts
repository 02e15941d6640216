// Plain HTTPS requests to the sub-path tier's nginx, trusting the rig's CA (Node's fetch takes no CA of its own), from
// a chosen loopback address when asked (to see which client address reaches the app). Nothing follows redirects.
import fs from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** The PEM file of the CA to trust. */
  caFile: string;
  /** Connect from this local address (any 127.x.y.z works on Linux's loopback). */
  localAddress?: string;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** The response as it starts: status and headers, the body still to be read (or left unread). */
export function open(url: string, opts: RequestOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: opts.method ?? 'GET', headers: opts.headers, ca: fs.readFileSync(opts.caFile), localAddress: opts.localAddress, agent: false }, resolve);
    req.once('error', reject);
    req.end(opts.body);
  });
}

/** The whole response. */
export async function request(url: string, opts: RequestOptions): Promise<Answer> {
  const res = await open(url, opts);
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) };
}

/** A form as a browser without JavaScript posts it (multipart/form-data): its body and Content-Type. */
export async function multipart(fields: Record<string, string>): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const encoded = new Request('http://x/', { method: 'POST', body: form });
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

/** The cookie ("name=value") and its attributes that a response sets, by name. */
export function setCookie(headers: IncomingHttpHeaders, name: string): { pair: string; attributes: string[] } | undefined {
  for (const line of headers['set-cookie'] ?? []) {
    const [pair, ...attributes] = line.split(';').map((s) => s.trim());
    if (pair.startsWith(name + '=')) return { pair, attributes };
  }
  return undefined;
}
