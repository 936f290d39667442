/**
 * Certifications (guide §4): the Certification Status View (`GET /me/certifications`, which carries
 * the agreement in force too: one request per view), one certification with its history and
 * recertification options (`GET /me/certifications/{cert_id}`), and the Certification Agreement
 * (its text and acceptance from `GET /me/certifications`; `POST /me/agreement`). Below the status view, the
 * Calendar card (js/calendar-card.js): expiration dates as a download or a subscription address.
 *
 * Sub-routes: #/certifications (status view), #/certifications/<cert_id> (detail),
 *             #/certifications/agreement (the agreement).
 * Requirement checklists group the concentration exams of a certification into one "any one of"
 * line, using the exam tags of `GET /catalog/exams` (the API lists every exam that can count).
 *
 * Expert tenure (certifications whose answer carries `emeritus`): the years held without a break,
 * when Emeritus status can be requested, and the request itself (`POST
 * /me/certifications/{cert_id}/emeritus`) after a confirmation step saying what it changes.
 *
 * Ids (<sid> = cert id with characters other than A-Z a-z 0-9 _ - replaced by _):
 *   Status view: #cert-agreement-banner, #cert-agreement-link (only while one is pending the
 *     agreement), #cert-list, #cert-group-<status> (active | pending_agreement | emeritus |
 *     in_progress | expired), #cert-empty, #cert-agreement-status, #cert-agreement-view-link,
 *     the Calendar card #calendar-section (ids in js/calendar-card.js);
 *     per certification: #cert-<sid> (the card), #cert-<sid>-link (to its detail),
 *     #cert-<sid>-status (status badge), #cert-<sid>-tenure (expert tenure: years held and where
 *     Emeritus stands), #cert-<sid>-ce (CE progress, with a <progress>),
 *     #cert-<sid>-requirements (the checklist)
 *   Detail: #cert-back-link, #cert-detail, #cert-detail-status, #cert-detail-dates (with
 *     #cert-detail-dates-renewed: when and by what the holding was last renewed, which is why its
 *     expiry lies more than one term after "Earned"),
 *     #cert-emeritus-section (expert tenure: #cert-emeritus-facts with #cert-emeritus-held,
 *     #cert-emeritus-eligible-from, #cert-emeritus-lifetime-from; #cert-emeritus-state, one sentence
 *     on where it stands; #cert-emeritus-request while eligible → the confirmation step
 *     #cert-emeritus-confirm with #cert-emeritus-confirm-title, #cert-emeritus-refusal,
 *     #cert-emeritus-confirm-yes, #cert-emeritus-confirm-cancel; Escape cancels),
 *     #cert-detail-pending (note linking to the agreement, #cert-detail-agreement-link),
 *     #cert-detail-ce, #cert-detail-requirements, #cert-options-section, #cert-options,
 *     #cert-logos-section, #cert-logos-get (the button; active only), #cert-logos-unavailable (why
 *     not, otherwise), #cert-logos (the list, once fetched), #cert-logos-terms (usage terms),
 *     per file #cert-logo-<variant>-<format> (the download link; e.g. #cert-logo-dark-svg),
 *     #cert-history-section, #cert-history, #cert-not-found
 *   Agreement: #agreement-back-link, #agreement-section, #agreement-version, #agreement-effective,
 *     #agreement-state, #agreement-text, #agreement-pending (what accepting activates),
 *     #agreement-form, #agreement-accept
 * Logo links are presigned and short-lived: they are fetched on request, not with the page, and
 * taken away when they expire (the button comes back).
 *   Checklist items: .checklist__item with class is-met; a group of alternatives is a
 *     .checklist__item--any with a <details> of its exams.
 */

import { ApiError, api, reference } from '../api.js';
import { calendarCard } from '../calendar-card.js';
import { STATUS, statusTag } from '../cert-status.js';
import {
  ICONS, append, clear, closeOnEscape, daysUntil, formatDate, formatNumber, h, icon, linkMinutes, loading, panel, safeId, sentence,
  setBusy, showAlert, showError,
} from '../dom.js';

const GROUP_ORDER = ['pending_agreement', 'active', 'emeritus', 'in_progress', 'expired'];
const LEVELS = { entry: 'Entry', associate: 'Associate', specialist: 'Specialist', professional: 'Professional', expert: 'Expert' };
const HISTORY_KINDS = {
  earned: 'Earned', recertified: 'Recertified', expired: 'Expired', agreement: 'Agreement', revoked: 'Revoked',
  emeritus_requested: 'Emeritus requested', emeritus: 'Emeritus', lifetime_emeritus: 'Lifetime Emeritus',
  emeritus_reversed: 'Emeritus request reversed',
};
const EXPIRY_NOTICE_DAYS = 180;

export function render(ctx) {
  const [first, ...more] = ctx.path || [];
  if (!first) return renderList(ctx);
  if (more.length) return renderMissing(ctx, first);
  if (first === 'agreement') return renderAgreement(ctx);
  return renderDetail(ctx, first);
}

/* ---------- shared pieces ---------- */

/** exam code → tags, from the public catalog; an empty map when it cannot be read. */
async function examTags() {
  try {
    const r = await reference('/catalog/exams');
    return new Map(((r && r.items) || []).map((e) => [e.code, e.tags || []]));
  } catch {
    return new Map();
  }
}

function levelLabel(level) {
  return LEVELS[level] || sentence(level);
}

function dateFacts(cert, id) {
  const rows = [];
  if (cert.earned_on) rows.push(['Earned', formatDate(cert.earned_on)]);
  if (cert.first_earned_on && cert.first_earned_on !== cert.earned_on) rows.push(['First earned', formatDate(cert.first_earned_on)]);
  if (cert.renewed_on) {
    rows.push(['Renewed', h('span', { id: id ? `${id}-renewed` : null }, formatDate(cert.renewed_on),
      cert.renewed_by ? ` · ${cert.renewed_by}` : null)]);
  }
  if (cert.emeritus && cert.emeritus.since) rows.push(['Emeritus since', formatDate(cert.emeritus.since)]);
  if (cert.expires_on) {
    const days = daysUntil(cert.expires_on);
    const past = days !== null && days < 0;
    const ending = cert.emeritus && cert.emeritus.starts_on ? 'Emeritus from' : 'Expires';
    rows.push([past ? 'Expired on' : ending, h('span', {}, formatDate(cert.expires_on),
      days !== null && !past && days <= EXPIRY_NOTICE_DAYS
        ? h('span', { class: 'tag tag--warn tag--inline' }, days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`)
        : null)]);
  }
  if (!rows.length) rows.push(['Earned', h('span', { class: 'muted' }, 'Not yet earned')]);
  return h('dl', { class: 'facts facts--compact cert__dates', id },
    rows.map(([label, value]) => h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', {}, value))));
}

/** CE progress toward recertification: a labelled <progress> and the cycle's end. */
function ceProgress(ce, id) {
  if (!ce) return null;
  const required = ce.required === null || ce.required === undefined ? null : Number(ce.required);
  const earned = Number(ce.earned) || 0;
  if (!required) {
    return h('div', { class: 'ce-progress', id },
      h('p', { class: 'ce-progress__label' }, 'Continuing education'),
      h('p', { class: 'muted small' }, `${formatNumber(earned)} credits this cycle; this level does not recertify with credits.`));
  }
  const done = earned >= required;
  const barId = `${id}-bar`;
  return h('div', { class: ['ce-progress', done ? 'is-complete' : null], id },
    h('div', { class: 'ce-progress__head' },
      h('label', { class: 'ce-progress__label', for: barId }, 'CE credits toward recertification'),
      h('span', { class: 'ce-progress__value', id: `${id}-value` }, `${formatNumber(earned)} / ${formatNumber(required)}`)),
    h('progress', { id: barId, class: 'progress', max: String(required), value: String(Math.min(earned, required)),
      'aria-valuetext': `${formatNumber(earned)} of ${formatNumber(required)} credits` }),
    h('p', { class: 'ce-progress__meta' },
      done ? 'Enough credits to recertify' : `${formatNumber(required - earned)} more needed`,
      ce.cycle_ends_on ? ` · cycle ${ce.cycle_started_on ? `${formatDate(ce.cycle_started_on)} – ` : 'ends '}${formatDate(ce.cycle_ends_on)}` : ''));
}

/**
 * The requirement checklist. Concentration exams (catalog tag) of one certification are
 * alternatives: they form one "any one of" line, met when one of them is.
 */
function checklist(requirements, tags, id) {
  const reqs = requirements || [];
  if (!reqs.length) return h('p', { class: 'muted', id }, 'No exam requirements listed.');
  const alternatives = reqs.filter((r) => (tags.get(r.exam) || []).includes('concentration'));
  const grouped = alternatives.length >= 2;
  const list = h('ul', { class: 'checklist', id, 'aria-label': 'Requirements' });
  let groupPlaced = false;
  for (const r of reqs) {
    if (grouped && alternatives.includes(r)) {
      if (!groupPlaced) list.append(anyOfItem(alternatives, id));
      groupPlaced = true;
    } else {
      list.append(requirementItem(r));
    }
  }
  return list;
}

function tick(met) {
  return [icon(met ? ICONS.check : ICONS.circle, 'icon checklist__icon'),
    h('span', { class: 'visually-hidden' }, met ? 'Met: ' : 'Not met: ')];
}

function requirementItem(r) {
  return h('li', { class: ['checklist__item', r.met ? 'is-met' : null], dataset: { exam: r.exam } },
    tick(r.met),
    h('div', { class: 'checklist__text' },
      h('span', { class: 'checklist__title' }, h('span', { class: 'code' }, r.exam), ' ', r.title || ''),
      h('span', { class: 'checklist__meta' }, r.met ? `Passed ${formatDate(r.met_on)}` : 'Not passed yet')));
}

function anyOfItem(alternatives, id) {
  const met = alternatives.filter((r) => r.met);
  return h('li', { class: ['checklist__item', 'checklist__item--any', met.length ? 'is-met' : null], dataset: { exam: 'any' } },
    tick(met.length > 0),
    h('div', { class: 'checklist__text' },
      h('span', { class: 'checklist__title' }, 'One concentration exam of your choice'),
      h('span', { class: 'checklist__meta' }, met.length
        ? met.map((r) => `${r.exam} passed ${formatDate(r.met_on)}`).join('; ')
        : `Not passed yet — any one of ${alternatives.length} exams`),
      h('details', { class: 'checklist__details', id: `${id}-any` },
        h('summary', {}, `The ${alternatives.length} exams that count`),
        h('ul', { class: 'checklist checklist--nested' }, alternatives.map(requirementItem)))));
}

function agreementLink(id, text = 'Review and accept the agreement') {
  return h('a', { href: '#/certifications/agreement', id, class: 'btn btn--primary btn--small' }, text);
}

function emptyBox(id, title, text, ...extra) {
  return h('div', { class: 'empty', id }, h('p', { class: 'empty__title' }, title), h('p', { class: 'empty__text' }, text), ...extra);
}

/* ---------- status view ---------- */

async function renderList(ctx) {
  ctx.root.append(loading('Loading your certifications…'));
  const [result, tags] = await Promise.all([api('/me/certifications'), examTags()]);
  if (!ctx.isCurrent()) return;
  const certs = (result && result.items) || [];
  const agreement = result && result.agreement;
  const pending = certs.filter((c) => c.status === 'pending_agreement');

  const body = [];
  body.push(h('p', { class: 'lead' }, 'Each certification you hold or are working toward, with its status, dates, continuing-education progress and requirements. Open one for its history and recertification options.'));
  if (pending.length) {
    body.push(h('section', { class: 'banner banner--warn', id: 'cert-agreement-banner', 'aria-labelledby': 'cert-agreement-banner-title' },
      icon(ICONS.warning, 'icon banner__icon'),
      h('div', {},
        h('h2', { class: 'banner__title', id: 'cert-agreement-banner-title' },
          pending.length === 1 ? 'One certification is waiting for the Certification Agreement'
            : `${pending.length} certifications are waiting for the Certification Agreement`),
        h('p', {}, 'You have met the requirements of ', joinNames(pending.map((c) => c.name)),
          '. They become active once you accept the current Certification Agreement.'),
        h('div', { class: 'banner__actions' }, agreementLink('cert-agreement-link')))));
  }

  if (!certs.length) {
    body.push(h('div', { class: 'card' }, emptyBox('cert-empty', 'No certifications yet',
      'When you pass an exam that counts toward a certification it appears here, with what it still needs.',
      h('p', { class: 'empty__text' }, h('a', { href: '#/schedule' }, 'Schedule an exam')))));
  } else {
    const list = h('div', { class: 'cert-list', id: 'cert-list' });
    const order = [...GROUP_ORDER, ...new Set(certs.map((c) => c.status).filter((s) => !GROUP_ORDER.includes(s)))];
    for (const status of order) {
      const inGroup = certs.filter((c) => c.status === status);
      if (!inGroup.length) continue;
      const headingId = `cert-group-${safeId(status)}-heading`;
      list.append(h('section', { class: 'cert-group', id: `cert-group-${safeId(status)}`, 'aria-labelledby': headingId },
        h('h2', { class: 'cert-group__title', id: headingId },
          (STATUS[status] && STATUS[status].group) || sentence(status.replace(/_/g, ' ')),
          h('span', { class: 'cert-group__count' }, ` (${inGroup.length})`)),
        h('ul', { class: 'cert-grid' }, inGroup.map((c) => h('li', {}, certCard(c, tags))))));
    }
    body.push(list);
  }

  if (agreement) {
    body.push(h('p', { class: 'muted cert-agreement-status', id: 'cert-agreement-status' },
      agreement.accepted
        ? `You accepted the Certification Agreement (version ${agreement.version}) on ${formatDate(agreement.accepted_on)}. `
        : `You have not accepted the current Certification Agreement (version ${agreement.version}) yet. `,
      h('a', { href: '#/certifications/agreement', id: 'cert-agreement-view-link' }, 'Read the agreement')));
  }
  body.push(calendarCard(ctx));
  append(clear(ctx.root), body);
}

function joinNames(names) {
  const parts = [];
  names.forEach((n, i) => {
    if (i > 0) parts.push(i === names.length - 1 ? ' and ' : ', ');
    parts.push(h('strong', {}, n));
  });
  return parts;
}

function certCard(c, tags) {
  const sid = safeId(c.cert_id);
  return h('article', { class: ['card', 'cert', `cert--${safeId(c.status)}`], id: `cert-${sid}`, 'aria-labelledby': `cert-${sid}-link` },
    h('div', { class: 'cert__head' },
      h('h3', { class: 'cert__title' }, h('a', { href: `#/certifications/${encodeURIComponent(c.cert_id)}`, id: `cert-${sid}-link` }, c.name)),
      statusTag(c.status, `cert-${sid}-status`)),
    h('p', { class: 'cert__level' }, `${levelLabel(c.level)} level`),
    dateFacts(c, `cert-${sid}-dates`),
    c.status === 'pending_agreement'
      ? h('p', { class: 'note note--warn small' }, icon(ICONS.warning, 'icon note__icon'),
        h('span', {}, 'Requirements met. Accept the Certification Agreement to activate it.'))
      : null,
    c.emeritus ? h('p', { class: ['tenure-line', c.emeritus.eligible ? 'is-eligible' : null], id: `cert-${sid}-tenure` },
      icon(ICONS.award, 'icon icon--small'), h('span', {}, tenureLine(c))) : null,
    ceProgress(c.continuing_education, `cert-${sid}-ce`),
    h('h4', { class: 'cert__subtitle' }, 'Requirements'),
    checklist(c.requirements, tags, `cert-${sid}-requirements`),
    h('p', { class: 'cert__more' }, h('a', { href: `#/certifications/${encodeURIComponent(c.cert_id)}`, 'aria-label': `History and recertification options of ${c.name}` },
      'History and recertification options', icon(ICONS.arrow, 'icon icon--small'))));
}

/* ---------- expert tenure ---------- */

function yearsText(n) {
  return `${n} year${n === 1 ? '' : 's'}`;
}

/** Where Emeritus stands, in one line (the status view's card). */
function tenureLine(c) {
  const e = c.emeritus;
  const held = c.tenure_years === null || c.tenure_years === undefined ? '' : `Held ${yearsText(c.tenure_years)} · `;
  if (e.lifetime) return `${held}Lifetime Emeritus`;
  if (e.since) return `${held}Emeritus since ${formatDate(e.since)}`;
  if (e.requested_on) return `${held}Emeritus from ${formatDate(e.starts_on)} (requested)`;
  if (e.eligible) return `${held}Eligible for Emeritus status`;
  return `${held}Emeritus eligibility from ${formatDate(e.eligible_from)}`;
}

/** Whole years between two ISO days (how many the catalog asks for: eligibility − start). */
function yearsBetween(from, to) {
  const [a, b] = [from, to].map((d) => String(d || '').split('-').map(Number));
  if (a.length < 3 || b.length < 3) return null;
  return b[0] - a[0] - (b[1] < a[1] || (b[1] === a[1] && b[2] < a[2]) ? 1 : 0);
}

/** The sentence under the facts: where the request stands, or when it can be made. */
function tenureState(cert) {
  const e = cert.emeritus;
  const needed = yearsBetween(cert.earned_on, e.eligible_from);
  const forLife = yearsBetween(cert.earned_on, e.lifetime_from);
  if (e.lifetime && e.since) {
    return `Lifetime Emeritus since ${formatDate(e.lifetime_since)}: ${forLife} consecutive years. Emeritus is an honorary status that keeps your certification number and history; it is not a current certification (no badge, PDF certificate or logo).`;
  }
  if (e.since) {
    return `Emeritus since ${formatDate(e.since)}: an honorary status that keeps your certification number and history. It is not a current certification (no badge, PDF certificate or logo). It becomes lifetime Emeritus on ${formatDate(e.lifetime_from)}.`;
  }
  if (e.lifetime) {
    return `Lifetime Emeritus since ${formatDate(e.lifetime_since)}: ${forLife} consecutive years. ${cert.name} never expires any more: when a cycle ends without recertifying, it becomes Emeritus.`;
  }
  if (e.requested_on) {
    return `You requested Emeritus status on ${formatDate(e.requested_on)}. ${cert.name} stays active until ${formatDate(e.starts_on)} and is not renewed any more; it then becomes Emeritus.`;
  }
  if (e.eligible) {
    return `Held ${yearsText(cert.tenure_years)} without a break: you may request Emeritus status instead of recertifying.`;
  }
  if (cert.status === 'pending_agreement') {
    return `Accept the Certification Agreement first. Emeritus status can be requested from ${formatDate(e.eligible_from)}, after ${yearsText(needed)} held without a break.`;
  }
  return `You can request Emeritus status from ${formatDate(e.eligible_from)}, after ${yearsText(needed)} held without a break.`;
}

function tenurePanel(ctx, cert) {
  const e = cert.emeritus;
  const needed = yearsBetween(cert.earned_on, e.eligible_from);
  const forLife = yearsBetween(cert.earned_on, e.lifetime_from);
  const body = h('div', { class: 'tenure__body' },
    h('p', { class: ['tenure__state', e.eligible ? 'is-eligible' : null], id: 'cert-emeritus-state' }, tenureState(cert)));
  if (e.eligible) body.append(emeritusRequest(ctx, cert, body));
  return panel({ id: 'cert-emeritus-section', title: 'Expert tenure', iconName: 'award', className: 'tenure' },
    h('dl', { class: 'facts facts--compact', id: 'cert-emeritus-facts' },
      tenureRow('Held without a break', `${yearsText(cert.tenure_years)} · since ${formatDate(cert.earned_on)}`, 'cert-emeritus-held'),
      tenureRow(`Emeritus (${needed} years)`, e.eligible || e.requested_on || e.since ? `Eligible since ${formatDate(e.eligible_from)}` : `Eligible from ${formatDate(e.eligible_from)}`, 'cert-emeritus-eligible-from'),
      tenureRow(`Lifetime (${forLife} years)`, e.lifetime ? `Since ${formatDate(e.lifetime_since)}` : `From ${formatDate(e.lifetime_from)}`, 'cert-emeritus-lifetime-from')),
    body);
}

function tenureRow(label, value, id) {
  return h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', { id }, value));
}

/** The request button, and the confirmation step that says what the request changes. */
function emeritusRequest(ctx, cert, body) {
  const button = h('button', { type: 'button', class: 'btn btn--secondary', id: 'cert-emeritus-request', 'aria-expanded': 'false',
    'aria-controls': 'cert-emeritus-confirm' }, icon(ICONS.award), h('span', {}, 'Request Emeritus status'));
  const actions = h('div', { class: 'form__actions' }, button);
  let box = null;
  const close = () => {
    if (!box) return;
    box.remove();
    box = null;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  };
  button.addEventListener('click', () => {
    if (!box) {
      box = emeritusConfirm(ctx, cert, close);
      body.append(box);
      button.setAttribute('aria-expanded', 'true');
    }
    box.querySelector('#cert-emeritus-confirm-title').focus();
  });
  return actions;
}

function emeritusConfirm(ctx, cert, close) {
  const yes = h('button', { type: 'button', class: 'btn btn--primary', id: 'cert-emeritus-confirm-yes' }, 'Request Emeritus status');
  const no = h('button', { type: 'button', class: 'btn btn--secondary', id: 'cert-emeritus-confirm-cancel' }, 'Cancel');
  const refusal = h('p', { class: 'form__refusal', id: 'cert-emeritus-refusal', tabindex: '-1', hidden: true });
  const ends = cert.expires_on ? formatDate(cert.expires_on) : 'the end of this cycle';
  const box = h('div', { class: 'claim-confirm', id: 'cert-emeritus-confirm', role: 'group', 'aria-labelledby': 'cert-emeritus-confirm-title' },
    h('h3', { class: 'claim-confirm__title', id: 'cert-emeritus-confirm-title', tabindex: '-1' }, `Request ${cert.name} Emeritus?`),
    h('ul', { class: 'tenure__effects' },
      h('li', {}, `${cert.name} stays active until ${ends}, and is not renewed any more: exams and CE credits no longer recertify it.`),
      h('li', {}, `On ${ends} it becomes Emeritus instead of expiring: an honorary status that keeps your certification number and history.`),
      h('li', {}, 'Emeritus is not a current certification: it has no digital badge, PDF certificate or logo.')),
    h('p', { class: 'small muted' }, 'Changed your mind later? Open a support case: an administrator can reverse the request.'),
    refusal,
    h('div', { class: 'confirm__actions' }, yes, no));
  closeOnEscape(box, close, yes);
  no.addEventListener('click', close);
  yes.addEventListener('click', async () => {
    refusal.hidden = true;
    const undo = setBusy(box, yes, 'Requesting…');
    no.disabled = true;
    try {
      const answer = await api(`/me/certifications/${encodeURIComponent(cert.cert_id)}/emeritus`, { method: 'POST' });
      if (!ctx.isCurrent()) return;
      await renderDetail({ ...ctx, root: clear(ctx.root) }, cert.cert_id);
      showAlert('success', `Emeritus status requested: ${answer.name} becomes Emeritus on ${formatDate(answer.emeritus.starts_on)}.`);
      document.getElementById('cert-emeritus-state')?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      undo();
      no.disabled = false;
      if (!(err instanceof ApiError) || err.status !== 409) {
        showError(err, { failTitle: 'Not requested.' });
        return;
      }
      refusal.textContent = sentence(err.message);
      refusal.hidden = false;
      refusal.focus();
    }
  });
  return box;
}

/* ---------- one certification ---------- */

function backLink(id = 'cert-back-link') {
  return h('p', { class: 'back' }, h('a', { href: '#/certifications', id, class: 'back__link' }, icon(ICONS.back, 'icon icon--small'), 'All certifications'));
}

async function renderDetail(ctx, certId) {
  ctx.root.append(backLink(), loading('Loading the certification…'));
  let cert;
  let tags;
  try {
    [cert, tags] = await Promise.all([api(`/me/certifications/${encodeURIComponent(certId)}`), examTags()]);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      if (!ctx.isCurrent()) return;
      ctx.setTitle('Certification not found');
      showAlert('error', sentence(err.message));
      append(clear(ctx.root), [backLink(), h('div', { class: 'card' }, emptyBox('cert-not-found', 'This certification is not on your record',
        'It is neither held nor in progress. The list of your certifications is one click away.'))]);
      return;
    }
    throw err;
  }
  if (!ctx.isCurrent()) return;
  ctx.setTitle(cert.name);

  const options = cert.recertification_options || [];
  const history = cert.history || [];
  append(clear(ctx.root), [
    backLink(),
    h('div', { class: 'detail-grid' },
      h('section', { class: ['card', 'cert', 'cert--detail', `cert--${safeId(cert.status)}`], id: 'cert-detail', 'aria-labelledby': 'cert-detail-heading' },
        h('div', { class: 'cert__head' },
          h('h2', { class: 'card__title', id: 'cert-detail-heading' }, icon(ICONS.badge), h('span', {}, 'Status')),
          statusTag(cert.status, 'cert-detail-status')),
        h('p', { class: 'cert__level' }, `${levelLabel(cert.level)} level · ${cert.cert_id}`),
        dateFacts(cert, 'cert-detail-dates'),
        cert.status === 'pending_agreement'
          ? h('div', { class: 'note note--warn', id: 'cert-detail-pending' }, icon(ICONS.warning, 'icon note__icon'),
            h('div', {}, h('p', { class: 'note__text' }, 'You have met the requirements. This certification becomes active once you accept the Certification Agreement.'),
              agreementLink('cert-detail-agreement-link')))
          : null,
        ceProgress(cert.continuing_education, 'cert-detail-ce'),
        h('h3', { class: 'cert__subtitle' }, 'Requirements'),
        checklist(cert.requirements, tags, 'cert-detail-requirements')),
      h('div', { class: 'stack stack--tight' },
        cert.emeritus ? tenurePanel(ctx, cert) : null,
        panel({ id: 'cert-options-section', title: 'Recertification options', iconName: 'history' },
          options.length
            ? [h('p', { class: 'card__intro' }, cert.continuing_education && cert.continuing_education.cycle_ends_on
              ? `Complete any one of these before ${formatDate(cert.continuing_education.cycle_ends_on)} to renew it for another cycle.`
              : 'Complete any one of these to renew it for another cycle.'),
            h('ul', { class: 'options', id: 'cert-options' }, options.map((o) => optionItem(o, cert.continuing_education)))]
            : h('p', { class: 'muted', id: 'cert-options' }, noOptionsText(cert))),
        panel({ id: 'cert-history-section', title: 'History', iconName: 'clock' },
          history.length
            ? h('ol', { class: 'timeline', id: 'cert-history' }, history.map((e) => h('li', { class: ['timeline__item', `timeline__item--${safeId(e.kind)}`] },
              h('span', { class: 'timeline__dot', 'aria-hidden': 'true' }),
              h('p', { class: 'timeline__head' }, h('time', { datetime: e.on }, formatDate(e.on)), ' · ',
                h('strong', {}, HISTORY_KINDS[e.kind] || sentence(String(e.kind || '').replace(/_/g, ' ')))),
              e.detail ? h('p', { class: 'timeline__detail' }, sentence(e.detail)) : null)))
            : h('p', { class: 'muted', id: 'cert-history' }, 'Nothing has happened to this certification yet.')),
        logosPanel(ctx, cert))),
  ]);
}

function noOptionsText(cert) {
  if (cert.status === 'in_progress') return 'Recertification options apply once the certification is earned.';
  if (cert.status === 'emeritus') return 'Emeritus status is not recertified.';
  if (cert.emeritus && cert.emeritus.requested_on) return 'Not renewed any more: you requested Emeritus status instead.';
  if (cert.status === 'expired' || cert.status === 'revoked') return 'Earn it again to hold it.';
  return 'This certification does not need recertifying.';
}

const LOGO_VARIANTS = { light: 'For light backgrounds', dark: 'For dark backgrounds' };
const LOGO_FORMATS = { svg: 'SVG (any size)', png: 'PNG' };

/**
 * Logo artwork (guide §7) for an active certification: the links are fetched when asked for, shown
 * with the usage terms, and removed when they expire.
 */
function logosPanel(ctx, cert) {
  const intro = h('p', { class: 'card__intro' }, 'Use the logo of a certification you hold on business cards, résumés and profiles.');
  if (cert.status !== 'active') {
    return panel({ id: 'cert-logos-section', title: 'Logos', iconName: 'image' }, intro,
      h('p', { class: 'muted', id: 'cert-logos-unavailable' }, 'Logos are available while the certification is active.'));
  }
  const body = h('div', { class: 'logos__body' });
  const button = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: 'cert-logos-get' },
    icon(ICONS.download), h('span', {}, 'Get logo files'));
  body.append(button);
  button.addEventListener('click', async () => {
    const undo = setBusy(body, button, 'Preparing…');
    try {
      const answer = await api(`/me/certifications/${encodeURIComponent(cert.cert_id)}/logos`);
      if (!ctx.isCurrent()) return;
      const minutes = linkMinutes(answer.expires_in);
      const list = logoList(answer, minutes);
      body.replaceChildren(list);
      setTimeout(() => body.replaceChildren(button), (Number(answer.expires_in) || 300) * 1000);
      list.querySelector('a')?.focus();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      if (err instanceof ApiError && err.status === 409) {
        body.replaceChildren(h('p', { class: 'form__refusal', id: 'cert-logos-unavailable' }, sentence(err.message)));
        return;
      }
      showError(err, { failTitle: 'No logos.' });
    } finally {
      undo();
    }
  });
  return panel({ id: 'cert-logos-section', title: 'Logos', iconName: 'image' }, intro, body);
}

function logoList(answer, minutes) {
  const items = answer.items || [];
  const groups = Object.keys(LOGO_VARIANTS).map((variant) => {
    const files = items.filter((i) => i.variant === variant);
    if (!files.length) return null;
    return h('li', { class: ['logo', `logo--${variant}`] },
      h('p', { class: 'logo__label' }, icon(ICONS.image, 'icon icon--small'), h('span', {}, LOGO_VARIANTS[variant])),
      h('p', { class: 'logo__files' }, files.map((f, i) => [i ? ' · ' : null,
        h('a', { href: f.url, id: `cert-logo-${safeId(f.variant)}-${safeId(f.format)}`, download: f.filename, rel: 'noopener noreferrer',
          'aria-label': `Download ${f.filename}` }, LOGO_FORMATS[f.format] || f.format.toUpperCase())])));
  });
  return h('div', { class: 'logos' },
    h('ul', { class: 'logos__list', id: 'cert-logos' }, groups),
    h('p', { class: 'small muted' }, `These links work for ${minutes} minute${minutes === 1 ? '' : 's'}.`),
    h('div', { class: 'note logos__terms' }, icon(ICONS.info, 'icon note__icon'),
      h('div', {}, h('p', { class: 'note__title' }, 'Usage terms'), h('p', { class: 'note__text', id: 'cert-logos-terms' }, answer.usage_terms))));
}

function optionItem(o, ce) {
  const earned = ce ? Number(ce.earned) || 0 : null;
  const ceOnly = Number(o.ce) > 0 && !(Number(o.exams) > 0);
  return h('li', { class: 'options__item' },
    h('p', { class: 'options__name' }, sentence(o.name)),
    Number(o.ce) > 0 && earned !== null
      ? h('p', { class: ['options__progress', earned >= Number(o.ce) ? 'is-met' : null] },
        earned >= Number(o.ce)
          ? `${ceOnly ? 'Met' : 'Credit part met'}: you have ${formatNumber(earned)} credits this cycle.`
          : `You have ${formatNumber(earned)} of ${formatNumber(o.ce)} credits this cycle.`)
      : null);
}

function renderMissing(ctx) {
  ctx.setTitle('Page not found');
  ctx.root.append(backLink(), h('div', { class: 'card' }, emptyBox('cert-not-found', 'There is no page at this address', 'Go back to your certifications.')));
}

/* ---------- the agreement ---------- */

async function renderAgreement(ctx) {
  ctx.setTitle('Certification Agreement');
  ctx.root.append(backLink('agreement-back-link'), loading('Loading the agreement…'));
  const certs = await api('/me/certifications');
  if (!ctx.isCurrent()) return;
  const pending = certs.items.filter((c) => c.status === 'pending_agreement');
  append(clear(ctx.root), [backLink('agreement-back-link'), agreementSection(ctx, certs.agreement, pending)]);
}

/**
 * The agreement's text as prose that wraps to the screen: the catalog keeps it as plain text with
 * hard line breaks, a title line, then numbered clauses whose continuation lines are indented.
 * Lines are joined into paragraphs (a blank line separates them) and "1. …" clauses into a list.
 */
export function agreementProse(text) {
  const blocks = [];
  let clauses = null;
  let current = null;
  for (const raw of String(text).replace(/\r\n/g, '\n').split('\n')) {
    const line = raw.trim();
    const clause = /^(\d+)\.\s+(.*)$/.exec(line);
    if (!line) {
      current = null;
      clauses = null;
    } else if (clause) {
      if (!clauses) {
        clauses = h('ol', { class: 'agreement__clauses', start: clause[1] });
        blocks.push(clauses);
      }
      current = h('li', {}, clause[2]);
      clauses.append(current);
    } else if (current) {
      current.append(` ${line}`);
    } else {
      current = h('p', {}, line);
      clauses = null;
      blocks.push(current);
    }
  }
  return blocks;
}

function agreementSection(ctx, agreement, pending) {
  const accepted = Boolean(agreement.accepted);
  const section = panel({ id: 'agreement-section', title: `Certification Agreement · version ${agreement.version}`, iconName: 'transcript', className: 'agreement' },
    h('dl', { class: 'facts facts--compact' },
      h('div', { class: 'facts__row' }, h('dt', {}, 'Version'), h('dd', { id: 'agreement-version' }, agreement.version)),
      h('div', { class: 'facts__row' }, h('dt', {}, 'In effect since'), h('dd', { id: 'agreement-effective' }, formatDate(agreement.effective_on))),
      h('div', { class: 'facts__row' }, h('dt', {}, 'Your acceptance'), h('dd', { id: 'agreement-state' },
        accepted
          ? h('span', { class: 'tag tag--ok' }, `Accepted ${formatDate(agreement.accepted_on)}`)
          : h('span', { class: 'tag tag--warn' }, 'Not accepted yet')))),
    h('div', { class: 'agreement__text', id: 'agreement-text', tabindex: '0', role: 'region', 'aria-label': 'Agreement text' },
      agreementProse(agreement.text || '')));

  if (!accepted) {
    const button = h('button', { type: 'submit', class: 'btn btn--primary', id: 'agreement-accept' }, 'I accept');
    const form = h('form', { id: 'agreement-form', class: 'form agreement__form', novalidate: true, 'aria-label': 'Accept the Certification Agreement' },
      pending.length
        ? h('p', { id: 'agreement-pending', class: 'agreement__pending' }, 'Accepting activates ', joinNames(pending.map((c) => c.name)), '.')
        : null,
      h('p', { class: 'muted small' }, `By selecting “I accept” you agree to version ${agreement.version} of the Certification Agreement above.`),
      h('div', { class: 'form__actions' }, button));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const done = setBusy(form, button, 'Accepting…');
      try {
        const result = await api('/me/agreement', { method: 'POST', body: { version: agreement.version } });
        if (!ctx.isCurrent()) return;
        const activated = pending.length
          ? ` ${pending.length === 1 ? `${pending[0].name} is` : `${pending.length} certifications are`} now active.`
          : '';
        ctx.navigate('certifications', { notice: { kind: 'success',
          message: `You accepted the Certification Agreement (version ${result.version || agreement.version}).${activated}` } });
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return;
        if (err instanceof ApiError && err.status === 400 && err.field === 'version') {
          // A newer version came into effect while the page was open: show it.
          await renderAgreement({ ...ctx, root: clear(ctx.root) }).catch(() => {});
          showAlert('warning', `${sentence(err.message.replace(/^version: /, ''))}. The current version is shown below; please read it before accepting.`,
            { title: 'Not accepted.' });
          return;
        }
        showError(err, { failTitle: 'Not accepted.' });
      } finally {
        done();
      }
    });
    section.append(form);
  }
  return section;
}
