/**
 * Schedule (guide §10) — placeholder until exam scheduling arrives.
 * Ids: see placeholder.js (#placeholder, #placeholder-guide-link)
 */

import { renderPlaceholder } from './placeholder.js';

export function render(ctx) {
  renderPlaceholder(ctx, {
    arrivesWith: 'exam scheduling',
    iconName: 'calendar',
    guideSection: '10',
    intro: 'Here you will book certification exams with the testing vendor and manage your appointments.',
    features: [
      'Find an exam and see the available dates and test centres',
      'Book, reschedule or cancel an appointment',
      'Exam receipts (payment history)',
    ],
  });
}
