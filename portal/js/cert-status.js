/**
 * A certification's status as the portal names and colours it (Certifications, Continuing
 * Education, Certificates & Plaques): a module of its own, so that a page showing a status loads
 * these lines and not the Certifications page.
 */

import { h, sentence } from './dom.js';

export const STATUS = {
  active: { label: 'Active', tag: 'tag--ok', group: 'Active' },
  pending_agreement: { label: 'Pending agreement', tag: 'tag--warn', group: 'Waiting for the Certification Agreement' },
  emeritus: { label: 'Emeritus', tag: 'tag--emeritus', group: 'Emeritus' },
  in_progress: { label: 'In progress', tag: 'tag--info', group: 'In progress' },
  expired: { label: 'Expired', tag: 'tag--error', group: 'Expired' },
};

/** The status badge (`id` on the element). */
export function statusTag(status, id) {
  const s = STATUS[status] || { label: sentence(String(status || '').replace(/_/g, ' ')), tag: 'tag--neutral' };
  return h('span', { class: ['tag', s.tag], id }, s.label);
}
