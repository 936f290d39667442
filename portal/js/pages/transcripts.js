/**
 * Transcripts & Digital Badges (guide §9), route #/transcripts: the signed-in holder's page. A
 * shared transcript's page for its recipient (#/transcripts/<token>, or #/transcripts signed out,
 * to open one by its ID and verification code) is transcript.js, which this page hands over to
 * (loaded then, not with the holder's page).
 *   - Digital badges (`GET /me/badges`, newest first): one card per badge, an Open Badges 3.0
 *     credential issued when a certification becomes active. Each shows its baked image, the
 *     certification and level, its status (Active, Expired, Revoked with the reason), the dates, and
 *     what to do with it: add it to LinkedIn (active badges only, and not one a renewal replaced),
 *     copy the link to share (`share_url`: a page with the badge's Open Graph tags for link previews,
 *     which forwards to the public page), download the baked PNG or the signed credential (.jwt),
 *     open the public page (`verify_url`, #/badges/<badge_id>, see badge.js). The linked Credly account, when there is
 *     one, with a link to the holder's Credly profile; otherwise a pointer to Personal Info.
 *   - Transcripts: create one to share, its link, ID and verification code, the list with its
 *     views, revoke (js/transcripts-card.js, where its ids are listed).
 *
 * Ids (<sid> = the badge id with characters other than A-Z a-z 0-9 _ - replaced by _):
 *   #badges-section, #badges-credly (when linked, #badges-credly-profile if the account has a public
 *     profile; else #badges-credly-link to Personal Info),
 *   #badges-list, #badges-empty (#badges-empty-link to Certifications);
 *   per badge: #badge-<sid> (card, data-status = active | expired | revoked), #badge-<sid>-title,
 *     #badge-<sid>-image, #badge-<sid>-level, #badge-<sid>-status (tag), #badge-<sid>-reason
 *     (revoked only), #badge-<sid>-renewed (an active badge a newer one of its certification
 *     replaces), #badge-<sid>-issued, #badge-<sid>-valid-until, #badge-<sid>-linkedin (active and
 *     not replaced), #badge-<sid>-copy, #badge-<sid>-copied (the copy's confirmation, a status
 *     region), #badge-<sid>-link (the link to copy by hand, when the browser refused),
 *     #badge-<sid>-png, #badge-<sid>-jwt, #badge-<sid>-verify
 *   #transcripts-section (see js/transcripts-card.js)
 */

import { api } from '../api.js';
import { ICONS, formatDate, h, icon, loading, panel, safeId, sentence } from '../dom.js';
import { transcriptsCard } from '../transcripts-card.js';

const STATUS = {
  active: { label: 'Active', tag: 'tag--ok' },
  expired: { label: 'Expired', tag: 'tag--error' },
  revoked: { label: 'Revoked', tag: 'tag--error' },
};
const LEVELS = { entry: 'Entry', associate: 'Associate', specialist: 'Specialist', professional: 'Professional', expert: 'Expert' };

export async function render(ctx) {
  if (ctx.path.length || !ctx.me) {
    // the recipient's page, with its signature check: loaded only by those who open one
    const shared = await import('./transcript.js');
    await shared.render(ctx);
    return;
  }
  const body = h('div', { class: 'badges__body' }, loading('Loading your badges…'));
  const credly = h('div', { class: 'badges__credly' });
  const transcripts = transcriptsCard(ctx);
  ctx.root.append(
    h('p', { class: 'lead' }, 'Share proof of your certifications: a digital badge for each, or a transcript of them for an employer. Both are signed, so anyone can check them without signing in and without asking us.'),
    h('div', { class: 'stack' },
      panel({ id: 'badges-section', title: 'Digital badges', iconName: 'award', className: 'badges' },
        h('p', { class: 'card__intro' }, 'A badge is issued when a certification becomes active, and again when you renew it. It follows the Open Badges 3.0 standard, so LinkedIn, badge wallets and other verifiers can read it.'),
        credly,
        body),
      transcripts.card));

  const [result] = await Promise.all([api('/me/badges'), transcripts.load()]);
  if (!ctx.isCurrent()) return;
  credly.replaceChildren(credlyLine(result.credly));
  const badges = result.items || [];
  body.replaceChildren(badges.length
    ? h('ul', { class: 'badge-list', id: 'badges-list' }, badges.map((b, i) => h('li', {},
      badgeCard(b, badges.slice(0, i).find((newer) => newer.cert_id === b.cert_id)))))
    : h('div', { class: 'empty', id: 'badges-empty' },
      h('p', { class: 'empty__title' }, 'No badges yet'),
      h('p', { class: 'empty__text' }, 'A badge is issued as soon as a certification becomes active: once you have passed its exams and accepted the Certification Agreement. ',
        h('a', { href: '#/certifications', id: 'badges-empty-link' }, 'See your certifications'), '.')));
}

function credlyLine(credly) {
  if (credly) {
    // A Credly account named by its email has no public profile address.
    return h('p', { class: 'note', id: 'badges-credly' }, icon(ICONS.badge, 'icon note__icon'),
      h('span', {}, 'Linked Credly account: ', h('strong', {}, credly.id), '.',
        credly.profile_url
          ? [' ', h('a', { href: credly.profile_url, id: 'badges-credly-profile', target: '_blank', rel: 'noopener noreferrer' },
            'See your Credly profile', h('span', { class: 'visually-hidden' }, ' (opens in a new tab)')), '.']
          : null));
  }
  return h('p', { class: 'small muted', id: 'badges-credly' }, 'Use Credly? ',
    h('a', { href: '#/personal-info', id: 'badges-credly-link' }, 'Link your Credly account on Personal Info'),
    ' to show it next to your badges.');
}

/**
 * One badge. `renewal` is the newer badge of the same certification, if any: an active badge it
 * replaces still verifies (its credential stays valid until its own end), but is not the one to share.
 */
function badgeCard(b, renewal) {
  const sid = safeId(b.badge_id);
  const replaced = b.status === 'active' && renewal;
  const status = STATUS[b.status] || { label: sentence(String(b.status || '')), tag: 'tag--neutral' };
  const level = LEVELS[b.level] || sentence(b.level || '');
  const fileBase = `${safeId(b.cert_id || b.name)}-badge`;
  const dates = [
    ['Issued on', formatDate(b.issued_on), `badge-${sid}-issued`],
    [b.status === 'expired' ? 'Expired on' : 'Valid until', b.valid_until ? formatDate(b.valid_until) : 'Does not expire', `badge-${sid}-valid-until`],
  ];
  return h('article', { class: ['badge-card', `badge-card--${safeId(b.status)}`], id: `badge-${sid}`,
    'aria-labelledby': `badge-${sid}-title`, dataset: { status: b.status } },
  h('img', { class: 'badge-card__image', id: `badge-${sid}-image`, src: b.image_url, alt: `${b.name} badge`, width: 112, height: 112 }),
  h('div', { class: 'badge-card__main' },
    h('div', { class: 'badge-card__head' },
      h('h3', { class: 'badge-card__title', id: `badge-${sid}-title` }, b.name),
      h('span', { class: ['tag', status.tag], id: `badge-${sid}-status` }, status.label)),
    level ? h('p', { class: 'badge-card__level', id: `badge-${sid}-level` }, `${level} level`) : null,
    b.status === 'revoked'
      ? h('p', { class: 'badge-card__reason', id: `badge-${sid}-reason` }, b.revoked_reason ? `Revoked: ${b.revoked_reason}` : 'This badge has been revoked.')
      : null,
    replaced
      ? h('p', { class: 'badge-card__renewed', id: `badge-${sid}-renewed` },
        `Renewed: the badge issued on ${formatDate(renewal.issued_on)} replaces this one. Share that one.`)
      : null,
    h('dl', { class: 'facts facts--compact badge-card__dates' },
      dates.map(([label, value, id]) => h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', { id }, value))))),
  actions(b, sid, fileBase, !replaced));
}

function actions(b, sid, fileBase, toLinkedIn) {
  const copied = h('p', { class: 'badge-card__copied', id: `badge-${sid}-copied`, role: 'status' });
  const copy = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `badge-${sid}-copy`,
    'aria-describedby': `badge-${sid}-copied` }, icon(ICONS.link), h('span', {}, 'Copy link'));
  copy.addEventListener('click', () => copyLink(b, sid, copied));
  return h('div', { class: 'badge-card__actions-wrap' },
    h('div', { class: 'badge-card__actions' },
      b.status === 'active' && toLinkedIn
        ? h('a', { class: 'btn btn--primary btn--small', id: `badge-${sid}-linkedin`, href: b.linkedin_url, target: '_blank',
          rel: 'noopener noreferrer' }, icon(ICONS.external), h('span', {}, 'Add to LinkedIn'),
          h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'))
        : null,
      copy,
      h('a', { class: 'btn btn--secondary btn--small', id: `badge-${sid}-png`, href: b.image_url, download: `${fileBase}.png`,
        'aria-label': `Download the ${b.name} badge image (PNG with the credential inside)` }, icon(ICONS.download), h('span', {}, 'Download image')),
      h('a', { class: 'btn btn--secondary btn--small', id: `badge-${sid}-jwt`, href: b.credential_url, download: `${fileBase}.jwt`,
        'aria-label': `Download the ${b.name} credential (signed JWT)` }, icon(ICONS.download), h('span', {}, 'Download credential')),
      h('a', { class: 'btn btn--secondary btn--small', id: `badge-${sid}-verify`, href: b.verify_url }, icon(ICONS.search), h('span', {}, 'View public page'))),
    copied);
}

/** Copies the address to share; when the browser refuses, shows it selected to copy by hand. */
async function copyLink(b, sid, copied) {
  try {
    await navigator.clipboard.writeText(b.share_url);
    copied.replaceChildren(icon(ICONS.check, 'icon icon--small'), h('span', {}, 'Link copied: paste it wherever you want to share this badge.'));
  } catch {
    const field = h('input', { class: 'input input--mono', id: `badge-${sid}-link`, readonly: true, value: b.share_url,
      'aria-label': `Link to the public page of the ${b.name} badge` });
    copied.replaceChildren(h('span', {}, 'Your browser did not allow copying. Copy the link from here:'), field);
    field.select();
  }
}
