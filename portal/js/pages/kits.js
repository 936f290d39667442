/**
 * Certificates & Plaques (guide §8), route #/kits (the congratulations email links here):
 *   - Certification kits (`GET /me/kits`): each initial kit with its contents (certificate, card,
 *     and for experts a plaque engraved with the verified name and certification number), its
 *     status timeline (Pending → Ordered → Shipped with carrier and tracking → Delivered, with
 *     dates) and its full history; a pending kit is claimed (`POST /me/kits/{kit_id}/claim`) after a
 *     confirmation step that shows the mailing address on file (`GET /me/addresses/mailing`) with a
 *     link to change it, and the engraving; a name the plaque cannot carry is refused (409
 *     `engraving_name`) with a link to open a support case.
 *   - PDF certificates (`GET /me/certifications`): a Download button for each active
 *     certification (`GET /me/certifications/{cert_id}/certificate`, a short-lived link opened in a
 *     new tab), then its certificate number and verification code; the reason instead of a button
 *     for the others (from the status, or from the 409's code).
 *   - 25-year anniversary (`GET /me/benefits`, shown only when there is one): the one-time token
 *     while it is unclaimed (blank afterwards), and a claim form — the token the candidate was
 *     emailed and a size (`POST /me/benefits/{benefit_id}/claim`). A 404 from `/me/benefits` (a
 *     deployment without the route) hides the section.
 * Each section loads on its own: one failing shows its reason and a retry button in place.
 *
 * Ids (<sid> = the id with characters other than A-Z a-z 0-9 _ - replaced by _):
 *   #kits-section, #kits-list, #kits-empty, #kits-retry (after a failed load);
 *   per kit (<sid> from kit_id): #kit-<sid> (card, data-status), #kit-<sid>-title,
 *     #kit-<sid>-status (tag), #kit-<sid>-contents (a list, one li per item, data-item),
 *     #kit-<sid>-engraving (kits with a plaque: the name and number it is engraved with),
 *     #kit-<sid>-steps (the timeline, an <ol>; its steps
 *     #kit-<sid>-step-pending | -ordered | -shipped | -delivered have class is-done, and the current
 *     one aria-current="step"), #kit-<sid>-ship-to, #kit-<sid>-order, #kit-<sid>-tracking (carrier
 *     and tracking number, once shipped), #kit-<sid>-window (the 12-16 weeks note),
 *     #kit-<sid>-history (<details> with every event),
 *     #kit-<sid>-not-claimable (a pending kit whose certification is not active today: #kit-<sid>-reason,
 *     the API's `not_claimable_reason`, and #kit-<sid>-agreement-link when the agreement is what it waits for),
 *     #kit-<sid>-claim (pending kits whose certification is active only; aria-expanded) → the confirmation step #kit-<sid>-confirm
 *     (#kit-<sid>-confirm-title, #kit-<sid>-address, #kit-<sid>-change-address,
 *     #kit-<sid>-confirm-engraving (kits with a plaque), #kit-<sid>-refusal (the API's reason, with
 *     #kit-<sid>-refusal-link to Personal Info, Support, or the agreement when a 409
 *     `certification_not_active` says the certification waits for it), #kit-<sid>-claim-confirm,
 *     #kit-<sid>-claim-cancel; Escape cancels)
 *   #certificates-section, #certificates-list, #certificates-empty, #certificates-retry;
 *   per certification (<sid> from cert_id): #certificate-<sid> (data-status),
 *     #certificate-<sid>-status, #certificate-<sid>-download (active only) or
 *     #certificate-<sid>-reason, #certificate-<sid>-link (fallback link when the new tab was
 *     blocked), #certificate-<sid>-details (after a download: #certificate-<sid>-number,
 *     #certificate-<sid>-code, #certificate-<sid>-verify-link)
 *   #benefits-section (hidden unless there is a benefit), #benefits-list, #benefits-retry;
 *   per benefit (<sid> from benefit_id): #benefit-<sid> (data-status), #benefit-<sid>-title,
 *     #benefit-<sid>-status, #benefit-<sid>-token (the token; empty once claimed),
 *     #benefit-<sid>-size-chosen, #benefit-<sid>-steps (as for kits: #benefit-<sid>-step-available …),
 *     #benefit-<sid>-tracking, #benefit-<sid>-window,
 *     the claim form (available only) #benefit-<sid>-form, #benefit-<sid>-token-input,
 *     #benefit-<sid>-size, #benefit-<sid>-address, #benefit-<sid>-change-address, #benefit-<sid>-claim
 *   Field errors: #<field id>-error (e.g. #benefit-25ya-token-input-error).
 */

import { ApiError, api, apiOptional } from '../api.js';
import { STATUS, statusTag } from '../cert-status.js';
import { countryName } from '../countries.js';
import {
  ICONS, clearAlert, closeOnEscape, documentLink, formatDate, formatDateTime, h, icon, linkMinutes, loading, openInNewTab, panel, safeId,
  selectField, sentence, setBusy, showAlert, showError, submitForm, textField,
} from '../dom.js';

const DEFAULT_WINDOW = '12-16 weeks';

/** Shipment steps, in order; `also` lists statuses that stand at the same step. */
const KIT_STEPS = [
  { status: 'pending', label: 'Pending' },
  { status: 'ordered', label: 'Ordered' },
  { status: 'shipped', label: 'Shipped' },
  { status: 'delivered', label: 'Delivered' },
];
const BENEFIT_STEPS = [
  { status: 'available', label: 'Available' },
  { status: 'ordered', label: 'Ordered', also: ['claimed'] },
  { status: 'shipped', label: 'Shipped' },
  { status: 'delivered', label: 'Delivered' },
];
const SHIPMENT_TAGS = {
  pending: { label: 'Pending', tag: 'tag--warn' },
  available: { label: 'Available', tag: 'tag--warn' },
  claimed: { label: 'Claimed', tag: 'tag--info' },
  ordered: { label: 'Ordered', tag: 'tag--info' },
  shipped: { label: 'Shipped', tag: 'tag--info' },
  delivered: { label: 'Delivered', tag: 'tag--ok' },
};
const BENEFIT_TITLES = { '25ya_jacket': '25-year anniversary jacket' };
const KIT_ITEMS = { certificate: 'Certificate', card: 'Wallet card', plaque: 'Plaque' };
/** Why there is no PDF, by certification status or by the 409's code. */
const NO_PDF = {
  expired: 'Expired: PDF certificates are only available for certifications that are active and not expired. Earn it again to get a new certificate.',
  pending_agreement: 'Waiting for the Certification Agreement: accept it to activate this certification and get its certificate.',
  in_progress: 'Not earned yet: the certificate is issued once every requirement is met.',
  not_earned: 'Not earned yet: the certificate is issued once every requirement is met.',
};
const CERT_ORDER = ['active', 'pending_agreement', 'expired', 'in_progress'];
/** The fields of the mailing address: a claim's 400 naming one is about the address on file (a P.O. Box, a
 * state its country needs), fixed under Personal Info. */
const ADDRESS_FIELDS = ['line1', 'line2', 'city', 'state', 'postal_code', 'country'];

export async function render(ctx) {
  const page = {
    kitsBody: h('div', { class: 'kits__body' }),
    certsBody: h('div', { class: 'docs__body' }),
    benefitsBody: h('div', { class: 'benefits__body' }),
  };
  page.benefitsSection = panel({ id: 'benefits-section', title: '25-year anniversary', iconName: 'gift', className: 'benefits' },
    page.benefitsBody);
  page.benefitsSection.hidden = true;
  page.reloadKits = () => fill(ctx, page.kitsBody, 'kits', 'Loading your kits…', () => loadKits(ctx, page));
  page.reloadBenefits = () => loadBenefits(ctx, page);

  ctx.root.append(
    h('p', { class: 'lead' }, 'Claim the free kit that comes with a new certification and follow its shipment, download the PDF certificate of an active certification, and claim your anniversary benefits.'),
    h('div', { class: 'stack' },
      panel({ id: 'kits-section', title: 'Certification kits', iconName: 'box', className: 'kits' },
        h('p', { class: 'card__intro' }, 'When you earn a certification, you receive an email inviting you to claim its free initial kit: a certificate and a wallet card, and for expert certifications a plaque engraved with your name and certification number. A kit is “Pending” until you claim it and “Ordered” after.'),
        page.kitsBody),
      panel({ id: 'certificates-section', title: 'PDF certificates', iconName: 'doc', className: 'docs' },
        h('p', { class: 'card__intro' }, 'PDFs are only available for qualifying certifications that are active and not expired. Each certificate carries a verification code anyone can check.'),
        page.certsBody),
      page.benefitsSection));

  await Promise.all([page.reloadKits(), fill(ctx, page.certsBody, 'certificates', 'Loading your certifications…', () => loadCertificates(ctx)), page.reloadBenefits()]);
}

/* ---------- shared pieces ---------- */

/**
 * Fills a section's body with what `load()` builds; a failure shows its reason and a retry button
 * (#<name>-retry) in place, so the other sections stay usable.
 */
async function fill(ctx, body, name, loadingText, load) {
  body.replaceChildren(loading(loadingText));
  try {
    const content = await load();
    if (!ctx.isCurrent()) return;
    body.replaceChildren(...[].concat(content));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    if (!ctx.isCurrent()) return;
    body.replaceChildren(sectionError(name, err, () => fill(ctx, body, name, loadingText, load)));
  }
}

/** Why a section could not be loaded, with a retry button (#<name>-retry). */
function sectionError(name, err, retry) {
  if (!(err instanceof ApiError)) console.warn(err); // a bug, not a refusal
  const button = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `${name}-retry` }, 'Try again');
  button.addEventListener('click', () => retry().catch(() => {})); // a lost session is handled by the app
  return h('div', { class: 'section-error' },
    h('p', { class: 'form__refusal' }, err instanceof ApiError ? sentence(err.message) : 'This section could not be shown.'),
    button);
}

/** An API refusal's message for people: without its "field: " prefix, first letter upper-cased. */
function refusalText(err) {
  const prefix = err.field ? `${err.field}: ` : '';
  return sentence(prefix && err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message);
}

function shipmentTag(status, id) {
  const s = SHIPMENT_TAGS[status] || { label: sentence(String(status || '').replace(/_/g, ' ')), tag: 'tag--neutral' };
  return h('span', { class: ['tag', s.tag], id }, s.label);
}

function addressLines(a) {
  return [
    a.line1,
    a.line2,
    [a.city, [a.state, a.postal_code].filter(Boolean).join(' ')].filter(Boolean).join(', '),
    countryName(a.country),
  ].filter(Boolean);
}

/** The address as a postal block (<address>, one line each). */
function addressBlock(a, id) {
  const lines = addressLines(a);
  return h('address', { class: 'address', id }, lines.flatMap((line, i) => (i ? [h('br'), line] : [line])));
}

function oneLine(a) {
  return a ? addressLines(a).join(', ') : '';
}

function changeAddressLink(id, text = 'Change your mailing address') {
  return h('a', { href: '#/personal-info', id }, text);
}

function windowNote(id, windowText, shipped) {
  return h('p', { class: 'note', id }, icon(ICONS.info, 'icon note__icon'),
    h('span', {}, shipped
      ? 'Tracking information was emailed to you when it shipped.'
      : `Please allow ${windowText || DEFAULT_WINDOW} for processing and shipping. Tracking information is emailed when it ships.`));
}

/** The first time the item reached a step (history is oldest first). */
function reachedAt(item, step) {
  const statuses = [step.status, ...(step.also || [])];
  const event = (item.history || []).find((e) => statuses.includes(e.status));
  return event ? event.at : null;
}

/**
 * The status timeline: every step with the date it was reached; the shipped step names the carrier
 * and tracking number. Steps up to the current one are done; the current one is `aria-current`.
 */
function tracker(item, steps, idPrefix, details) {
  const current = Math.max(0, steps.findIndex((s) => s.status === item.status || (s.also || []).includes(item.status)));
  return h('ol', { class: 'tracker', id: `${idPrefix}-steps`, 'aria-label': 'Status' }, steps.map((step, i) => {
    const done = i <= current;
    const at = done ? reachedAt(item, step) : null;
    const detail = done ? details[step.status] : null;
    return h('li', { class: ['tracker__step', done ? 'is-done' : null, i === current ? 'is-current' : null],
      id: `${idPrefix}-step-${step.status}`, 'aria-current': i === current ? 'step' : null, dataset: { step: step.status } },
    h('span', { class: 'tracker__dot', 'aria-hidden': 'true' }, done ? icon(ICONS.check.slice(1), 'icon tracker__check') : null),
    h('span', { class: 'visually-hidden' }, i === current ? 'Current step: ' : done ? 'Done: ' : 'Not yet: '),
    h('span', { class: 'tracker__label' }, step.label),
    at ? h('time', { class: 'tracker__date', datetime: at }, formatDate(at)) : null,
    detail ? h('span', { class: 'tracker__detail' }, detail) : null);
  }));
}

function historyList(item, id, labels) {
  const events = item.history || [];
  if (!events.length) return null;
  return h('details', { class: 'shipment__history', id },
    h('summary', {}, `History (${events.length} event${events.length === 1 ? '' : 's'})`),
    h('ol', { class: 'timeline' }, [...events].reverse().map((e) => h('li', { class: 'timeline__item' },
      h('span', { class: 'timeline__dot', 'aria-hidden': 'true' }),
      h('p', { class: 'timeline__head' }, h('time', { datetime: e.at }, formatDateTime(e.at)), ' · ',
        h('strong', {}, (labels[e.status] && labels[e.status].label) || sentence(String(e.status || '')))),
      e.detail ? h('p', { class: 'timeline__detail' }, sentence(e.detail)) : null))));
}

function facts(rows) {
  const shown = rows.filter(Boolean);
  if (!shown.length) return null;
  return h('dl', { class: 'facts facts--compact shipment__facts' },
    shown.map(([label, value, id]) => h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', { id }, value))));
}

function trackingValue(item) {
  return [item.carrier || 'Carrier not given', ' · ', h('span', { class: 'code' }, item.tracking_number || 'no tracking number')];
}

/* ---------- certification kits ---------- */

async function loadKits(ctx, page) {
  const result = await api('/me/kits');
  const kits = ((result && result.items) || []).slice();
  if (!kits.length) {
    return h('div', { class: 'empty', id: 'kits-empty' },
      h('p', { class: 'empty__title' }, 'No kits yet'),
      h('p', { class: 'empty__text' }, 'When you earn a certification that comes with a kit, you receive an email and the kit appears here, ready to claim.'));
  }
  // Kits waiting to be claimed first; the others in the order the API gives.
  kits.sort((a, b) => Number(b.status === 'pending') - Number(a.status === 'pending'));
  return h('ul', { class: 'shipments', id: 'kits-list' }, kits.map((kit) => h('li', {}, kitCard(ctx, page, kit))));
}

function kitCard(ctx, page, kit) {
  const sid = safeId(kit.kit_id);
  const pending = kit.status === 'pending';
  const shipped = kit.status === 'shipped' || kit.status === 'delivered';
  const card = h('article', { class: ['shipment', `shipment--${safeId(kit.status)}`], id: `kit-${sid}`,
    'aria-labelledby': `kit-${sid}-title`, dataset: { status: kit.status } },
  h('div', { class: 'shipment__head' },
    h('h3', { class: 'shipment__title', id: `kit-${sid}-title`, tabindex: '-1' }, `${kit.name} certification kit`),
    shipmentTag(kit.status, `kit-${sid}-status`)),
  kitContents(ctx, kit, sid),
  tracker(kit, KIT_STEPS, `kit-${sid}`, {
    pending: pending ? (kit.claimable ? 'Ready to claim' : 'Not claimable now') : 'Ready',
    ordered: kit.order_id ? `Order ${kit.order_id}` : 'Claimed',
    shipped: kit.carrier || kit.tracking_number ? trackingValue(kit) : null,
  }),
  pending ? null : facts([
    kit.claimed_at ? ['Claimed', formatDateTime(kit.claimed_at), `kit-${sid}-claimed`] : null,
    kit.ship_to ? ['Ships to', oneLine(kit.ship_to), `kit-${sid}-ship-to`] : null,
    kit.order_id ? ['Order number', h('span', { class: 'code' }, kit.order_id), `kit-${sid}-order`] : null,
    kit.carrier || kit.tracking_number ? ['Carrier · tracking', trackingValue(kit), `kit-${sid}-tracking`] : null,
  ]),
  pending || kit.status === 'delivered' ? null : windowNote(`kit-${sid}-window`, kit.window, shipped),
  pending && kit.claimable ? claimArea(ctx, page, kit, sid) : null,
  pending && !kit.claimable ? notClaimable(kit, sid) : null,
  historyList(kit, `kit-${sid}-history`, SHIPMENT_TAGS));
  return card;
}

/**
 * Why a pending kit cannot be claimed now and what to do: the agreement to accept (with its link),
 * or the API's `not_claimable_reason`, from the claim's own rule (a certification not active today,
 * a cycle that has ended though nothing re-evaluated it included).
 */
function notClaimable(kit, sid) {
  const waiting = kit.certification_status === 'pending_agreement';
  const reason = kit.not_claimable_reason
    || `Your ${kit.name} certification is ${STATUS[kit.certification_status]?.label.toLowerCase() || 'not active'}, so its kit cannot be claimed now`;
  return h('div', { class: 'shipment__claim', id: `kit-${sid}-not-claimable` },
    h('p', { class: 'shipment__text', id: `kit-${sid}-reason` }, waiting
      ? [`Your ${kit.name} kit can be claimed once the certification is active: accept the `,
        h('a', { href: '#/certifications/agreement', id: `kit-${sid}-agreement-link` }, 'Certification Agreement'), ' first.']
      : `Not claimable now. ${sentence(reason)}.`));
}

/** The name a plaque carries: fixed by the claim; until then the verified name on the account. */
function engravingName(ctx, kit) {
  if (kit.engraving && kit.engraving.name) return kit.engraving.name;
  const me = ctx.me || {};
  return [me.first_name, me.last_name].filter(Boolean).join(' ');
}

/** What the kit holds; a plaque says what it is (or will be) engraved with. */
function kitContents(ctx, kit, sid) {
  const items = kit.items || [];
  if (!items.length) return null;
  const engraving = kit.engraving;
  return h('div', { class: 'kit-contents' },
    h('ul', { class: 'kit-contents__list', id: `kit-${sid}-contents`, 'aria-label': 'Contents' }, items.map((item) =>
      h('li', { class: 'kit-contents__item', dataset: { item } }, icon(item === 'plaque' ? ICONS.award : ICONS.doc, 'icon icon--small'),
        h('span', {}, KIT_ITEMS[item] || sentence(item))))),
    engraving
      ? h('p', { class: 'kit-contents__engraving', id: `kit-${sid}-engraving` },
        h('span', { class: 'kit-contents__label' }, kit.engraving.name ? 'Plaque engraved with' : 'Plaque to be engraved with'), ' ',
        h('strong', {}, engravingName(ctx, kit)), ' · ', h('span', { class: 'code' }, engraving.number))
      : null);
}

/** The Claim button of a pending kit, and the confirmation step it opens. */
function claimArea(ctx, page, kit, sid) {
  const button = h('button', { type: 'button', class: 'btn btn--primary', id: `kit-${sid}-claim`, 'aria-expanded': 'false',
    'aria-controls': `kit-${sid}-confirm` }, icon(ICONS.box), h('span', {}, 'Claim kit'));
  const area = h('div', { class: 'shipment__claim' },
    h('p', { class: 'shipment__text' }, 'Your free initial kit is ready. Claim it to have it shipped to the mailing address on your profile.'),
    h('div', { class: 'form__actions' }, button));
  let box = null;

  const close = () => {
    if (!box) return;
    box.remove();
    box = null;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };

  button.addEventListener('click', async () => {
    if (box) {
      box.querySelector(`#kit-${sid}-confirm-title`).focus();
      return;
    }
    clearAlert();
    const undo = setBusy(area, button, 'Checking your address…');
    let address;
    try {
      address = await apiOptional('/me/addresses/mailing');
    } catch (err) {
      undo();
      if (!(err instanceof ApiError && err.status === 401)) showError(err, { failTitle: 'Not claimed.' });
      return;
    }
    undo();
    if (!ctx.isCurrent()) return;
    box = confirmStep(ctx, page, kit, sid, address, close);
    area.append(box);
    button.setAttribute('aria-expanded', 'true');
    box.querySelector(`#kit-${sid}-confirm-title`).focus();
  });
  return area;
}

function confirmStep(ctx, page, kit, sid, address, close) {
  const no = h('button', { type: 'button', class: 'btn btn--secondary', id: `kit-${sid}-claim-cancel` }, 'Cancel');
  const refusal = h('p', { class: 'form__refusal', id: `kit-${sid}-refusal`, tabindex: '-1', hidden: true });
  const titleId = `kit-${sid}-confirm-title`;
  no.addEventListener('click', close);

  if (!address) {
    const box = h('div', { class: 'claim-confirm', id: `kit-${sid}-confirm`, role: 'group', 'aria-labelledby': titleId },
      h('h4', { class: 'claim-confirm__title', id: titleId, tabindex: '-1' }, 'No mailing address on file'),
      h('p', {}, 'Kits ship to the mailing address on your profile. ', changeAddressLink(`kit-${sid}-change-address`, 'Add a street address in Personal Info'),
        ', then come back to claim your kit.'),
      h('div', { class: 'confirm__actions' }, no));
    closeOnEscape(box, close);
    return box;
  }

  const yes = h('button', { type: 'button', class: 'btn btn--primary', id: `kit-${sid}-claim-confirm` }, 'Claim and ship to this address');
  const box = h('div', { class: 'claim-confirm', id: `kit-${sid}-confirm`, role: 'group', 'aria-labelledby': titleId },
    h('h4', { class: 'claim-confirm__title', id: titleId, tabindex: '-1' }, `Ship your ${kit.name} kit to this address?`),
    addressBlock(address, `kit-${sid}-address`),
    h('p', { class: 'small' }, 'Not right? ', changeAddressLink(`kit-${sid}-change-address`), ' under Personal Info first, then come back to claim. Kits cannot ship to a P.O. Box.'),
    kit.engraving
      ? h('p', { class: 'small', id: `kit-${sid}-confirm-engraving` }, 'The plaque is engraved with your verified name, ',
        h('strong', {}, engravingName(ctx, kit)), ', and your certification number ', h('span', { class: 'code' }, kit.engraving.number),
        '. The name is the one on your record: to correct it, ', h('a', { href: '#/support' }, 'open a support case'), ' before claiming.')
      : null,
    windowNote(`kit-${sid}-confirm-window`, kit.window, false),
    refusal,
    h('div', { class: 'confirm__actions' }, yes, no));
  closeOnEscape(box, close, yes);

  yes.addEventListener('click', async () => {
    clearAlert();
    refusal.hidden = true;
    const undo = setBusy(box, yes, 'Claiming…');
    no.disabled = true;
    try {
      const claimed = await api(`/me/kits/${encodeURIComponent(kit.kit_id)}/claim`, { method: 'POST' });
      if (!ctx.isCurrent()) return;
      const card = kitCard(ctx, page, claimed);
      document.getElementById(`kit-${sid}`).replaceWith(card);
      showAlert('success', `Your ${claimed.name} kit is ordered and ships to ${oneLine(claimed.ship_to || address)}. Please allow ${claimed.window || DEFAULT_WINDOW} for processing and shipping; tracking information is emailed when it ships.`);
      card.querySelector(`#kit-${sid}-title`).focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      undo();
      no.disabled = false;
      if (!(err instanceof ApiError)) {
        showError(err);
        return;
      }
      if (err.status === 409 && err.code === 'already_claimed') {
        // Claimed meanwhile (another tab or device): show where it stands now.
        await page.reloadKits();
        showAlert('warning', 'This kit had already been claimed, so it was not ordered twice. Its current status is shown below.', { title: 'Not claimed again.' });
        document.getElementById(`kit-${sid}-title`)?.focus();
        return;
      }
      const text = refusalText(err);
      let fix = [];
      if (ADDRESS_FIELDS.includes(err.field) || err.code === 'profile_incomplete') fix = [' ', changeAddressLink(`kit-${sid}-refusal-link`, 'Go to Personal Info')];
      if (err.code === 'engraving_name') fix = [' ', h('a', { href: '#/support', id: `kit-${sid}-refusal-link` }, 'Open a support case')];
      if (err.code === 'certification_not_active' && err.details.certification_status === 'pending_agreement') {
        fix = [' ', h('a', { href: '#/certifications/agreement', id: `kit-${sid}-refusal-link` }, 'Accept the Certification Agreement')];
      }
      refusal.replaceChildren(text, ...fix);
      refusal.hidden = false;
      showAlert('error', text, { title: 'Not claimed.' });
      refusal.focus();
    }
  });
  return box;
}

/* ---------- PDF certificates ---------- */

async function loadCertificates(ctx) {
  const result = await api('/me/certifications');
  const certs = ((result && result.items) || []).slice();
  if (!certs.length) {
    return h('div', { class: 'empty', id: 'certificates-empty' },
      h('p', { class: 'empty__title' }, 'No certifications yet'),
      h('p', { class: 'empty__text' }, 'A PDF certificate becomes available here once you hold an active certification.'));
  }
  const rank = (c) => (CERT_ORDER.includes(c.status) ? CERT_ORDER.indexOf(c.status) : CERT_ORDER.length);
  certs.sort((a, b) => rank(a) - rank(b));
  return h('ul', { class: 'docs-list', id: 'certificates-list' }, certs.map((c) => certificateRow(ctx, c)));
}

function certDates(c) {
  if (c.status === 'active' && c.earned_on) {
    const renewed = c.renewed_on ? ` · renewed ${formatDate(c.renewed_on)}` : '';
    return `Earned ${formatDate(c.earned_on)}${renewed}${c.expires_on ? ` · expires ${formatDate(c.expires_on)}` : ''}`;
  }
  if (c.status === 'expired') {
    if (c.expires_on) return `Expired on ${formatDate(c.expires_on)}`;
    return c.first_earned_on ? `First earned ${formatDate(c.first_earned_on)}` : 'Expired';
  }
  if (c.status === 'pending_agreement' && c.earned_on) return `Requirements met ${formatDate(c.earned_on)}`;
  return c.earned_on ? `Earned ${formatDate(c.earned_on)}` : 'Not earned yet';
}

function reasonFor(key, sid, message) {
  const text = NO_PDF[key] || message || 'No PDF certificate is available for this certification.';
  return h('p', { class: 'doc__reason', id: `certificate-${sid}-reason` }, icon(ICONS.info, 'icon icon--small'),
    h('span', {}, text,
      key === 'pending_agreement' ? [' ', h('a', { href: '#/certifications/agreement', id: `certificate-${sid}-agreement-link` }, 'Review the agreement')] : []));
}

function certificateRow(ctx, c) {
  const sid = safeId(c.cert_id);
  const action = h('div', { class: 'doc__action' });
  const details = h('div', { class: 'doc__details', id: `certificate-${sid}-details`, hidden: true });
  const row = h('li', { class: ['doc', `doc--${safeId(c.status)}`], id: `certificate-${sid}`, dataset: { status: c.status },
    'aria-labelledby': `certificate-${sid}-name` },
  h('div', { class: 'doc__main' },
    h('p', { class: 'doc__name' }, h('span', { id: `certificate-${sid}-name` }, c.name), ' ', statusTag(c.status, `certificate-${sid}-status`)),
    h('p', { class: 'doc__meta' }, c.level ? `${sentence(c.level)} level · ` : '', certDates(c))),
  action,
  details);

  if (c.status !== 'active') {
    action.append(reasonFor(c.status, sid, STATUS[c.status] ? null : `This certification is ${String(c.status).replace(/_/g, ' ')}.`));
    return row;
  }
  const button = h('button', { type: 'button', class: 'btn btn--primary btn--small', id: `certificate-${sid}-download`,
    'aria-label': `Download the ${c.name} certificate (PDF)` }, icon(ICONS.download), h('span', {}, 'Download PDF'));
  action.append(button);
  button.addEventListener('click', async () => {
    action.querySelector('.report-link')?.remove();
    clearAlert();
    const undo = setBusy(action, button, 'Preparing…');
    try {
      const link = await api(`/me/certifications/${encodeURIComponent(c.cert_id)}/certificate`);
      if (!ctx.isCurrent()) return;
      showCertificateDetails(details, link, sid);
      if (openInNewTab(link.url)) {
        showAlert('success', `Your ${c.name} certificate (${link.filename}) is downloading. Its verification code is ${link.verification_code}.`);
      } else {
        const minutes = linkMinutes(link.expires_in);
        const a = documentLink({ id: `certificate-${sid}-link`, url: link.url, filename: link.filename, expiresIn: link.expires_in });
        action.append(a);
        showAlert('info', `Your ${c.name} certificate is ready: use the download link next to the button (valid for ${minutes} minute${minutes === 1 ? '' : 's'}).`);
        a.focus();
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      if (err instanceof ApiError && err.status === 409) {
        // The certification changed since the list was read (e.g. it expired today): say why.
        const reason = reasonFor(err.code, sid, refusalText(err));
        action.replaceChildren(reason);
        showAlert('error', reason.textContent, { title: 'No certificate.' });
        return;
      }
      showError(err, { failTitle: 'No certificate.' });
    } finally {
      undo();
    }
  });
  return row;
}

function showCertificateDetails(details, link, sid) {
  const code = link.verification_code;
  details.replaceChildren(
    h('dl', { class: 'facts facts--compact' },
      h('div', { class: 'facts__row' }, h('dt', {}, 'Certificate number'), h('dd', { id: `certificate-${sid}-number`, class: 'code' }, link.certificate_number)),
      h('div', { class: 'facts__row' }, h('dt', {}, 'Verification code'), h('dd', { id: `certificate-${sid}-code`, class: 'code' }, code))),
    h('p', { class: 'small muted' }, 'Anyone you show the certificate to can check it on the ',
      h('a', { href: `#/verify/${encodeURIComponent(code)}`, id: `certificate-${sid}-verify-link` }, 'verification page'),
      ' with this code, without signing in.'));
  details.hidden = false;
}

/* ---------- 25-year anniversary ---------- */

async function loadBenefits(ctx, page) {
  const section = page.benefitsSection;
  let result;
  try {
    result = await api('/me/benefits');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      section.hidden = true; // this deployment has no anniversary benefits
      return;
    }
    if (err instanceof ApiError && err.status === 401) throw err;
    if (!ctx.isCurrent()) return;
    page.benefitsBody.replaceChildren(sectionError('benefits', err, () => loadBenefits(ctx, page)));
    section.hidden = false;
    return;
  }
  const items = (result && result.items) || [];
  if (!ctx.isCurrent()) return;
  if (!items.length) {
    section.hidden = true;
    return;
  }
  // The address a claim ships to, shown beside the claim form.
  const address = items.some((b) => b.status === 'available')
    ? await apiOptional('/me/addresses/mailing').catch((err) => {
      if (err instanceof ApiError && err.status === 401) throw err;
      return undefined; // not known: the form says where to check it
    })
    : null;
  if (!ctx.isCurrent()) return;
  page.benefitsBody.replaceChildren(
    h('p', { class: 'card__intro' }, 'Thank you for 25 years of certification. Eligible candidates receive an email on or after the day of their anniversary with a one-time token to claim a commemorative jacket.'),
    h('ul', { class: 'shipments', id: 'benefits-list' }, items.map((b) => h('li', {}, benefitCard(ctx, page, b, address)))));
  section.hidden = false;
}

function benefitCard(ctx, page, b, address) {
  const sid = safeId(b.benefit_id);
  const available = b.status === 'available';
  const shipped = b.status === 'shipped' || b.status === 'delivered';
  const title = b.title || BENEFIT_TITLES[b.kind] || sentence(String(b.kind || 'benefit').replace(/_/g, ' '));
  return h('article', { class: ['shipment', 'benefit', `shipment--${safeId(b.status)}`], id: `benefit-${sid}`,
    'aria-labelledby': `benefit-${sid}-title`, dataset: { status: b.status } },
  h('div', { class: 'shipment__head' },
    h('h3', { class: 'shipment__title', id: `benefit-${sid}-title`, tabindex: '-1' }, title),
    shipmentTag(b.status, `benefit-${sid}-status`)),
  facts([
    b.first_certified_on ? ['Certified since', formatDate(b.first_certified_on), `benefit-${sid}-since`] : null,
    ['Claim token', [h('span', { class: 'code token', id: `benefit-${sid}-token` }, b.token || ''),
      b.token ? null : h('span', { class: 'muted token__note' }, 'Blank once the benefit has been claimed')], `benefit-${sid}-token-row`],
    b.size ? ['Size', b.size, `benefit-${sid}-size-chosen`] : null,
    b.order_id ? ['Order number', h('span', { class: 'code' }, b.order_id), `benefit-${sid}-order`] : null,
    b.carrier || b.tracking_number ? ['Carrier · tracking', trackingValue(b), `benefit-${sid}-tracking`] : null,
  ]),
  tracker(b, BENEFIT_STEPS, `benefit-${sid}`, {
    available: available ? 'Ready to claim' : 'Granted',
    ordered: b.order_id ? `Order ${b.order_id}` : (b.size ? `Size ${b.size}` : 'Claimed'),
    shipped: b.carrier || b.tracking_number ? trackingValue(b) : null,
  }),
  available ? claimForm(ctx, page, b, sid, address) : null,
  !available && b.status !== 'delivered' ? windowNote(`benefit-${sid}-window`, DEFAULT_WINDOW, shipped) : null,
  historyList(b, `benefit-${sid}-history`, SHIPMENT_TAGS));
}

function claimForm(ctx, page, b, sid, address) {
  const tokenId = `benefit-${sid}-token-input`;
  const sizeId = `benefit-${sid}-size`;
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: `benefit-${sid}-claim` }, icon(ICONS.gift), h('span', {}, 'Claim jacket'));
  const sizes = (b.sizes && b.sizes.length ? b.sizes : ['S', 'M', 'L', 'XL', 'XXL']).map((s) => ({ value: s, label: s }));
  let shipTo;
  if (address) {
    shipTo = [addressBlock(address, `benefit-${sid}-address`),
      h('p', { class: 'small' }, 'Not right? ', changeAddressLink(`benefit-${sid}-change-address`), ' under Personal Info first. It cannot ship to a P.O. Box.')];
  } else {
    shipTo = h('p', { class: 'small', id: `benefit-${sid}-address` }, address === null ? 'No mailing address is on file. ' : 'Your mailing address could not be read. ',
      changeAddressLink(`benefit-${sid}-change-address`, 'Check it in Personal Info'), ' before claiming.');
  }
  const form = h('form', { class: 'form benefit__form', id: `benefit-${sid}-form`, novalidate: true, 'aria-labelledby': `benefit-${sid}-form-title` },
    h('h4', { class: 'benefit__form-title', id: `benefit-${sid}-form-title` }, 'Claim your jacket'),
    h('p', { class: 'form__intro' }, 'Enter the one-time token from your anniversary email (it is also shown above) and choose a size.'),
    h('div', { class: 'form__row' },
      textField({ id: tokenId, label: 'Claim token', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 100,
        className: 'field--token', hint: 'Letters, digits, - and _, exactly as in the email.' }),
      selectField({ id: sizeId, label: 'Jacket size', options: sizes, required: true, placeholder: 'Choose a size' })),
    h('div', { class: 'ship-to' }, h('p', { class: 'ship-to__label' }, 'Ships to'), shipTo),
    windowNote(`benefit-${sid}-claim-window`, DEFAULT_WINDOW, false),
    h('div', { class: 'form__actions' }, button));
  form.querySelector(`#${tokenId}`).classList.add('input--mono');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      busyLabel: 'Claiming…',
      failTitle: 'Not claimed.',
      fields: { token: tokenId, size: sizeId },
      labels: { token: 'Claim token', size: 'Jacket size' },
      action: () => api(`/me/benefits/${encodeURIComponent(b.benefit_id)}/claim`, { method: 'POST',
        body: { token: form.querySelector(`#${tokenId}`).value.trim(), size: form.querySelector(`#${sizeId}`).value } }),
      onSuccess: (claimed) => {
        if (!ctx.isCurrent()) return;
        const card = benefitCard(ctx, page, claimed, null);
        document.getElementById(`benefit-${sid}`).replaceWith(card);
        showAlert('success', `Your ${claimed.title || 'anniversary jacket'}${claimed.size ? ` (size ${claimed.size})` : ''} is ordered. Please allow ${DEFAULT_WINDOW} for processing and shipping; tracking information is emailed when it ships.`);
        card.querySelector(`#benefit-${sid}-title`).focus();
      },
      onError: (err) => {
        if (!(err instanceof ApiError)) return false;
        if (err.status === 409 && err.code === 'already_claimed') {
          page.reloadBenefits().then(() => {
            showAlert('warning', 'This benefit had already been claimed, so it was not ordered twice. Its current status is shown below.', { title: 'Not claimed again.' });
            document.getElementById(`benefit-${sid}-title`)?.focus();
          }).catch(() => {});
          return true;
        }
        if (ADDRESS_FIELDS.includes(err.field) || err.code === 'profile_incomplete') {
          showAlert('error', `${refusalText(err)} (Personal Info).`, { title: 'Not claimed.' });
          form.querySelector(`#benefit-${sid}-change-address`)?.focus();
          return true;
        }
        return false;
      },
    });
  });
  return form;
}
