/**
 * Home, the landing page (guide §3): a "Ready, Set, Test" call to action and three panels from
 * `GET /me/dashboard` — Announcements, Recent Activity, Upcoming Expirations. Until that route
 * exists (404) or when it fails, the panels show their empty states.
 *
 * Announcement bodies are rendered by js/markdown.js (text, or a safe Markdown subset built from
 * DOM nodes); activity dates are relative ("3 weeks ago") with the absolute date beside them;
 * each expiring certification links to its detail page (#/certifications/<cert_id>).
 *
 * A first visit (the account has not seen the welcome: `welcomed` false in the shell's `GET /me`)
 * is greeted as one and recorded on the account (`PUT /me/welcome`, once per account: a new browser
 * or device is not greeted again, a new account on a used browser is); later ones as a return. What waits on the candidate comes first (#home-todo,
 * from the same dashboard answer): the agreement to accept (#todo-agreement, linking to it) and
 * each unclaimed kit (#todo-kit-<sid>: "ready to claim" only when its certification is active today,
 * otherwise what it waits for or why it cannot be claimed).
 *
 * Ids: #home-welcome, #cta-schedule, #panel-announcements, #panel-activity, #panel-expirations,
 *      #announcements-list, #activity-list, #expirations-list (lists only when there are items),
 *      #announcements-empty, #activity-empty, #expirations-empty (the empty states)
 *   (<sid> = the item's id with characters other than A-Z a-z 0-9 _ - replaced by _)
 *   per announcement: #announcement-<sid> (li), #announcement-<sid>-title, #announcement-<sid>-body
 *   per activity: #activity-item-<sid> (li), #activity-item-<sid>-when (a <time>, relative; absolute in its
 *     title attribute and after it)
 *   per expiring certification: #expiration-<sid> (li), #expiration-<sid>-link (to the detail),
 *     #expiration-<sid>-days (days left), #expiration-<sid>-date (expiry date),
 *     #expiration-<sid>-ce (CE progress: #expiration-<sid>-ce-value "earned / required",
 *     #expiration-<sid>-ce-bar <progress>, #expiration-<sid>-ce-missing "N credits missing"),
 *     #expiration-<sid>-options ("Recertify with: …")
 *   #appointments-next (under the call to action, only when exams are booked): per upcoming
 *     appointment #appointment-next-<sid> (exam, local time and place, a link to #/schedule)
 *   Expert tenure (#panel-emeritus, only when `emeritus` lists a certification): #emeritus-list;
 *     per certification #emeritus-<sid> (li), #emeritus-<sid>-link (to the detail, where Emeritus
 *     is requested), #emeritus-<sid>-text (when eligibility starts, or where it stands)
 */

import { ApiError, api, apiOptional } from '../api.js';
import { renderBody } from '../markdown.js';
import {
  ICONS, formatDate, formatNumber, formatRelative, formatWhen, h, icon, loading, panel, safeId, sentence, showAlert,
} from '../dom.js';

const EXPIRY_SOON_DAYS = 90;
const EXPIRY_URGENT_DAYS = 30;
const LEVELS = { entry: 'Entry', associate: 'Associate', specialist: 'Specialist', professional: 'Professional', expert: 'Expert' };

export async function render(ctx) {
  const me = ctx.me || {};
  const panels = {
    announcements: panel({ id: 'panel-announcements', title: 'Announcements', iconName: 'megaphone', className: 'dash-panel' }, loading()),
    activity: panel({ id: 'panel-activity', title: 'Recent Activity', iconName: 'activity', className: 'dash-panel' }, loading()),
    expirations: panel({ id: 'panel-expirations', title: 'Upcoming Expirations', iconName: 'clock', className: 'dash-panel' }, loading()),
  };

  const firstVisit = recordWelcome(me);
  const todo = h('section', { class: 'card todo', id: 'home-todo', hidden: true, 'aria-labelledby': 'home-todo-title' });
  const nextExams = h('section', { class: 'card next-exams', id: 'appointments-next', hidden: true, 'aria-labelledby': 'appointments-next-title' });
  ctx.root.append(
    h('p', { class: 'lead', id: 'home-welcome' }, greeting(me.first_name, firstVisit)),
    todo,
    h('section', { class: 'hero', 'aria-labelledby': 'hero-title' },
      h('div', { class: 'hero__text' },
        h('h2', { id: 'hero-title', class: 'hero__title' }, 'Ready, Set, Test'),
        h('p', {}, 'Your certification exam is the start of something great. With a seamless testing experience, you’re one step closer to delivering on the promise of your profession.')),
      h('a', { class: 'btn btn--primary btn--large', href: '#/schedule', id: 'cta-schedule' },
        h('span', {}, 'Schedule an Exam'), icon(ICONS.arrow))),
    nextExams,
    h('div', { class: 'dash-grid' }, panels.announcements, panels.activity,
      h('div', { class: 'stack dash-column', id: 'dash-column-dates' }, panels.expirations)));

  let dashboard = null;
  try {
    dashboard = await apiOptional('/me/dashboard');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    if (ctx.isCurrent()) showAlert('error', `Your dashboard could not be loaded: ${err.message}`);
  }
  if (!ctx.isCurrent()) return;
  dashboard = dashboard || {};
  fillTodo(todo, dashboard);
  const booked = dashboard.upcoming_appointments || [];
  if (booked.length) {
    nextExams.append(
      h('h2', { class: 'card__title', id: 'appointments-next-title' }, icon(ICONS.calendar), h('span', {}, 'Your next exams')),
      h('ul', { class: 'feed' }, booked.map((a) => h('li', { class: 'feed__item', id: `appointment-next-${safeId(a.appointment_id)}` },
        h('p', { class: 'feed__body' }, h('a', { href: '#/schedule' }, `${a.exam_code} ${a.exam_title}`)),
        h('p', { class: 'feed__meta' }, `${a.local_time} · ${a.location}`)))));
    nextExams.hidden = false;
  }

  fill(panels.announcements, 'announcements', dashboard.announcements, 'No announcements',
    'News from the certification programme will appear here.', announcementItem);
  fill(panels.activity, 'activity', dashboard.recent_activity, 'No recent activity',
    'Exams, certifications and profile changes will be listed here.', activityItem);
  fill(panels.expirations, 'expirations', dashboard.upcoming_expirations, 'No upcoming expirations',
    'Certifications that expire within the next six months will be listed here with what renews them.', expirationItem);
  const tenure = Array.isArray(dashboard.emeritus) ? dashboard.emeritus : [];
  if (tenure.length) {
    ctx.root.querySelector('#dash-column-dates').append(panel({ id: 'panel-emeritus', title: 'Expert tenure', iconName: 'award' },
      h('ul', { class: 'feed', id: 'emeritus-list' }, tenure.map(tenureItem))));
  }
}

/**
 * Whether this is the account's first Home visit; if so, records on the account that the welcome
 * was seen. The shell's `me` is updated at once, so coming back to Home in this session greets as a
 * return; if the record fails, the next session greets as a first visit again, which is harmless.
 */
function recordWelcome(me) {
  if (!me.candidate_id || me.welcomed !== false) return false;
  me.welcomed = true;
  api('/me/welcome', { method: 'PUT' }).catch((err) => {
    if (!(err instanceof ApiError && err.status === 401)) console.warn('the welcome could not be recorded', err);
  });
  return true;
}

function greeting(firstName, firstVisit) {
  if (firstVisit) {
    return firstName
      ? `Welcome to certtrack, ${firstName}. This is your Home: what needs you, your next exams, news and expiry dates.`
      : 'Welcome to certtrack. This is your Home: what needs you, your next exams, news and expiry dates.';
  }
  return firstName ? `Welcome back, ${firstName}.` : 'Welcome back.';
}

/** "Waiting for you": the agreement to accept and the kits to claim, each with where to do it. */
function fillTodo(section, dashboard) {
  const pending = Array.isArray(dashboard.pending_agreement) ? dashboard.pending_agreement : [];
  const kits = Array.isArray(dashboard.unclaimed_kits) ? dashboard.unclaimed_kits : [];
  const items = [];
  if (pending.length) {
    items.push(h('li', { class: 'feed__item todo__item', id: 'todo-agreement' },
      h('p', { class: 'feed__body' },
        h('a', { href: '#/certifications/agreement', id: 'todo-agreement-link' }, 'Accept the Certification Agreement'),
        ` to activate ${names(pending.map((c) => c.name))}.`)));
  }
  for (const kit of kits) {
    const sid = safeId(kit.kit_id);
    items.push(h('li', { class: 'feed__item todo__item', id: `todo-kit-${sid}` },
      h('p', { class: 'feed__body' }, kitTodo(kit, sid))));
  }
  if (!items.length) return;
  section.append(h('h2', { class: 'card__title', id: 'home-todo-title' }, icon(ICONS.flag), h('span', {}, 'Waiting for you')),
    h('ul', { class: 'feed' }, items));
  section.hidden = false;
}

/**
 * An unclaimed kit: ready to claim (with the link), waiting for the agreement, or not claimable and
 * why (the API's `not_claimable_reason`, e.g. a certification whose cycle has ended).
 */
function kitTodo(kit, sid) {
  if (kit.claimable) return [`Your free ${kit.name} kit is ready to claim: `, h('a', { href: '#/kits', id: `todo-kit-${sid}-link` }, 'claim it'), '.'];
  if (kit.certification_status === 'pending_agreement' || !kit.not_claimable_reason) return `Your free ${kit.name} kit can be claimed once ${kit.name} is active.`;
  return `Your free ${kit.name} kit cannot be claimed now. ${sentence(kit.not_claimable_reason)}.`;
}

/** "A", "A and B", "A, B and C". */
function names(list) {
  if (list.length < 2) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** When Emeritus eligibility starts for a held expert certification, or where it stands. */
function tenureItem(t) {
  const sid = safeId(t.cert_id || '');
  let text;
  if (t.lifetime && t.since) text = `Emeritus for life, since ${formatDate(t.since)}.`;
  else if (t.lifetime) text = 'Lifetime Emeritus: it no longer expires; a cycle that ends unrenewed turns Emeritus.';
  else if (t.since) text = `Emeritus since ${formatDate(t.since)}.`;
  else if (t.requested_on) text = `Emeritus requested: it becomes Emeritus on ${formatDate(t.starts_on)}.`;
  else if (t.eligible) text = `Eligible for Emeritus status since ${formatDate(t.eligible_from)}: you may request it instead of recertifying.`;
  else text = `Emeritus eligibility starts on ${formatDate(t.eligible_from)}.`;
  return h('li', { class: 'feed__item tenure-item', id: `emeritus-${sid}` },
    h('h3', { class: 'expiry__name' },
      h('a', { href: `#/certifications/${encodeURIComponent(t.cert_id)}`, id: `emeritus-${sid}-link` }, t.name || t.cert_id)),
    h('p', { class: ['feed__body', t.eligible ? 'is-eligible' : null], id: `emeritus-${sid}-text` }, text));
}

/* ---------- the three kinds of item ---------- */

function announcementItem(a) {
  const sid = safeId(a.announcement_id || '');
  return h('li', { class: 'feed__item announcement', id: `announcement-${sid}`, 'aria-labelledby': `announcement-${sid}-title` },
    h('h3', { class: 'announcement__title', id: `announcement-${sid}-title` }, a.title || 'Announcement'),
    renderBody(a.body || '', a.format, { id: `announcement-${sid}-body`, class: 'announcement__body' }),
    a.starts_on
      ? h('p', { class: 'feed__meta' }, h('time', { datetime: a.starts_on }, formatDate(a.starts_on)))
      : null);
}

function activityItem(a) {
  const sid = safeId(a.activity_id || '');
  const relative = formatRelative(a.at);
  const absolute = a.at ? formatWhen(a.at) : '';
  const kind = a.kind ? kindLabel(a.kind) : null;
  return h('li', { class: 'feed__item activity', id: `activity-item-${sid}` },
    h('p', { class: 'feed__body' }, a.text || ''),
    h('p', { class: 'feed__meta' },
      a.at ? h('time', { datetime: a.at, title: absolute, id: `activity-item-${sid}-when` }, relative || absolute) : null,
      a.at && relative ? ` · ${absolute}` : null,
      kind ? [a.at ? ' · ' : null, h('span', { class: 'activity__kind' }, kind)] : null));
}

function expirationItem(c) {
  const sid = safeId(c.cert_id || '');
  const days = Number.isFinite(Number(c.days_left)) ? Number(c.days_left) : null;
  const tone = days === null ? 'tag--neutral' : days <= EXPIRY_URGENT_DAYS ? 'tag--error' : days <= EXPIRY_SOON_DAYS ? 'tag--warn' : 'tag--info';
  const options = Array.isArray(c.recertify_with) ? c.recertify_with.filter(Boolean) : [];
  return h('li', { class: 'feed__item expiry', id: `expiration-${sid}` },
    h('div', { class: 'expiry__head' },
      h('h3', { class: 'expiry__name' },
        h('a', { href: `#/certifications/${encodeURIComponent(c.cert_id)}`, id: `expiration-${sid}-link` }, c.name || c.cert_id)),
      days !== null
        ? h('span', { class: ['tag', tone], id: `expiration-${sid}-days` },
          days <= 0 ? 'Expires today' : `${days} day${days === 1 ? '' : 's'} left`)
        : null),
    h('p', { class: 'feed__meta' },
      c.level ? `${LEVELS[c.level] || sentence(c.level)} level · ` : null,
      'Expires ', h('time', { datetime: c.expires_on, id: `expiration-${sid}-date` }, formatDate(c.expires_on))),
    ceProgress(c, `expiration-${sid}-ce`),
    options.length
      ? h('div', { class: 'expiry__options', id: `expiration-${sid}-options` },
        h('span', { class: 'expiry__options-label' }, 'Recertify with:'), ' ',
        h('ul', { class: 'inline-list' }, options.map((o) => h('li', {}, sentence(o)))))
      : null);
}

/** Credits toward recertification: "12 / 30", a bar, and how many are still missing. */
function ceProgress(c, id) {
  const required = c.ce_required === null || c.ce_required === undefined ? null : Number(c.ce_required);
  const earned = Number(c.ce_earned) || 0;
  if (!required) return null;
  const missing = c.ce_missing === null || c.ce_missing === undefined ? Math.max(0, required - earned) : Number(c.ce_missing);
  const done = missing <= 0;
  return h('div', { class: ['expiry__ce', done ? 'is-complete' : null], id },
    h('div', { class: 'ce-progress__head' },
      h('label', { class: 'expiry__ce-label', for: `${id}-bar` }, 'CE credits'),
      h('span', { class: 'ce-progress__value', id: `${id}-value` }, `${formatNumber(earned)} / ${formatNumber(required)}`)),
    h('progress', { id: `${id}-bar`, class: 'progress', max: String(required), value: String(Math.min(earned, required)),
      'aria-valuetext': `${formatNumber(earned)} of ${formatNumber(required)} credits` }),
    h('p', { class: ['expiry__missing', done ? 'is-met' : null], id: `${id}-missing` },
      done ? 'Enough credits to recertify' : `${formatNumber(missing)} credit${missing === 1 ? '' : 's'} missing`));
}

const KIND_LABELS = {
  exam: 'Exam', ce_credit: 'Continuing education', certification: 'Certification', kit: 'Kit', badge: 'Badge',
  account: 'Account', profile: 'Profile', agreement: 'Agreement', transcript: 'Transcript', appointment: 'Appointment',
  challenge: 'Challenge',
};

function kindLabel(kind) {
  if (KIND_LABELS[kind]) return KIND_LABELS[kind];
  if (kind === 'history') return null;
  return sentence(String(kind).replace(/[_-]+/g, ' '));
}

function fill(section, name, items, emptyTitle, emptyText, renderItem) {
  section.querySelector('.loading')?.remove();
  if (!Array.isArray(items) || items.length === 0) {
    section.append(h('div', { class: 'empty', id: `${name}-empty` },
      h('p', { class: 'empty__title' }, emptyTitle), h('p', { class: 'empty__text' }, emptyText)));
    return;
  }
  section.append(h('ul', { class: 'feed', id: `${name}-list` }, items.map(renderItem)));
}
