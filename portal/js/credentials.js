/**
 * Checks what the issuer signed, in the browser, with nothing but WebCrypto and the issuer's
 * published keys: a VC-JWT (compact JWS, ES256) and a W3C Bitstring Status List v1.0 entry (a
 * badge), or a shared transcript's JWS.
 * Every refusal is a `CheckFailed` whose message says, for people, what was wrong.
 */

export class CheckFailed extends Error {
  constructor(message) {
    super(message);
    this.name = 'CheckFailed';
  }
}

/** base64url (no padding) → bytes. */
function base64urlBytes(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new CheckFailed('a part is not base64url-encoded');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  let binary;
  try {
    binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  } catch {
    throw new CheckFailed('a part is not base64url-encoded');
  }
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function base64urlJson(text, what) {
  try {
    return JSON.parse(new TextDecoder().decode(base64urlBytes(text)));
  } catch {
    throw new CheckFailed(`the ${what} is not base64url-encoded JSON`);
  }
}

/** A compact JWS split into its parts: {header, payload, signingInput, signature}. */
export function decodeJws(compact) {
  const parts = String(compact || '').trim().split('.');
  if (parts.length !== 3) throw new CheckFailed('it is not a compact JWS (three parts separated by dots)');
  const signature = base64urlBytes(parts[2]);
  return {
    header: base64urlJson(parts[0], 'header'),
    payload: base64urlJson(parts[1], 'payload'),
    signingInput: new TextEncoder().encode(`${parts[0]}.${parts[1]}`),
    signature,
  };
}

/** JSON with object keys sorted, to compare a value shown with the one signed. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The header Open Badges 3.0 asks of a VC-JWT: ES256, typ JWT, and the key's id. */
export function checkHeader(header) {
  if (header.alg !== 'ES256') throw new CheckFailed(`the algorithm is ${JSON.stringify(header.alg)}, not ES256`);
  if (header.typ !== 'JWT') throw new CheckFailed(`the type is ${JSON.stringify(header.typ)}, not JWT`);
  if (typeof header.kid !== 'string' || !header.kid) throw new CheckFailed('the header names no key (kid)');
}

/** Text (or JSON) from a URL, fresh (a revocation must show at once); CheckFailed when unreachable. */
export async function fetchFresh(url, { accept, json = false }) {
  let response;
  try {
    response = await fetch(url, { cache: 'no-store', credentials: 'omit', headers: { Accept: accept } });
  } catch {
    throw new CheckFailed(`${url} could not be reached`);
  }
  if (!response.ok) throw new CheckFailed(`${url} answered HTTP ${response.status}`);
  try {
    return json ? await response.json() : await response.text();
  } catch {
    throw new CheckFailed(`${url} did not answer JSON`);
  }
}

/** The published key whose `kid` the header names. */
export function keyFor(header, keys) {
  const jwk = (keys || []).find((k) => k && k.kid === header.kid);
  if (!jwk) throw new CheckFailed(`no published key has the id ${header.kid}`);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new CheckFailed(`the key ${header.kid} is not an EC P-256 key`);
  return jwk;
}

/** Verifies an ES256 signature (raw r‖s, as JWS and WebCrypto both have it) with a JWK. */
export async function verifySignature(jws, jwk) {
  let key;
  try {
    key = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
      { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  } catch {
    throw new CheckFailed('the published key could not be read');
  }
  const ok = await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, jws.signature, jws.signingInput);
  if (!ok) throw new CheckFailed('the signature does not match the signed content and the published key');
}

/**
 * The bit at `index` of a status list's `encodedList`: multibase base64url ("u" prefix, no padding)
 * of the GZIP of the bitstring; index 0 is the most significant bit of the first byte.
 */
export async function statusBit(encodedList, index) {
  const text = String(encodedList || '');
  if (!text.startsWith('u')) throw new CheckFailed('the list is not multibase base64url (no "u" prefix)');
  let bits;
  try {
    const stream = new Response(base64urlBytes(text.slice(1))).body.pipeThrough(new DecompressionStream('gzip'));
    bits = new Uint8Array(await new Response(stream).arrayBuffer());
  } catch {
    throw new CheckFailed('the list could not be decompressed (GZIP)');
  }
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new CheckFailed(`entry ${index} is outside the list's ${bits.length * 8} entries`);
  }
  return (bits[index >> 3] >> (7 - (index & 7))) & 1;
}
