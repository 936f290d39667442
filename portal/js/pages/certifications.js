/**
 * Certifications (guide §4, §5, §7, §8) — placeholder until certification tracking arrives.
 * Ids: see placeholder.js (#placeholder, #placeholder-guide-link)
 */

import { renderPlaceholder } from './placeholder.js';

export function render(ctx) {
  renderPlaceholder(ctx, {
    arrivesWith: 'certification tracking',
    iconName: 'badge',
    guideSection: '4 to 8',
    intro: 'Here you will follow your certifications from the first exam to recertification.',
    features: [
      'Status, earned and expiration dates of each certification, and its history',
      'The Certification Agreement to accept',
      'Continuing-education credits towards recertification',
      'Certificates (PDF), logos, and claiming your certification kit',
    ],
  });
}
