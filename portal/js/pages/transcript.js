/**
 * A shared transcript, for its recipient (guide §9): open to everyone, signed in or not.
 *   #/transcripts/<token>  the link the holder shared: `GET /verify/transcripts/{token}`;
 *   #/transcripts          signed out: the form that opens one by its transcript ID and
 *                          verification code (`POST /verify/transcripts`), shown the same way.
 * The transcript shows the holder, each certification with its status and dates as of the moment
 * it is opened ("Status as of"), the passed exams if the holder included them, and the
 * transcript's own validity ("Shared until"), which is not the certifications' expiry. Its `jws`
 * (the same content signed with the issuer's key) is checked here, in the browser, against the
 * published keys (`/.well-known/jwks.json`, WebCrypto, see credentials.js): signature verified or
 * not, and why. It can be printed, downloaded as a PDF (by link only: the PDF address needs the
 * link's token) and downloaded as the signed copy to check again later, anywhere. A revoked or
 * expired transcript (410) shows only which and since when; an unknown one (404) "not found".
 *
 * Ids: #shared-transcript (data-signature = checking | verified | failed), #shared-holder,
 *      #shared-candidate-id, #shared-signature (live region: #shared-signature-status,
 *      #shared-signature-detail), #shared-transcript-id, #shared-issuer, #shared-as-of,
 *      #shared-until, #shared-certs, one row per certification #shared-cert-<cid> (data-status)
 *      with #shared-cert-<cid>-status, #shared-cert-<cid>-dates; #shared-exams (when included),
 *      one row per exam #shared-exam-<n>; #shared-print, #shared-pdf (opened by link),
 *      #shared-jws, #shared-how (#shared-print-address: on paper only, how to open it again);
 *      #shared-gone (data-state = revoked | expired; #shared-gone-summary), #shared-not-found;
 *      the form: #open-transcript-form, #open-transcript-id, #open-transcript-code,
 *      #open-transcript-submit, #open-transcript-signin (signed out); after opening with it,
 *      #open-transcript-again.
 * (<cid> = the certification id with characters other than A-Z a-z 0-9 _ - replaced by _.)
 */

import { ApiError, api } from '../api.js';
import { CheckFailed, canonical, checkHeader, decodeJws, fetchFresh, keyFor, verifySignature } from '../credentials.js';
import { ICONS, clearAlert, formatDate, formatDateTime, formatNumber, h, icon, loading, panel, safeId, sentence, showAlert, submitForm, textField } from '../dom.js';

const JWKS_PATH = '/.well-known/jwks.json';
const CERT_STATUS = {
  active: { label: 'Active', tag: 'tag--ok' },
  expired: { label: 'Expired', tag: 'tag--error' },
  revoked: { label: 'Revoked', tag: 'tag--error' },
};
const LEVELS = { entry: 'Entry', associate: 'Associate', specialist: 'Specialist', professional: 'Professional', expert: 'Expert' };
/** What the signature covers besides `as_of` (compared as an instant: its spelling may differ). */
const SIGNED = ['transcript_id', 'holder', 'certifications', 'exams', 'expires_on', 'issuer'];

export async function render(ctx) {
  const [token, ...more] = ctx.path;
  if (!token) {
    openForm(ctx);
    return;
  }
  if (more.length) {
    notFound(ctx);
    return;
  }
  ctx.root.append(loading('Opening the transcript…'));
  let shared;
  try {
    shared = await api(`/verify/transcripts/${encodeURIComponent(token)}`, { auth: false });
  } catch (err) {
    if (!ctx.isCurrent() || !(err instanceof ApiError)) throw err;
    if (err.status === 404) notFound(ctx);
    else if (err.status === 410) gone(ctx, err);
    else throw err;
    return;
  }
  if (!ctx.isCurrent()) return;
  await show(ctx, shared, {
    pdf: `/verify/transcripts/${encodeURIComponent(token)}/pdf`,
    again: `To see the statuses as they are on another day, open ${portalAddress()}#/transcripts/${token}`,
  });
}

/* ---------- the transcript ---------- */

/** The portal's address, as this page was opened at. */
function portalAddress() {
  return `${location.origin}${location.pathname}`;
}

/**
 * Shows a transcript, then checks its signature. `pdf`: its PDF address (by link only); `again`:
 * how to open it again, printed on paper; `after`: what follows it on the page.
 */
async function show(ctx, shared, { pdf = null, again, after = null }) {
  const holder = shared.holder || {};
  ctx.setTitle('Certification transcript');
  document.title = `Certification transcript of ${holder.name} · certtrack`;
  const signature = h('div', { class: 'shared__signature', id: 'shared-signature', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const doc = h('article', { class: 'shared', id: 'shared-transcript', 'aria-labelledby': 'shared-holder' },
    h('header', { class: 'card shared__head' },
      h('p', { class: 'shared__kicker' }, 'Certification transcript of'),
      h('h2', { class: 'shared__holder', id: 'shared-holder', tabindex: -1 }, holder.name),
      h('p', { class: 'shared__candidate' }, 'Candidate ID ', h('span', { class: 'code', id: 'shared-candidate-id' }, holder.candidate_id)),
      signature,
      h('dl', { class: 'facts facts--compact shared__facts' },
        fact('Transcript ID', h('span', { class: 'code' }, shared.transcript_id), 'shared-transcript-id'),
        fact('Issued by', shared.issuer, 'shared-issuer'),
        fact('Status as of', formatDateTime(shared.as_of), 'shared-as-of'),
        fact('Shared until', formatDate(shared.expires_on), 'shared-until')),
      h('p', { class: 'small muted shared__until-note' }, `The holder shared this transcript until ${formatDate(shared.expires_on)}: after that day its link and code stop working. That is not when the certifications expire: each one’s own dates are below, as they stood when you opened it.`)),
    panel({ id: 'shared-certs-section', title: 'Certifications', iconName: 'badge' }, certifications(shared.certifications || [])),
    shared.exams ? panel({ id: 'shared-exams-section', title: 'Passed exams', iconName: 'history' }, exams(shared.exams)) : null,
    howToVerify(shared, pdf, again),
    after);
  ctx.root.replaceChildren(doc);
  showSignature(doc, signature, 'checking', 'Checking the signature…', 'Your browser is checking this transcript against the issuer’s published key.');
  try {
    await checkSignature(shared);
  } catch (err) {
    if (!(err instanceof CheckFailed)) throw err;
    showSignature(doc, signature, 'failed', 'Signature not verified', `${sentence(err.message)}. Do not rely on this page: ask the holder for a new transcript.`);
    return;
  }
  showSignature(doc, signature, 'verified', 'Signature verified',
    `Your browser checked it with the issuer’s published key: this transcript is exactly what ${shared.issuer} signed on ${formatDateTime(shared.as_of)}.`);
}

function fact(label, value, id) {
  return h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', { id }, value));
}

function certifications(items) {
  if (!items.length) {
    return h('p', { class: 'muted', id: 'shared-certs' }, 'No certification to show: the holder holds none of those this transcript covers.');
  }
  return h('ul', { class: 'shared__list', id: 'shared-certs' }, items.map((c) => {
    const cid = safeId(c.cert_id);
    const status = CERT_STATUS[c.status] || { label: sentence(String(c.status || '').replace(/_/g, ' ')), tag: 'tag--neutral' };
    const dates = [
      c.earned_on ? `Earned ${formatDate(c.earned_on)}` : null,
      c.status === 'revoked' && c.revoked_on ? `revoked ${formatDate(c.revoked_on)}` : null,
      c.status !== 'revoked' && c.expires_on ? `${c.status === 'expired' ? 'expired' : 'valid until'} ${formatDate(c.expires_on)}` : null,
    ].filter(Boolean).join(' · ');
    return h('li', { class: ['shared__item', `shared__item--${safeId(c.status)}`], id: `shared-cert-${cid}`, dataset: { status: c.status } },
      h('div', { class: 'shared__item-head' },
        h('h3', { class: 'shared__item-title' }, c.name,
          c.level ? h('span', { class: 'shared__level' }, `${LEVELS[c.level] || sentence(c.level)} level`) : null),
        h('span', { class: ['tag', status.tag], id: `shared-cert-${cid}-status` }, status.label)),
      h('p', { class: 'shared__dates', id: `shared-cert-${cid}-dates` }, dates));
  }));
}

function exams(items) {
  if (!items.length) return h('p', { class: 'muted', id: 'shared-exams' }, 'No passed exam on record.');
  return h('ul', { class: 'shared__list', id: 'shared-exams' }, items.map((e, n) => {
    const score = e.score ?? null;
    const passing = e.passing_score ?? null;
    return h('li', { class: 'shared__item', id: `shared-exam-${n}` },
      h('div', { class: 'shared__item-head' },
        h('h3', { class: 'shared__item-title' }, h('span', { class: 'code' }, e.exam_code), ' ', e.title)),
      h('p', { class: 'shared__dates' }, `Passed ${formatDate(e.taken_on)}`,
        score === null ? null : ` · score ${formatNumber(score)}${passing === null ? '' : ` (${formatNumber(passing)} to pass)`}`));
  }));
}

function howToVerify(shared, pdf, again) {
  const print = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: 'shared-print' }, icon(ICONS.print), h('span', {}, 'Print'));
  print.addEventListener('click', () => window.print());
  const file = `transcript-${safeId(shared.transcript_id)}`;
  return panel({ id: 'shared-how', title: 'How to verify it', iconName: 'search', className: 'shared__how' },
    h('p', { class: 'card__intro' }, 'Your browser has already checked the signature above. To keep this transcript and check it again later, anywhere, download the signed copy: a JWS signed with ES256, which any JOSE library verifies against the issuer’s key set at ',
      h('a', { href: JWKS_PATH }, JWKS_PATH), '. The statuses it states are those of ', formatDateTime(shared.as_of),
      `; open ${pdf ? 'the link' : 'it with its ID and verification code'} again to see them as they are then.`),
    h('p', { class: 'print-only', id: 'shared-print-address' }, `${again}.`),
    h('div', { class: 'shared__actions' },
      print,
      pdf ? h('a', { class: 'btn btn--secondary btn--small', id: 'shared-pdf', href: pdf, download: `${file}.pdf` },
        icon(ICONS.download), h('span', {}, 'Download PDF')) : null,
      h('a', { class: 'btn btn--secondary btn--small', id: 'shared-jws', href: `data:application/jwt;charset=utf-8,${encodeURIComponent(shared.jws)}`,
        download: `${file}.jwt` }, icon(ICONS.download), h('span', {}, 'Download signed copy (JWS)'))));
}

/** The signature, against the published key its header names, and the content it covers. */
async function checkSignature(shared) {
  const jws = decodeJws(shared.jws);
  checkHeader(jws.header);
  const { keys } = await fetchFresh(JWKS_PATH, { accept: 'application/jwk-set+json, application/json', json: true });
  await verifySignature(jws, keyFor(jws.header, keys));
  for (const key of SIGNED) {
    if (canonical(shared[key]) !== canonical(jws.payload[key])) {
      throw new CheckFailed(`what this page shows (its ${key.replace(/_/g, ' ')}) differs from what was signed`);
    }
  }
  if (Date.parse(shared.as_of) !== Date.parse(jws.payload.as_of)) {
    throw new CheckFailed('the time this page shows the statuses as of differs from the signed one');
  }
}

function showSignature(doc, region, result, label, detail) {
  doc.dataset.signature = result;
  region.className = `shared__signature shared__signature--${result}`;
  const glyph = { checking: ICONS.clock, verified: ICONS.check, failed: ICONS.warning }[result];
  region.replaceChildren(
    h('p', { class: ['verdict__badge', `verdict__badge--${result}`], id: 'shared-signature-status' }, icon(glyph, 'icon verdict__icon'), h('span', {}, label)),
    h('p', { class: 'shared__signature-detail', id: 'shared-signature-detail' }, detail));
}

/* ---------- nothing to show ---------- */

/** 410: the holder revoked it or it expired; the API's message says which and since when. */
function gone(ctx, err, after = null) {
  const state = err.code === 'transcript_expired' ? 'expired' : 'revoked';
  ctx.setTitle(state === 'expired' ? 'Transcript expired' : 'Transcript revoked');
  const message = sentence(err.message.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => formatDate(day)));
  ctx.root.replaceChildren(h('div', { class: 'shared-end' },
    h('section', { class: ['verdict', `verdict--${state}`], id: 'shared-gone', dataset: { state }, 'aria-labelledby': 'shared-gone-status' },
      h('p', { class: ['verdict__badge', `verdict__badge--${state}`], id: 'shared-gone-status' },
        icon(ICONS[state === 'expired' ? 'clock' : 'x'], 'icon verdict__icon'), h('span', {}, state === 'expired' ? 'Expired' : 'Revoked')),
      h('p', { class: 'verdict__summary', id: 'shared-gone-summary' }, `${message}.`),
      h('p', { class: 'muted' }, state === 'expired'
        ? 'Its holder shared it until that day only, so it no longer shows anything. Ask them for a new transcript if you still need one.'
        : 'Its holder withdrew it, so it no longer shows anything. Ask them for a new transcript if you still need one.')),
    after));
}

function notFound(ctx) {
  ctx.setTitle('Transcript not found');
  ctx.root.replaceChildren(h('div', { class: 'shared-end' },
    h('section', { class: 'verdict verdict--not_found', id: 'shared-not-found', 'aria-labelledby': 'shared-not-found-status' },
      h('p', { class: 'verdict__badge verdict__badge--not_found', id: 'shared-not-found-status' }, icon(ICONS.x, 'icon verdict__icon'), h('span', {}, 'Not found')),
      h('p', { class: 'verdict__summary' }, 'No transcript has this link. Check that you have the whole address, as the holder sent it; or open the transcript with its ID and verification code.')),
    codeForm(ctx)));
}

/* ---------- opening one by its ID and verification code ---------- */

function openForm(ctx) {
  ctx.setTitle('Open a shared transcript');
  ctx.root.replaceChildren(h('div', { class: 'shared-end' },
    h('p', { class: 'lead' }, 'Someone shared their certification transcript with you? Enter its transcript ID and verification code to see their certifications as they are today. You do not need an account.'),
    codeForm(ctx),
    ctx.me ? null : h('p', { class: 'muted small shared__signin' }, 'Are you a certtrack candidate? ',
      h('a', { href: '#/login', id: 'open-transcript-signin' }, 'Sign in'), ' to share your own transcript.')));
  ctx.root.querySelector('#open-transcript-id').focus();
}

function codeForm(ctx) {
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: 'open-transcript-submit' }, icon(ICONS.search), h('span', {}, 'Open transcript'));
  const form = h('form', { id: 'open-transcript-form', class: 'form card shared__form', novalidate: true, 'aria-labelledby': 'open-transcript-title' },
    h('h2', { class: 'card__title', id: 'open-transcript-title' }, icon(ICONS.transcript), h('span', {}, 'Have a transcript ID and code?')),
    h('div', { class: 'form__row' },
      textField({ id: 'open-transcript-id', label: 'Transcript ID', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 40,
        hint: '10 letters and digits, e.g. 7K2M9QX4RT.' }),
      textField({ id: 'open-transcript-code', label: 'Verification code', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 40,
        hint: 'e.g. 7K2M9-QX4RT. Dashes, spaces and case do not matter.' })),
    h('div', { class: 'form__actions' }, button));
  form.querySelectorAll('.input').forEach((input) => input.classList.add('input--mono'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      busyLabel: 'Opening…',
      failTitle: 'Not opened.',
      fields: { transcript_id: 'open-transcript-id', verification_code: 'open-transcript-code' },
      labels: { transcript_id: 'Transcript ID', verification_code: 'Verification code' },
      action: () => api('/verify/transcripts', {
        method: 'POST',
        auth: false,
        body: { transcript_id: spokenId(form.querySelector('#open-transcript-id').value), verification_code: form.querySelector('#open-transcript-code').value.trim() },
      }),
      onSuccess: async (shared) => {
        if (!ctx.isCurrent()) return;
        showAlert('success', `The transcript of ${shared.holder?.name} is open below.`);
        const shown = show(ctx, shared, {
          again: `To see the statuses as they are on another day, open ${portalAddress()}#/transcripts and enter the transcript ID ${shared.transcript_id} with its verification code`,
          after: openAnother(ctx),
        });
        ctx.root.querySelector('#shared-holder').focus();
        await shown;
      },
      onError: (err) => {
        if (!(err instanceof ApiError) || err.status !== 410 || !ctx.isCurrent()) return false;
        gone(ctx, err, openAnother(ctx));
        return true;
      },
    });
  });
  return form;
}

/**
 * A transcript ID as typed or heard: no spaces or dashes, upper case, and the letters its alphabet
 * leaves out (Crockford's base 32) read as the digits they are mistaken for: O as 0, I and L as 1.
 */
function spokenId(value) {
  return String(value).replace(/[\s-]+/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

function openAnother(ctx) {
  const button = h('button', { type: 'button', class: 'btn btn--secondary btn--small shared__again', id: 'open-transcript-again' }, 'Open another transcript');
  button.addEventListener('click', () => {
    clearAlert();
    openForm(ctx);
  });
  return button;
}
