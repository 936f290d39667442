/**
 * The "Transcripts" card of Transcripts & Digital Badges (guide §9): the candidate shares a
 * transcript of their certifications with a third party, sees who opened it, and revokes it.
 *   - Create (`POST /me/transcripts`): a recipient (for the holder's own list: the recipient does
 *     not see it), the certifications (every one held, as of each viewing, or some of those held:
 *     active or expired, from `GET /me/certifications`), the passed exams and their scores (scores
 *     only with the exams), and the day it is shared until (90 days ahead by default, one year at
 *     most; checked here before the API checks it again, and the API's refusal is shown at the
 *     field it names).
 *   - The result: the link (with Copy), and the transcript ID and verification code, large enough
 *     to read over the phone, to enter at <portal>/#/transcripts; the day it is shared until,
 *     which is the transcript's expiry, not the certifications'. The API shows the link and the
 *     code only then (it keeps their hashes).
 *   - The list (`GET /me/transcripts`, newest first): recipient, what it shows, created, shared
 *     until, status (Active, Expired, Revoked: greyed), views and the last one; "Views" opens the
 *     list of views (`GET /me/transcripts/{id}/views`: when, by link or by ID and code, browser,
 *     country); "Revoke", after a confirmation (`DELETE /me/transcripts/{id}`).
 *
 * Ids (<tid> = the transcript id with characters other than A-Z a-z 0-9 _ - replaced by _;
 *      <cid> the same of a certification id):
 *   #transcripts-section, #transcripts-nothing (no certification held: no form);
 *   the form: #transcript-form, #transcript-recipient, #transcript-certs-group (radios
 *     #transcript-certs-all, #transcript-certs-some; #transcript-cert-choices with one checkbox
 *     #transcript-cert-<cid> per certification; errors #transcript-certs-error),
 *     #transcript-exams, #transcript-scores, #transcript-expires (each with its error line
 *     #<id>-error), #transcript-create;
 *   the result: #transcript-created (#transcript-created-title, #transcript-link, #transcript-copy,
 *     #transcript-copied (a status region), #transcript-new-id, #transcript-new-code,
 *     #transcript-open-address, #transcript-new-expires);
 *   the list: #transcripts-list, #transcripts-empty; per transcript #transcript-<tid> (data-status
 *     = active | expired | revoked), #transcript-<tid>-title, #transcript-<tid>-status (tag),
 *     #transcript-<tid>-shows, #transcript-<tid>-created, #transcript-<tid>-until,
 *     #transcript-<tid>-revoked-on (revoked), #transcript-<tid>-views-count,
 *     #transcript-<tid>-views (a disclosure, when viewed: #transcript-<tid>-views-list, one
 *     #transcript-<tid>-view-<n> per view, data-how = link | code), #transcript-<tid>-revoke
 *     (active only), #transcript-<tid>-confirm (#transcript-<tid>-revoke-confirm,
 *     #transcript-<tid>-revoke-cancel; Escape cancels).
 */

import { ApiError, api } from './api.js';
import { countryName } from './countries.js';
import {
  ICONS, checkboxField, clearAlert, closeOnEscape, copyText, formatDate, formatDateTime, h, icon, loading, panel, radioGroup, safeId,
  sentence, setBusy, setFieldError, showAlert, showError, submitForm, textField, valueOf,
} from './dom.js';

const DEFAULT_DAYS = 90;
const MAX_DAYS = 365;
const STATUS = {
  active: { label: 'Active', tag: 'tag--ok' },
  expired: { label: 'Expired', tag: 'tag--neutral' },
  revoked: { label: 'Revoked', tag: 'tag--error' },
};
const CERT_STATUS = { active: 'Active', expired: 'Expired' };
const FIELDS = {
  recipient: 'transcript-recipient',
  cert_ids: 'transcript-certs',
  include_exams: 'transcript-exams',
  include_scores: 'transcript-scores',
  expires_on: 'transcript-expires',
};
const LABELS = {
  recipient: 'Recipient',
  cert_ids: 'Certifications',
  include_exams: 'Passed exams',
  include_scores: 'Scores',
  expires_on: 'Shared until',
};

/** The card, and `load()`, which fills it (the page awaits it). */
export function transcriptsCard(ctx) {
  const body = h('div', { class: 'transcripts__body' }, loading('Loading your transcripts…'));
  const card = panel({ id: 'transcripts-section', title: 'Transcripts', iconName: 'transcript', className: 'transcripts' },
    h('p', { class: 'card__intro' }, 'Share a transcript of your certifications with an employer or another third party. They open it with a link, or with its ID and verification code, without signing in, and see each certification’s status on the day they look. You see each time it is opened, and can revoke it at any time.'),
    body);

  async function load() {
    const [shared, certifications] = await Promise.all([api('/me/transcripts'), api('/me/certifications')]);
    if (!ctx.isCurrent()) return;
    const all = certifications.items || [];
    const names = new Map(all.map((c) => [c.cert_id, c.name]));
    const held = all.filter((c) => c.status in CERT_STATUS);
    const list = h('div', { class: 'transcripts__list' });
    const result = h('div', { class: 'transcripts__result' });
    const hooks = {
      reload: async () => {
        const answer = await api('/me/transcripts');
        if (ctx.isCurrent()) showList(ctx, list, answer.items || [], names, hooks);
      },
      /** A revoked transcript's link and code are no use any more: the result stops showing them. */
      revoked: (transcriptId) => {
        if (result.dataset.transcriptId === transcriptId) result.replaceChildren();
      },
    };
    showList(ctx, list, shared.items || [], names, hooks);
    body.replaceChildren(
      held.length
        ? createForm(ctx, held, async (created, recipient) => {
          showCreated(result, created, recipient);
          await hooks.reload();
        })
        : h('p', { class: 'note', id: 'transcripts-nothing' }, icon(ICONS.info, 'icon note__icon'),
          h('span', {}, 'You hold no certification yet, so a transcript would have nothing to show. Once you have earned one, share it from here. ',
            h('a', { href: '#/certifications' }, 'See your certifications'), '.')),
      result,
      h('h3', { class: 'transcripts__subtitle' }, 'Your shared transcripts'),
      list);
  }

  return { card, load };
}

/* ---------- creating ---------- */

/** A UTC day `days` from today, as the API counts them (yyyy-mm-dd). */
function utcDay(days) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function createForm(ctx, held, onCreated) {
  const first = utcDay(1);
  const last = utcDay(MAX_DAYS);
  const certs = radioGroup({
    name: 'transcript-certs',
    id: 'transcript-certs-group',
    legend: 'Certifications',
    value: 'all',
    options: [
      { id: 'transcript-certs-all', value: 'all', label: ['All I hold', h('span', { class: 'check__hint' }, ' — as they stand on the day it is opened, including any I earn meanwhile')] },
      { id: 'transcript-certs-some', value: 'some', label: 'Only the ones I choose' },
    ],
  });
  certs.querySelector('.radios').classList.add('radios--stacked');
  const choices = h('ul', { class: 'transcripts__choices', id: 'transcript-cert-choices', hidden: true, 'aria-label': 'Certifications to include' },
    held.map((c) => h('li', { class: 'radio' },
      h('input', { type: 'checkbox', class: 'check', id: `transcript-cert-${safeId(c.cert_id)}`, value: c.cert_id }),
      h('label', { for: `transcript-cert-${safeId(c.cert_id)}`, class: 'check__label' }, c.name, ' ',
        h('span', { class: ['tag', c.status === 'active' ? 'tag--ok' : 'tag--error', 'tag--inline'] }, CERT_STATUS[c.status])))));
  certs.querySelector('.field__error').before(choices);

  const exams = checkboxField({ id: 'transcript-exams', label: 'Include my passed exams', hint: 'Exam codes, titles and the days you passed them.' });
  const scores = checkboxField({ id: 'transcript-scores', label: 'Include my scores', hint: 'Only with the passed exams: each one’s score and passing score.' });
  const examsBox = exams.querySelector('input');
  const scoresBox = scores.querySelector('input');
  scoresBox.disabled = true;

  const expires = textField({ id: 'transcript-expires', label: 'Shared until', type: 'date', required: true, value: utcDay(DEFAULT_DAYS),
    hint: `The link and the code stop working after this day: ${DEFAULT_DAYS} days from today unless you change it, ${formatDate(last)} at the latest. This is the transcript’s own expiry, not your certifications’.` });
  const expiresInput = expires.querySelector('input');
  expiresInput.min = first;
  expiresInput.max = last;

  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: 'transcript-create' }, icon(ICONS.link), h('span', {}, 'Create transcript'));
  const form = h('form', { id: 'transcript-form', class: 'form transcripts__form', novalidate: true, 'aria-labelledby': 'transcript-form-title' },
    h('h3', { class: 'transcripts__subtitle', id: 'transcript-form-title' }, 'Share a new transcript'),
    h('div', { class: 'form__row' },
      textField({ id: 'transcript-recipient', label: 'Recipient (optional)', maxlength: 200, autocomplete: 'off',
        hint: 'Who it is for, e.g. “Acme Corp hiring”, to find it in your list. Only you see this.' }),
      expires),
    certs,
    exams,
    scores,
    h('div', { class: 'form__actions' }, button));

  /** Back to the defaults, for the next transcript. */
  const resetForm = () => {
    form.querySelector('#transcript-recipient').value = '';
    form.querySelector('#transcript-certs-all').checked = true;
    choices.querySelectorAll('input').forEach((box) => { box.checked = false; });
    choices.hidden = true;
    examsBox.checked = false;
    scoresBox.checked = false;
    scoresBox.disabled = true;
    expiresInput.value = utcDay(DEFAULT_DAYS);
  };
  const someChosen = () => form.querySelector('#transcript-certs-some').checked;
  form.addEventListener('change', (event) => {
    if (event.target.name === 'transcript-certs') choices.hidden = !someChosen();
    if (event.target === examsBox) {
      scoresBox.disabled = !examsBox.checked;
      if (!examsBox.checked) scoresBox.checked = false;
    }
  });

  /** A refusal found here, shown as the API's would be: at the field, and in #alert. */
  const refuse = (field, message, focus) => {
    setFieldError(form, FIELDS[field], message);
    showAlert('error', `${LABELS[field]}: ${message}`, { title: 'Not created.' });
    (focus || form.querySelector(`#${FIELDS[field]}`))?.focus();
    return null;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const recipient = valueOf(form, 'transcript-recipient');
    submitForm({
      form,
      button,
      busyLabel: 'Creating…',
      failTitle: 'Not created.',
      fields: FIELDS,
      labels: LABELS,
      action: () => {
        const day = expiresInput.value;
        if (day < first) return refuse('expires_on', 'Choose a day after today.');
        if (day > last) return refuse('expires_on', `At most one year ahead: ${formatDate(last)} at the latest.`);
        const ticked = Array.from(choices.querySelectorAll('input:checked'), (box) => box.value);
        if (someChosen() && !ticked.length) {
          return refuse('cert_ids', 'Choose at least one certification, or share all you hold.', choices.querySelector('input'));
        }
        return api('/me/transcripts', {
          method: 'POST',
          body: {
            recipient,
            cert_ids: someChosen() ? ticked : null,
            include_exams: examsBox.checked,
            include_scores: scoresBox.checked,
            expires_on: day,
          },
        });
      },
      onSuccess: async (created) => {
        if (!created || !ctx.isCurrent()) return;
        resetForm();
        await onCreated(created, recipient);
      },
    });
  });
  return form;
}

/** The new transcript's link, ID and code: shown once (the API keeps only their hashes). */
function showCreated(box, created, recipient) {
  const link = h('input', { id: 'transcript-link', class: 'input input--mono', type: 'text', readonly: true, value: created.url,
    spellcheck: 'false', autocomplete: 'off' });
  const copyLabel = h('span', {}, 'Copy link');
  const copy = h('button', { type: 'button', class: 'btn btn--primary', id: 'transcript-copy', 'aria-describedby': 'transcript-copied' },
    icon(ICONS.link), copyLabel);
  const copied = h('p', { class: 'transcripts__copied', id: 'transcript-copied', role: 'status' });
  copy.addEventListener('click', async () => {
    if (await copyText(link)) {
      copied.replaceChildren(icon(ICONS.check, 'icon icon--small'), h('span', {}, 'Link copied: paste it into your message to the recipient.'));
    } else {
      link.focus();
      link.select();
      copied.replaceChildren(h('span', {}, 'Your browser did not allow copying. The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.'));
    }
  });
  const title = h('h3', { class: 'transcripts__created-title', id: 'transcript-created-title', tabindex: -1 },
    icon(ICONS.check), h('span', {}, recipient ? `Your transcript for ${recipient} is ready` : 'Your transcript is ready'));
  const address = created.url.replace(/\/[^/]*$/, '');
  box.dataset.transcriptId = created.transcript_id;
  box.replaceChildren(h('section', { class: 'transcripts__created', id: 'transcript-created', 'aria-labelledby': 'transcript-created-title' },
    title,
    h('div', { class: 'field' },
      h('label', { for: 'transcript-link', class: 'field__label' }, 'Link to send'),
      h('div', { class: 'input-group' }, link, copy),
      copied),
    h('p', { class: 'transcripts__spoken-intro' }, 'Or, on the phone, give the transcript ID and verification code, to enter at ',
      h('span', { class: 'code', id: 'transcript-open-address' }, address), ':'),
    h('dl', { class: 'spoken' },
      h('div', { class: 'spoken__item' }, h('dt', {}, 'Transcript ID'), h('dd', { class: 'spoken__value', id: 'transcript-new-id' }, created.transcript_id)),
      h('div', { class: 'spoken__item' }, h('dt', {}, 'Verification code'), h('dd', { class: 'spoken__value', id: 'transcript-new-code' }, created.verification_code))),
    h('p', { class: 'note' }, icon(ICONS.clock, 'icon note__icon'),
      h('span', {}, 'Shared until ', h('strong', { id: 'transcript-new-expires' }, formatDate(created.expires_on)),
        ': the link and the code stop working after that day. That is the transcript’s expiry, not your certifications’: until then, whoever opens it sees each certification’s status and dates as they are on that day.')),
    h('p', { class: 'note note--warn' }, icon(ICONS.warning, 'icon note__icon'),
      h('span', {}, 'The link and the code are shown only now: keep them before you leave this page. If you lose them, share a new transcript and revoke this one.'))));
  showAlert('success', 'Your transcript is ready: send its link, or give its ID and verification code.');
  title.focus();
}

/* ---------- the list ---------- */

function showList(ctx, box, items, names, hooks) {
  box.replaceChildren(items.length
    ? h('ul', { class: 'transcripts__items', id: 'transcripts-list' }, items.map((t) => h('li', {}, transcriptItem(ctx, t, names, hooks))))
    : h('p', { class: 'muted', id: 'transcripts-empty' }, 'You have not shared a transcript yet.'));
}

function transcriptItem(ctx, t, names, hooks) {
  const tid = safeId(t.transcript_id);
  const status = STATUS[t.status] || { label: sentence(String(t.status || '')), tag: 'tag--neutral' };
  const shows = [
    t.cert_ids ? t.cert_ids.map((c) => names.get(c) || c).join(', ') : 'All certifications held',
    t.include_exams ? (t.include_scores ? 'passed exams with scores' : 'passed exams') : null,
  ].filter(Boolean).join(' · ');
  const rows = [
    ['Created', formatDateTime(t.created_at), `transcript-${tid}-created`],
    [t.status === 'expired' ? 'Expired after' : 'Shared until', formatDate(t.expires_on), `transcript-${tid}-until`],
    t.status === 'revoked' ? ['Revoked', formatDateTime(t.revoked_at), `transcript-${tid}-revoked-on`] : null,
    ['Views', t.views ? `${t.views} · last ${formatDateTime(t.last_viewed_at)}` : 'Not opened yet', `transcript-${tid}-views-count`],
  ].filter(Boolean);
  const item = h('article', { class: ['transcript', `transcript--${safeId(t.status)}`], id: `transcript-${tid}`,
    'aria-labelledby': `transcript-${tid}-title`, dataset: { status: t.status } },
  h('div', { class: 'transcript__head' },
    h('h4', { class: 'transcript__title', id: `transcript-${tid}-title`, tabindex: -1 }, t.recipient || 'No recipient named'),
    h('span', { class: ['tag', status.tag], id: `transcript-${tid}-status` }, status.label)),
  h('p', { class: 'transcript__meta' }, 'ID ', h('span', { class: 'code' }, t.transcript_id), ' · ',
    h('span', { id: `transcript-${tid}-shows` }, shows)),
  h('dl', { class: 'facts facts--compact transcript__facts' },
    rows.map(([label, value, id]) => h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', { id }, value)))),
  t.views ? viewsDisclosure(t, tid) : null);
  if (t.status === 'active') item.append(revokeControls(ctx, t, tid, hooks));
  return item;
}

function viewsDisclosure(t, tid) {
  const list = h('div', { class: 'transcript__views-body' });
  const details = h('details', { class: 'transcript__views', id: `transcript-${tid}-views` },
    h('summary', {}, `Views (${t.views})`), list);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded) return;
    loaded = true;
    list.replaceChildren(loading('Loading the views…'));
    try {
      const answer = await api(`/me/transcripts/${encodeURIComponent(t.transcript_id)}/views`);
      list.replaceChildren(h('ol', { class: 'transcript__views-list', id: `transcript-${tid}-views-list` },
        (answer.items || []).map((v, n) => h('li', { id: `transcript-${tid}-view-${n}`, dataset: { how: v.how } },
          h('time', { datetime: v.at }, formatDateTime(v.at)), ' · ',
          v.how === 'code' ? 'opened with the ID and code' : 'opened with the link', ' · ',
          h('span', { title: v.user_agent || null }, browserOf(v.user_agent)),
          v.country ? [' · ', countryName(v.country)] : null))));
    } catch (err) {
      loaded = false; // opening it again tries again
      if (err instanceof ApiError && err.status === 401) return;
      if (!(err instanceof ApiError)) throw err;
      list.replaceChildren(h('p', { class: 'form__refusal' }, `The views could not be loaded: ${err.message}`));
    }
  });
  return details;
}

/** "Chrome on Windows" from a user agent; the agent itself when it names no browser known here. */
function browserOf(agent) {
  const ua = String(agent || '');
  if (!ua) return 'browser not known';
  const browser = [['Edg/', 'Edge'], ['OPR/', 'Opera'], ['Firefox/', 'Firefox'], ['CriOS/', 'Chrome'], ['Chrome/', 'Chrome'], ['Safari/', 'Safari']]
    .find(([mark]) => ua.includes(mark));
  if (!browser) return ua.slice(0, 80);
  const system = [['Windows', 'Windows'], ['iPhone', 'iOS'], ['iPad', 'iPadOS'], ['Android', 'Android'], ['CrOS', 'ChromeOS'], ['Mac OS X', 'macOS'], ['Linux', 'Linux']]
    .find(([mark]) => ua.includes(mark));
  return system ? `${browser[1]} on ${system[1]}` : browser[1];
}

function revokeControls(ctx, t, tid, hooks) {
  const whom = t.recipient ? `the transcript for ${t.recipient}` : `transcript ${t.transcript_id}`;
  const revoke = h('button', { type: 'button', class: 'btn btn--danger-ghost btn--small', id: `transcript-${tid}-revoke`,
    'aria-expanded': 'false', 'aria-controls': `transcript-${tid}-confirm` }, 'Revoke');
  const actions = h('div', { class: 'transcript__actions' }, revoke);
  let confirmBox = null;
  const close = () => {
    confirmBox?.remove();
    confirmBox = null;
    revoke.setAttribute('aria-expanded', 'false');
    revoke.focus();
  };
  revoke.addEventListener('click', () => {
    if (confirmBox) {
      confirmBox.querySelector(`#transcript-${tid}-revoke-cancel`).focus();
      return;
    }
    const yes = h('button', { type: 'button', class: 'btn btn--danger btn--small', id: `transcript-${tid}-revoke-confirm` }, 'Revoke transcript');
    const no = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `transcript-${tid}-revoke-cancel` }, 'Cancel');
    confirmBox = h('div', { class: 'confirm', id: `transcript-${tid}-confirm`, role: 'group', 'aria-labelledby': `transcript-${tid}-confirm-text` },
      h('p', { class: 'confirm__text', id: `transcript-${tid}-confirm-text` },
        `Revoke ${whom}? Its link and code stop working at once, and whoever opens them is told you revoked it. This cannot be undone.`),
      h('div', { class: 'confirm__actions' }, yes, no));
    no.addEventListener('click', close);
    closeOnEscape(confirmBox, close, yes);
    yes.addEventListener('click', async () => {
      clearAlert();
      const undo = setBusy(confirmBox, yes, 'Revoking…');
      no.disabled = true;
      try {
        await api(`/me/transcripts/${encodeURIComponent(t.transcript_id)}`, { method: 'DELETE' });
        if (!ctx.isCurrent()) return;
        hooks.revoked(t.transcript_id);
        await hooks.reload();
        showAlert('success', `${sentence(whom)} is revoked: its link and code no longer work.`);
        document.getElementById(`transcript-${tid}-title`)?.focus();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return;
        undo();
        no.disabled = false;
        showError(err, { failTitle: 'Not revoked.' });
      }
    });
    revoke.setAttribute('aria-expanded', 'true');
    actions.after(confirmBox);
    no.focus();
  });
  return actions;
}
