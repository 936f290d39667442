/**
 * Testing History (guide §6) — placeholder until exam results arrive.
 * Ids: see placeholder.js (#placeholder, #placeholder-guide-link)
 */

import { renderPlaceholder } from './placeholder.js';

export function render(ctx) {
  renderPlaceholder(ctx, {
    arrivesWith: 'exam results',
    iconName: 'history',
    guideSection: '6',
    intro: 'Here you will review every exam you have taken, written and practical, with its score.',
    features: [
      'Sort and filter your exam results by date, exam or outcome',
      'Per-section scores and downloadable score reports',
      'Practical (lab) exam modules',
      'Challenge an exam result and follow the challenge',
    ],
  });
}
