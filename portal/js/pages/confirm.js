/**
 * Confirm a new account with the code emailed at sign-up (`POST /auth/confirm`).
 *
 * Ids: #confirm-form, #confirm-email, #confirm-code, #confirm-submit, #login-link
 */

import { api } from '../api.js';
import { h, submitForm, textField, valueOf } from '../dom.js';

export async function render(ctx) {
  const data = ctx.data || {};
  const button = h('button', { type: 'submit', class: 'btn btn--primary btn--block', id: 'confirm-submit' }, 'Confirm account');
  const form = h('form', { id: 'confirm-form', class: 'form', novalidate: true, 'aria-labelledby': 'page-title' },
    h('p', { class: 'form__intro' }, 'We sent a confirmation code to your email address. Enter it here to activate your account.'),
    textField({ id: 'confirm-email', label: 'Email', type: 'email', required: true, autocomplete: 'username',
      value: data.email || '', spellcheck: 'false' }),
    textField({ id: 'confirm-code', label: 'Confirmation code', required: true, autocomplete: 'one-time-code',
      inputmode: 'numeric', maxlength: 12, hint: 'The digits from the email; it may take a few minutes to arrive.' }),
    button);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const email = valueOf(form, 'confirm-email');
    submitForm({
      form,
      button,
      failTitle: 'Not confirmed.',
      busyLabel: 'Confirming…',
      fields: { email: 'confirm-email', code: 'confirm-code' },
      labels: { email: 'Email', code: 'Confirmation code' },
      action: () => api('/auth/confirm', { method: 'POST', auth: false,
        body: { email, code: (valueOf(form, 'confirm-code') || '').replace(/\s+/g, '') } }),
      onSuccess: () => ctx.navigate('login', { data: { email },
        notice: { kind: 'success', message: 'Your account is confirmed. Sign in to continue.' } }),
    });
  });

  ctx.root.append(h('div', { class: 'auth-card' }, form,
    h('div', { class: 'auth-card__links' },
      h('p', {}, 'Already confirmed? ', h('a', { href: '#/login', id: 'login-link' }, 'Sign in')))));
  form.querySelector(data.email ? '#confirm-code' : '#confirm-email').focus();
}
