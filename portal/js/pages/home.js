/**
 * Home, the landing page (guide §3): a "Ready, Set, Test" call to action and three panels from
 * `GET /me/dashboard` — Announcements, Recent Activity, Upcoming Expirations. Until that route
 * exists (404) or when it fails, the panels show their empty states.
 *
 * Ids: #home-welcome, #cta-schedule, #panel-announcements, #panel-activity, #panel-expirations,
 *      #announcements-list, #activity-list, #expirations-list (lists only when there are items)
 */

import { ApiError, apiOptional } from '../api.js';
import { ICONS, daysUntil, formatDate, formatDateTime, h, icon, loading, panel, showAlert } from '../dom.js';

const EXPIRY_SOON_DAYS = 90;

export async function render(ctx) {
  const me = ctx.me || {};
  const panels = {
    announcements: panel({ id: 'panel-announcements', title: 'Announcements', iconName: 'megaphone', className: 'dash-panel' }, loading()),
    activity: panel({ id: 'panel-activity', title: 'Recent Activity', iconName: 'activity', className: 'dash-panel' }, loading()),
    expirations: panel({ id: 'panel-expirations', title: 'Upcoming Expirations', iconName: 'clock', className: 'dash-panel' }, loading()),
  };

  ctx.root.append(
    h('p', { class: 'lead', id: 'home-welcome' }, me.first_name ? `Welcome back, ${me.first_name}.` : 'Welcome back.'),
    h('section', { class: 'hero', 'aria-labelledby': 'hero-title' },
      h('div', { class: 'hero__text' },
        h('h2', { id: 'hero-title', class: 'hero__title' }, 'Ready, Set, Test'),
        h('p', {}, 'Your certification exam is the start of something great. With a seamless testing experience, you’re one step closer to delivering on the promise of your profession.')),
      h('a', { class: 'btn btn--primary btn--large', href: '#/schedule', id: 'cta-schedule' },
        h('span', {}, 'Schedule an Exam'), icon(ICONS.arrow))),
    h('div', { class: 'dash-grid' }, panels.announcements, panels.activity, panels.expirations));

  let dashboard = null;
  try {
    dashboard = await apiOptional('/me/dashboard');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    if (ctx.isCurrent()) showAlert('error', `Your dashboard could not be loaded: ${err.message}`);
  }
  if (!ctx.isCurrent()) return;
  dashboard = dashboard || {};

  fill(panels.announcements, 'announcements-list', dashboard.announcements, 'No announcements',
    'News from the certification programme will appear here.', (a) => h('li', { class: 'feed__item' },
      h('p', { class: 'feed__title' }, a.title || 'Announcement'),
      a.body ? h('p', { class: 'feed__body' }, a.body) : null,
      a.starts_on ? h('p', { class: 'feed__meta' }, formatDate(a.starts_on)) : null));

  fill(panels.activity, 'activity-list', dashboard.recent_activity, 'No recent activity',
    'Exams, certifications and profile changes will be listed here.', (a) => h('li', { class: 'feed__item' },
      h('p', { class: 'feed__body' }, a.text || ''),
      h('p', { class: 'feed__meta' }, [a.at ? formatDateTime(a.at) : null, a.kind ? kindLabel(a.kind) : null]
        .filter(Boolean).join(' · '))));

  fill(panels.expirations, 'expirations-list', dashboard.upcoming_expirations, 'No upcoming expirations',
    'Certifications that are due to expire will be listed here with their dates.', (c) => {
      const days = daysUntil(c.expires_on);
      const soon = days !== null && days <= EXPIRY_SOON_DAYS;
      return h('li', { class: 'feed__item feed__item--row' },
        h('div', {},
          h('p', { class: 'feed__title' }, c.name || c.cert_id || 'Certification'),
          h('p', { class: 'feed__meta' }, `${days !== null && days < 0 ? 'Expired' : 'Expires'} ${formatDate(c.expires_on)}`)),
        days !== null ? h('span', { class: ['tag', soon ? 'tag--warn' : 'tag--neutral'] },
          days < 0 ? 'Expired' : days === 0 ? 'Today' : `${days} day${days === 1 ? '' : 's'}`) : null);
    });
}

const KIND_LABELS = {
  exam: 'Exam', ce_credit: 'Continuing education', certification: 'Certification', kit: 'Kit', badge: 'Badge',
  account: 'Account', profile: 'Profile', agreement: 'Agreement', transcript: 'Transcript', appointment: 'Appointment',
};

function kindLabel(kind) {
  if (KIND_LABELS[kind]) return KIND_LABELS[kind];
  if (kind === 'history') return null;
  const s = String(kind).replace(/[_-]+/g, ' ');
  return s[0].toUpperCase() + s.slice(1);
}

function fill(section, listId, items, emptyTitle, emptyText, renderItem) {
  section.querySelector('.loading')?.remove();
  if (!Array.isArray(items) || items.length === 0) {
    section.append(h('div', { class: 'empty' }, h('p', { class: 'empty__title' }, emptyTitle), h('p', { class: 'empty__text' }, emptyText)));
    return;
  }
  section.append(h('ul', { class: 'feed', id: listId }, items.map(renderItem)));
}
