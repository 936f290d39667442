/**
 * A digital badge's public page, #/badges/<badge_id>: open to everyone, signed in or not (the link
 * a holder shares, and the one LinkedIn shows). It reads the badge with `GET /verify/badges/{id}`,
 * then checks its credential here, in the browser, trusting nothing but the issuer's published keys:
 *   1. format     the credential is a compact JWS with the header {alg: ES256, typ: JWT, kid};
 *   2. key        the key set `GET /.well-known/jwks.json` has the key `kid` names (EC P-256);
 *   3. signature  ECDSA P-256 / SHA-256 over `<header>.<payload>` verifies with it (WebCrypto);
 *   4. content    the signed credential is this badge's (its id names the badge, it certifies the
 *                 certification shown) and is the credential the API answered with;
 *   5. status     the status list its `credentialStatus` names, a JWS checked as in 1-3, does not
 *                 have the badge's revocation bit set (W3C Bitstring Status List v1.0);
 *   6. validity   its `validUntil` has not passed.
 * Then one verdict: Valid, Expired (with the date), Revoked (with the reason given), or Invalid
 * (naming the check that failed); an unknown badge is "Not found". The page prints without the
 * navigation and the buttons.
 *
 * Ids: #badge-verify-result (data-verdict = checking | valid | expired | revoked | invalid |
 *      not_found), #badge-verify-verdict (live region: #badge-verify-status, #badge-verify-summary),
 *      #badge-verify-image, #badge-verify-holder, #badge-verify-certification, #badge-verify-level,
 *      #badge-verify-issuer, #badge-verify-issued, #badge-verify-valid-until, #badge-verify-id,
 *      #badge-verify-steps, one item per check #badge-verify-step-<format | key | signature |
 *      content | status | validity> (data-result = pending | passed | failed | skipped; its detail
 *      #badge-verify-step-<check>-detail), #badge-verify-print, #badge-verify-jwt, #badge-verify-png
 */

import { ApiError, api } from '../api.js';
import { CheckFailed, canonical, checkHeader, decodeJws, fetchFresh, keyFor, statusBit, verifySignature } from '../credentials.js';
import { ICONS, formatDate, h, icon, loading, panel, sentence } from '../dom.js';

const JWKS_PATH = '/.well-known/jwks.json';
const CHECKS = [
  { name: 'format', label: 'Credential format', noun: 'credential format' },
  { name: 'key', label: 'Issuer’s public key', noun: 'issuer key' },
  { name: 'signature', label: 'Signature', noun: 'signature' },
  { name: 'content', label: 'Content', noun: 'content' },
  { name: 'status', label: 'Revocation status', noun: 'revocation status' },
  { name: 'validity', label: 'Validity period', noun: 'validity period' },
];
const RESULTS = {
  pending: { icon: 'clock', word: 'Checking', className: null },
  passed: { icon: 'check', word: 'Passed', className: 'is-met' },
  failed: { icon: 'x', word: 'Failed', className: 'is-failed' },
  skipped: { icon: 'circle', word: 'Not checked', className: null },
};
const VERDICTS = {
  checking: { label: 'Checking…', icon: 'clock' },
  valid: { label: 'Valid', icon: 'check' },
  expired: { label: 'Expired', icon: 'error' },
  revoked: { label: 'Revoked', icon: 'x' },
  invalid: { label: 'Invalid', icon: 'warning' },
  not_found: { label: 'Not found', icon: 'x' },
};
const LEVELS = { entry: 'Entry', associate: 'Associate', specialist: 'Specialist', professional: 'Professional', expert: 'Expert' };

export async function render(ctx) {
  const [badgeId, ...more] = ctx.path || [];
  if (!badgeId || more.length) {
    notFound(ctx);
    return;
  }
  ctx.root.append(loading('Reading the badge…'));
  let badge;
  try {
    badge = await api(`/verify/badges/${encodeURIComponent(badgeId)}`, { auth: false });
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    if (ctx.isCurrent()) notFound(ctx);
    return;
  }
  if (!ctx.isCurrent()) return;

  const cert = badge.certification || {};
  ctx.setTitle(`${cert.name} digital badge`);
  document.title = `${cert.name} digital badge of ${badge.holder_name} · certtrack`;
  const rows = Object.fromEntries(CHECKS.map((c) => [c.name, checkRow(c)]));
  const verdictRegion = h('div', { id: 'badge-verify-verdict', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const result = h('section', { class: 'verdict', id: 'badge-verify-result', 'aria-labelledby': 'badge-verify-status' },
    verdictRegion, details(badge));
  showVerdict(result, verdictRegion, 'checking', 'Checking the signature and the revocation status in your browser…');
  ctx.root.replaceChildren(h('div', { class: 'badge-public' },
    result,
    panel({ id: 'badge-verify-checks', title: 'How this was checked', iconName: 'search' },
      h('p', { class: 'card__intro' }, 'Your browser checked this badge itself, with the issuer’s published keys: the verdict does not depend on this page’s server telling the truth. The holder’s name is the issuer’s record: the credential names the holder only by a hashed email address, which the holder can prove by telling you that address.'),
      h('ol', { class: 'checklist', id: 'badge-verify-steps' }, Object.values(rows).map((row) => row.item)),
      h('p', { class: 'small muted badge-public__offline' }, 'Anyone can repeat these checks offline with this badge’s credential and the key set at ',
        h('a', { href: JWKS_PATH }, JWKS_PATH), ': it is an Open Badges 3.0 credential (W3C Verifiable Credential, VC-JWT).')),
    actions(badge)));

  const outcome = await verify(badge, rows);
  if (!ctx.isCurrent()) return;
  showVerdict(result, verdictRegion, outcome.verdict, summary(badge, outcome));
}

/* ---------- the checks ---------- */

function checkRow({ name, label }) {
  const item = h('li', { id: `badge-verify-step-${name}` });
  const row = {
    name,
    item,
    result: 'pending',
    set(result, detail) {
      const r = RESULTS[result];
      row.result = result;
      row.detail = detail;
      item.className = ['checklist__item', r.className].filter(Boolean).join(' ');
      item.dataset.result = result;
      item.replaceChildren(icon(ICONS[r.icon], 'icon checklist__icon'),
        h('span', { class: 'checklist__text' },
          h('span', { class: 'checklist__title' }, h('span', { class: 'visually-hidden' }, `${r.word}: `), label),
          h('span', { class: 'checklist__meta', id: `badge-verify-step-${name}-detail` }, detail)));
    },
  };
  row.set('pending', 'Waiting for the checks before it…');
  return row;
}

/**
 * Runs one check: `work()` answers [passed, detail]; a CheckFailed fails it with its message.
 * Answers whether it passed.
 */
async function attempt(row, work) {
  try {
    const [passed, detail] = await work();
    row.set(passed ? 'passed' : 'failed', detail);
    return passed;
  } catch (err) {
    if (!(err instanceof CheckFailed)) throw err;
    row.set('failed', `${sentence(err.message)}.`);
    return false;
  }
}

/** Every check in turn; answers {verdict, failed (the row that made it invalid), revokedBit}. */
async function verify(badge, rows) {
  let jws;
  let keys;
  let jwk;
  const genuine = await attempt(rows.format, () => {
    jws = decodeJws(badge.jwt);
    checkHeader(jws.header);
    return [true, `A JWT signed with ES256 (ECDSA P-256, SHA-256), naming the key ${jws.header.kid}.`];
  }) && await attempt(rows.key, async () => {
    keys = (await fetchFresh(JWKS_PATH, { accept: 'application/jwk-set+json, application/json', json: true })).keys;
    jwk = keyFor(jws.header, keys);
    return [true, `Listed in the issuer’s published key set (${JWKS_PATH}).`];
  }) && await attempt(rows.signature, async () => {
    await verifySignature(jws, jwk);
    return [true, 'The signature verifies: the credential is exactly as the issuer signed it.'];
  }) && await attempt(rows.content, () => [true, sameBadge(badge, jws.payload)]);
  if (!genuine) {
    for (const row of Object.values(rows)) {
      if (row.result === 'pending') row.set('skipped', 'Not checked: an earlier check failed.');
    }
    return { verdict: 'invalid', failed: Object.values(rows).find((row) => row.result === 'failed') };
  }

  let revoked = null; // true or false once the list has been read
  await attempt(rows.status, async () => {
    const entry = jws.payload.credentialStatus || {};
    if (entry.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'revocation') {
      throw new CheckFailed('the credential has no revocation entry (BitstringStatusListEntry)');
    }
    if (!/^\d+$/.test(String(entry.statusListIndex))) throw new CheckFailed(`the entry ${JSON.stringify(entry.statusListIndex)} is not a number`);
    const index = Number(entry.statusListIndex);
    const list = decodeJws(await fetchFresh(entry.statusListCredential, { accept: 'application/jwt' }));
    checkHeader(list.header);
    await verifySignature(list, keyFor(list.header, keys));
    const subject = list.payload.credentialSubject || {};
    if (subject.statusPurpose !== 'revocation') throw new CheckFailed('the status list is not a revocation list');
    revoked = (await statusBit(subject.encodedList, index)) === 1;
    return revoked
      ? [false, `Revoked: entry ${index} is set in the issuer’s signed revocation list.`]
      : [true, `Not revoked: entry ${index} is clear in the issuer’s signed revocation list.`];
  });

  let expired = false;
  await attempt(rows.validity, () => {
    const until = jws.payload.validUntil;
    if (!until) return [true, 'It does not expire.'];
    if (Number.isNaN(Date.parse(until))) throw new CheckFailed(`its end (validUntil ${until}) is not a date`);
    expired = Date.parse(until) <= Date.now();
    return expired
      ? [false, `It expired on ${day(until)}.`]
      : [true, `Valid from ${day(jws.payload.validFrom)} until ${day(until)}.`];
  });

  if (revoked === null) return { verdict: 'invalid', failed: rows.status };
  if (rows.validity.result === 'failed' && !expired) return { verdict: 'invalid', failed: rows.validity };
  if (revoked) return { verdict: 'revoked' };
  return { verdict: expired ? 'expired' : 'valid', validUntil: jws.payload.validUntil };
}

/** Throws unless the signed credential is this badge's and says what the API answered; its description. */
function sameBadge(badge, payload) {
  for (const [key, value] of Object.entries(badge.credential || {})) {
    if (canonical(value) !== canonical(payload[key])) {
      throw new CheckFailed(`the credential shown (its “${key}”) differs from the signed one`);
    }
  }
  const id = String(payload.jti || payload.id || '');
  if (!id.split(/[/:#?]/).includes(badge.badge_id)) throw new CheckFailed(`the signed credential (${id || 'no id'}) is not this badge’s`);
  const certified = payload.credentialSubject?.achievement?.name;
  const shown = badge.certification?.name;
  if (certified !== shown) throw new CheckFailed(`the signed credential certifies “${certified}”, not “${shown}”`);
  return `The signed credential ${id} is this badge’s, for “${certified}”.`;
}

/**
 * The day of a credential's time. Its times are UTC (validUntil is the last second of the expiry
 * day), and the day is what the certification states, wherever the reader is.
 */
function day(value) {
  return formatDate(String(value || '').slice(0, 10));
}

/* ---------- what is shown ---------- */

function summary(badge, { verdict, failed, validUntil }) {
  const cert = badge.certification?.name;
  if (verdict === 'valid') {
    return `This ${cert} badge is valid: its signature was verified with the issuer’s published key, it has not been revoked, and it is current${validUntil ? ` until ${day(validUntil)}` : ''}.`;
  }
  if (verdict === 'expired') {
    return `This ${cert} badge expired on ${day(validUntil)}. It was genuinely issued, but the certification is no longer current.`;
  }
  if (verdict === 'revoked') {
    const on = badge.revoked_on ? ` on ${day(badge.revoked_on)}` : '';
    return `The issuer revoked this ${cert} badge${on}${badge.revoked_reason ? `. Reason: ${badge.revoked_reason}` : ''}. It is no longer valid.`;
  }
  const check = CHECKS.find((c) => c.name === failed.name);
  return `Do not rely on this badge: the ${check.noun} check failed. ${failed.detail}`;
}

function showVerdict(section, region, verdict, text) {
  const v = VERDICTS[verdict];
  section.className = `verdict verdict--${verdict}`;
  section.dataset.verdict = verdict;
  region.replaceChildren(
    h('p', { class: ['verdict__badge', `verdict__badge--${verdict}`], id: 'badge-verify-status' },
      icon(ICONS[v.icon], 'icon verdict__icon'), h('span', {}, v.label)),
    h('p', { class: 'verdict__summary', id: 'badge-verify-summary' }, text));
}

function details(badge) {
  const cert = badge.certification || {};
  const issuer = badge.credential?.issuer || {};
  const rows = [
    ['Holder', badge.holder_name, 'badge-verify-holder'],
    ['Certification', cert.name, 'badge-verify-certification'],
    cert.level ? ['Level', LEVELS[cert.level] || sentence(cert.level), 'badge-verify-level'] : null,
    ['Issuer', issuer.url ? h('a', { href: issuer.url }, issuer.name || issuer.url) : (issuer.name || '—'), 'badge-verify-issuer'],
    ['Issued on', formatDate(badge.issued_on), 'badge-verify-issued'],
    [badge.status === 'expired' ? 'Expired on' : 'Valid until', badge.valid_until ? formatDate(badge.valid_until) : 'Does not expire', 'badge-verify-valid-until'],
    ['Badge ID', h('span', { class: 'code' }, badge.badge_id), 'badge-verify-id'],
  ].filter(Boolean);
  return h('div', { class: 'badge-public__body' },
    h('img', { class: 'badge-public__image', id: 'badge-verify-image', src: badge.image_url, alt: `${cert.name} badge`, width: 160, height: 160 }),
    h('dl', { class: 'facts facts--compact verdict__facts' },
      rows.map(([label, value, id]) => h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', { id }, value)))));
}

function actions(badge) {
  const print = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: 'badge-verify-print' },
    icon(ICONS.print), h('span', {}, 'Print'));
  print.addEventListener('click', () => window.print());
  return h('div', { class: 'badge-public__actions' },
    print,
    h('a', { class: 'btn btn--secondary btn--small', id: 'badge-verify-jwt', href: badge.credential_url, download: `${badge.badge_id}.jwt` },
      icon(ICONS.download), h('span', {}, 'Download the credential (.jwt)')),
    h('a', { class: 'btn btn--secondary btn--small', id: 'badge-verify-png', href: badge.image_url, download: `${badge.badge_id}.png` },
      icon(ICONS.download), h('span', {}, 'Download the badge image')));
}

function notFound(ctx) {
  ctx.setTitle('Badge not found');
  const section = h('section', { class: 'verdict', id: 'badge-verify-result', 'aria-labelledby': 'badge-verify-status' });
  const region = h('div', { id: 'badge-verify-verdict', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  section.append(region);
  showVerdict(section, region, 'not_found', 'No badge has this address. Check the link you were given: it ends with the badge’s id, as the holder shared it.');
  ctx.root.replaceChildren(h('div', { class: 'badge-public' }, section));
}
