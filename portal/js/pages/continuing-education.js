/**
 * Continuing Education (guide §5): the credit ledger and, per held certification, the credits of
 * its current cycle toward recertification (`GET /me/continuing-education`: one request per view).
 * Certification names for "Used for" come from the cycles, else from `GET /catalog/certifications`
 * (reference data, kept for the session); the ledger lists certifications pending the agreement
 * too, so a cycle's status other than active is tagged.
 *
 * Ids: #ce-cycles-section, #ce-cycles, #ce-cycles-empty, per certification #ce-cycle-<sid>
 *        (with #ce-cycle-<sid>-bar, a <progress>, #ce-cycle-<sid>-value, and
 *        #ce-cycle-<sid>-status when the certification is not active, e.g. pending the agreement),
 *      #ce-ledger-section, #ce-ledger (the table), #ce-ledger-empty, #ce-total,
 *        per credit #ce-credit-<sid> (a row), #ce-credit-<sid>-status
 *   (<sid> = id with characters other than A-Z a-z 0-9 _ - replaced by _)
 */

import { api, reference } from '../api.js';
import { statusTag } from '../cert-status.js';
import { append, clear, formatDate, formatNumber, h, loading, panel, safeId, sentence } from '../dom.js';

export async function render(ctx) {
  ctx.root.append(loading('Loading your continuing-education credits…'));
  const [ledger, catalog] = await Promise.all([
    api('/me/continuing-education'),
    reference('/catalog/certifications').catch(() => null), // without it, "Used for" shows ids
  ]);
  if (!ctx.isCurrent()) return;
  const credits = (ledger && ledger.items) || [];
  const cycles = (ledger && ledger.certifications) || [];
  const names = new Map(((catalog && catalog.items) || []).map((c) => [c.cert_id, c.name]));
  for (const c of cycles) names.set(c.cert_id, c.name);

  append(clear(ctx.root), [
    h('p', { class: 'lead' }, 'Credits from training, events and other activities reported by programme partners, and how far each certification’s current cycle has come toward recertification.'),
    h('div', { class: 'stack stack--wide' },
      cyclesPanel(cycles),
      ledgerPanel(credits, names)),
  ]);
}

function cyclesPanel(cycles) {
  const body = cycles.length
    ? h('ul', { class: 'cycle-list', id: 'ce-cycles' }, cycles.map(cycleItem))
    : h('div', { class: 'empty', id: 'ce-cycles-empty' },
      h('p', { class: 'empty__title' }, 'No certification to recertify yet'),
      h('p', { class: 'empty__text' }, 'Credits count toward recertification while you hold a certification.'));
  return panel({ id: 'ce-cycles-section', title: 'Recertification cycles', iconName: 'badge' }, body);
}

/** One certification's cycle; its status is tagged unless active. */
function cycleItem(c) {
  const sid = safeId(c.cert_id);
  const earned = Number(c.earned) || 0;
  const required = c.required === null || c.required === undefined ? null : Number(c.required);
  const done = required !== null && earned >= required;
  const barId = `ce-cycle-${sid}-bar`;
  return h('li', { class: ['cycle', done ? 'is-complete' : null], id: `ce-cycle-${sid}` },
    h('div', { class: 'ce-progress__head' },
      h('label', { class: 'cycle__name', for: required ? barId : null },
        h('a', { href: `#/certifications/${encodeURIComponent(c.cert_id)}` }, c.name),
        c.status && c.status !== 'active' ? statusTag(c.status, `ce-cycle-${sid}-status`) : null),
      h('span', { class: 'ce-progress__value', id: `ce-cycle-${sid}-value` },
        required ? `${formatNumber(earned)} / ${formatNumber(required)} credits` : `${formatNumber(earned)} credits`)),
    required
      ? h('progress', { id: barId, class: 'progress', max: String(required), value: String(Math.min(earned, required)),
        'aria-valuetext': `${formatNumber(earned)} of ${formatNumber(required)} credits` })
      : null,
    h('p', { class: 'ce-progress__meta' },
      required ? (done ? 'Enough credits to recertify' : `${formatNumber(required - earned)} more needed`) : 'This level does not recertify with credits',
      c.cycle_ends_on ? ` · cycle ${c.cycle_started_on ? `${formatDate(c.cycle_started_on)} – ` : 'ends '}${formatDate(c.cycle_ends_on)}` : ''));
}

function ledgerPanel(credits, names) {
  if (!credits.length) {
    return panel({ id: 'ce-ledger-section', title: 'Credits', iconName: 'school' },
      h('div', { class: 'empty', id: 'ce-ledger-empty' },
        h('p', { class: 'empty__title' }, 'No continuing-education credits yet'),
        h('p', { class: 'empty__text' }, 'Training partners report the activities you complete; they are listed here with their status.')));
  }
  const accepted = credits.filter((c) => c.status === 'accepted').reduce((sum, c) => sum + (Number(c.credits) || 0), 0);
  const table = h('table', { class: 'table table--cards', id: 'ce-ledger' },
    h('caption', { class: 'visually-hidden' }, 'Continuing-education credits, most recent first'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Completed'),
      h('th', { scope: 'col' }, 'Activity'),
      h('th', { scope: 'col' }, 'Provider'),
      h('th', { scope: 'col', class: 'num' }, 'Credits'),
      h('th', { scope: 'col' }, 'Status'),
      h('th', { scope: 'col' }, 'Used for'))),
    h('tbody', {}, credits.map((c) => creditRow(c, names))));
  return panel({ id: 'ce-ledger-section', title: 'Credits', iconName: 'school' },
    h('p', { class: 'card__intro', id: 'ce-total' },
      `${credits.length} activit${credits.length === 1 ? 'y' : 'ies'} reported; ${formatNumber(accepted)} credit${accepted === 1 ? '' : 's'} accepted.`),
    h('div', { class: 'table-wrap' }, table));
}

function creditRow(c, names) {
  const sid = safeId(c.credit_id);
  const rejected = c.status === 'rejected';
  const usedFor = c.used_for || [];
  return h('tr', { id: `ce-credit-${sid}` },
    h('td', { class: 'nowrap', dataset: { label: 'Completed' } }, formatDate(c.completed_on),
      c.received_on ? h('span', { class: 'cell-meta' }, `Received ${formatDate(c.received_on)}`) : null),
    h('td', { dataset: { label: 'Activity' } }, c.activity),
    h('td', { dataset: { label: 'Provider' } }, c.provider),
    h('td', { class: 'num', dataset: { label: 'Credits' } }, formatNumber(c.credits)),
    h('td', { id: `ce-credit-${sid}-status`, dataset: { label: 'Status' } },
      h('span', { class: ['tag', rejected ? 'tag--error' : c.status === 'accepted' ? 'tag--ok' : 'tag--neutral'] },
        sentence(c.status || 'pending')),
      rejected && c.reason ? h('span', { class: 'cell-meta cell-meta--error' }, sentence(c.reason)) : null),
    h('td', { dataset: { label: 'Used for' } }, usedFor.length
      ? h('ul', { class: 'plain-list' }, usedFor.map((id) => h('li', {},
        h('a', { href: `#/certifications/${encodeURIComponent(id)}` }, names.get(id) || id))))
      : h('span', { class: 'muted' }, rejected ? '—' : 'Not used yet')));
}
