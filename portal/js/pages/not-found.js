/**
 * Unknown route (or a page the user may not open).
 * Ids: #not-found-home
 */

import { h } from '../dom.js';

export function render(ctx) {
  ctx.root.append(h('div', { class: 'card empty-state' },
    h('p', {}, 'There is no page at this address.'),
    h('a', { class: 'btn btn--primary', href: ctx.me ? '#/home' : '#/login', id: 'not-found-home' },
      ctx.me ? 'Go to Home' : 'Go to sign in')));
}
