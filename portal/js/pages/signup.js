/**
 * Create an account (guide §1, "First Time Login"). In the local stage the account is confirmed at
 * once; otherwise the user goes on to enter the emailed code.
 *
 * Ids: #signup-form, #signup-first-name, #signup-last-name, #signup-email, #signup-password,
 *      #signup-password-toggle, #signup-country, #signup-submit, #login-link
 */

import { api } from '../api.js';
import { COUNTRIES, DEFAULT_COUNTRY } from '../countries.js';
import { addPasswordToggle, h, selectField, submitForm, textField, valueOf } from '../dom.js';

export async function render(ctx) {
  const password = textField({ id: 'signup-password', label: 'Password', type: 'password', required: true,
    autocomplete: 'new-password', minlength: 8,
    hint: 'At least 8 characters, with upper- and lower-case letters and a number.' });
  const passwordInput = password.querySelector('input');
  addPasswordToggle(passwordInput);

  const button = h('button', { type: 'submit', class: 'btn btn--primary btn--block', id: 'signup-submit' }, 'Register');
  const form = h('form', { id: 'signup-form', class: 'form', novalidate: true, 'aria-labelledby': 'page-title' },
    h('p', { class: 'form__intro' }, h('span', { class: 'req', 'aria-hidden': 'true' }, '*'), ' indicates a required field.'),
    h('div', { class: 'form__row' },
      textField({ id: 'signup-first-name', label: 'First name', required: true, autocomplete: 'given-name', maxlength: 60 }),
      textField({ id: 'signup-last-name', label: 'Last name', required: true, autocomplete: 'family-name', maxlength: 60 })),
    h('p', { class: 'field__hint form__note' }, 'Use your name as it appears on your government-issued ID: it is printed on your certificates.'),
    textField({ id: 'signup-email', label: 'Email', type: 'email', required: true, autocomplete: 'email', spellcheck: 'false' }),
    password,
    selectField({ id: 'signup-country', label: 'Country or region', required: true, options: COUNTRIES,
      value: DEFAULT_COUNTRY, autocomplete: 'country' }),
    h('p', { class: 'muted small' }, 'By clicking Register, you confirm that you have read and agree to the programme’s privacy statement and terms of use.'),
    button);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const email = valueOf(form, 'signup-email');
    submitForm({
      form,
      button,
      failTitle: 'Not registered.',
      busyLabel: 'Creating account…',
      fields: { email: 'signup-email', password: 'signup-password', first_name: 'signup-first-name',
        last_name: 'signup-last-name', country: 'signup-country' },
      labels: { email: 'Email', password: 'Password', first_name: 'First name', last_name: 'Last name', country: 'Country' },
      action: () => api('/auth/signup', {
        method: 'POST',
        auth: false,
        body: {
          email,
          password: passwordInput.value,
          first_name: valueOf(form, 'signup-first-name'),
          last_name: valueOf(form, 'signup-last-name'),
          country: valueOf(form, 'signup-country'),
        },
      }),
      onSuccess: (result) => {
        if (result && result.confirmed) {
          ctx.navigate('login', { data: { email: result.email || email },
            notice: { kind: 'success', message: 'Your account has been created. Sign in to continue.' } });
        } else {
          ctx.navigate('confirm', { data: { email: (result && result.email) || email },
            notice: { kind: 'info', message: 'Your account has been created. Enter the confirmation code we emailed you.' } });
        }
      },
    });
  });

  ctx.root.append(h('div', { class: 'auth-card' }, form,
    h('div', { class: 'auth-card__links' },
      h('p', {}, 'Already have an account? ', h('a', { href: '#/login', id: 'login-link' }, 'Sign in')))));
  form.querySelector('#signup-first-name').focus();
}
