/**
 * Transcripts & Digital Badges (guide §9) — placeholder until transcripts and badges arrive.
 * Ids: see placeholder.js (#placeholder, #placeholder-guide-link)
 */

import { renderPlaceholder } from './placeholder.js';

export function render(ctx) {
  renderPlaceholder(ctx, {
    arrivesWith: 'transcripts and digital badges',
    iconName: 'transcript',
    guideSection: '9',
    intro: 'Here you will share proof of your certifications with employers and other third parties.',
    features: [
      'Your digital badges, issued for current certifications',
      'Create a transcript and share it through a verification link',
      'Withdraw a shared transcript at any time',
    ],
  });
}
