/**
 * Sign in (guide §1). After a successful login the app reads `GET /me` and sends the user to the
 * first-time Personal Information flow, the support page (sign-in not linked) or Home.
 *
 * Ids: #login-form, #login-email, #login-password, #login-password-toggle, #login-submit,
 *      #signup-link, #confirm-link
 */

import { ApiError, logIn } from '../api.js';
import { addPasswordToggle, h, sentence, showAlert, submitForm, textField, valueOf } from '../dom.js';

export async function render(ctx) {
  const data = ctx.data || {};
  const password = textField({ id: 'login-password', label: 'Password', type: 'password', required: true,
    autocomplete: 'current-password' });
  const passwordInput = password.querySelector('input');
  addPasswordToggle(passwordInput);

  const button = h('button', { type: 'submit', class: 'btn btn--primary btn--block', id: 'login-submit' }, 'Sign in');
  const form = h('form', { id: 'login-form', class: 'form', novalidate: true, 'aria-labelledby': 'page-title' },
    h('p', { class: 'form__intro' }, 'Sign in with the email address and password of your certtrack account.'),
    textField({ id: 'login-email', label: 'Email', type: 'email', required: true, autocomplete: 'username',
      value: data.email || '', spellcheck: 'false' }),
    password,
    button);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      failTitle: 'Sign-in failed.',
      busyLabel: 'Signing in…',
      fields: { email: 'login-email', password: 'login-password' },
      labels: { email: 'Email', password: 'Password' },
      action: () => logIn(valueOf(form, 'login-email'), passwordInput.value),
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'not_confirmed') {
          showAlert('warning', 'Your account is not confirmed yet. Enter the code we emailed you on the confirmation page.');
          ctx.root.querySelector('#confirm-link')?.focus();
          return true;
        }
        if (err instanceof ApiError && err.status === 401) {
          showAlert('error', `${sentence(err.message)}.`.replace(/\.\.$/, '.'), { title: 'Sign-in failed.' });
          passwordInput.value = '';
          passwordInput.setAttribute('aria-invalid', 'true');
          passwordInput.focus();
          return true;
        }
        return false;
      },
      onSuccess: async () => {
        const me = await ctx.refreshMe();
        ctx.navigate(ctx.landingRoute(me));
      },
    });
  });

  ctx.root.append(
    h('div', { class: 'auth-card' },
      form,
      h('div', { class: 'auth-card__links' },
        h('p', {}, 'Don’t have an account? ', h('a', { href: '#/signup', id: 'signup-link' }, 'Create one')),
        h('p', {}, 'Received a confirmation code? ', h('a', { href: '#/confirm', id: 'confirm-link' }, 'Confirm your account')),
        h('p', { class: 'muted' }, 'To change the sign-in linked to your certification record, open a case with support after signing in.'))));
  if (!data.email) form.querySelector('#login-email').focus();
  else passwordInput.focus();
}
