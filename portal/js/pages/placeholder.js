/**
 * Shared body of the sections that are not built yet: what the section will offer and which guide
 * section it follows. Each such page is its own module, replaced when the section arrives.
 *
 * Ids: #placeholder (the card), #placeholder-guide-link
 */

import { ICONS, h, icon } from '../dom.js';

export function renderPlaceholder(ctx, { arrivesWith, iconName, intro, features, guideSection }) {
  ctx.root.append(h('section', { class: 'card placeholder', id: 'placeholder', 'aria-labelledby': 'placeholder-title' },
    h('div', { class: 'placeholder__icon' }, icon(ICONS[iconName] || ICONS.info)),
    h('h2', { class: 'placeholder__title', id: 'placeholder-title' }, `This section arrives with ${arrivesWith}.`),
    h('p', { class: 'placeholder__intro' }, intro),
    h('ul', { class: 'placeholder__list' }, features.map((f) => h('li', {}, f))),
    h('p', { class: 'muted' }, 'Meanwhile, the ',
      h('a', { href: '#/user-guide', id: 'placeholder-guide-link' }, 'User Guide'),
      ` describes it (section ${guideSection}).`)));
}
