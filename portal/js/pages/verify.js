/**
 * Certificate verification (public, like the User Guide): #/verify/<code> checks the code printed
 * on a PDF certificate (its QR code links here) with `GET /verify/certificates/{code}` — no sign-in —
 * and shows the holder, the certification, its dates and a status badge: Active, Expired, Emeritus
 * (the same holding, now honorary), Not current (renewed or no longer held since this certificate
 * was issued) or Not found (404).
 * #/verify alone shows the form; submitting it goes to #/verify/<code>, so a result can be shared.
 *
 * Ids: #verify-form, #verify-code (its error line #verify-code-error), #verify-submit,
 *      #verify-result (data-status = active | expired | emeritus | not_current | not_found),
 *      #verify-status (the badge), #verify-summary (one sentence saying what the status means),
 *      #verify-holder, #verify-certification, #verify-level, #verify-number, #verify-earned,
 *      #verify-expires, #verify-checked, #verify-signin-link (signed out only)
 */

import { ApiError, api } from '../api.js';
import {
  ICONS, clearAlert, formatDate, h, icon, loading, sentence, setFieldError, showAlert, showError, submitForm, textField,
} from '../dom.js';

const VERDICTS = {
  active: { label: 'Active', icon: 'check', text: 'This certificate is valid: the certification is active.' },
  expired: { label: 'Expired', icon: 'error', text: 'This certification has expired: the certificate is no longer valid.' },
  emeritus: { label: 'Emeritus', icon: 'info', text: 'The holder earned this certification and now holds it as Emeritus, an honorary status that keeps its number: it is no longer a current certification.' },
  not_current: { label: 'Not current', icon: 'warning', text: 'This certificate is no longer current: the certification has been renewed or is not held any more since it was issued. Ask the holder for their latest certificate.' },
  not_found: { label: 'Not found', icon: 'x', text: 'No certificate has this verification code. Check the code as printed on the certificate: 16 letters and digits, in groups of four.' },
};
const LEVELS = { entry: 'Entry', associate: 'Associate', specialist: 'Specialist', professional: 'Professional', expert: 'Expert' };
/** Codes use A-Z and 2-9 (no 0/O or 1/I); people may type them with dashes or spaces, in any case. */
const CODE_SHAPE = /^[A-Za-z0-9]{8,32}$/;

export async function render(ctx) {
  const [raw = '', ...more] = ctx.path || [];
  const code = normalise(raw);

  const input = textField({ id: 'verify-code', label: 'Verification code', value: code, required: true, autocomplete: 'off',
    spellcheck: 'false', maxlength: 48, hint: 'As printed on the certificate, e.g. ABCD-EFGH-JKLM-NPQR. Dashes are optional.' });
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: 'verify-submit' }, icon(ICONS.search), h('span', {}, 'Check'));
  const form = h('form', { id: 'verify-form', class: 'form verify__form', novalidate: true, role: 'search', 'aria-label': 'Check a certificate' },
    h('div', { class: 'input-group input-group--field' }, input, button));
  form.querySelector('#verify-code').classList.add('input--mono');
  const resultBox = h('div', { class: 'verify__result-wrap' });

  ctx.root.append(
    h('p', { class: 'lead verify__lead' }, 'Check a certtrack certificate: enter the verification code printed on it to see who holds it and whether it is current today.'),
    form,
    resultBox,
    ctx.me ? null : h('p', { class: 'muted small verify__holder' }, 'Are you the holder? ',
      h('a', { href: '#/login', id: 'verify-signin-link' }, 'Sign in'), ' to download your certificates.'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      busyLabel: 'Checking…',
      failTitle: 'Not checked.',
      action: async () => {
        const typed = normalise(form.querySelector('#verify-code').value);
        if (!CODE_SHAPE.test(typed.replace(/-/g, ''))) {
          const message = 'Enter the code as printed: 16 letters and digits, with or without dashes.';
          setFieldError(form, 'verify-code', message);
          showAlert('error', message, { title: 'Not checked.' });
          form.querySelector('#verify-code').focus();
          return;
        }
        // The address carries the code, so the result can be bookmarked or shared.
        ctx.navigate(`verify/${encodeURIComponent(typed)}`);
      },
    });
  });

  if (more.length) {
    show(resultBox, notFound());
    return;
  }
  if (!code) {
    if (!ctx.me) form.querySelector('#verify-code').focus();
    return;
  }
  resultBox.append(loading('Checking the certificate…'));
  try {
    const check = await api(`/verify/certificates/${encodeURIComponent(code)}`, { auth: false });
    if (!ctx.isCurrent()) return;
    show(resultBox, verdict(check));
  } catch (err) {
    if (!ctx.isCurrent()) return;
    if (err instanceof ApiError && err.status === 404) {
      show(resultBox, notFound());
      return;
    }
    resultBox.replaceChildren();
    clearAlert();
    showError(err, { failTitle: 'Not checked.' });
  }
}

/** A code as people type it: no spaces, upper case (dashes are kept; the API ignores them). */
function normalise(value) {
  return String(value || '').replace(/\s+/g, '').toUpperCase();
}

function show(box, content) {
  box.replaceChildren(content);
}

function badge(status) {
  const v = VERDICTS[status] || { label: sentence(String(status).replace(/_/g, ' ')), icon: 'info', text: '' };
  return h('p', { class: ['verdict__badge', `verdict__badge--${status}`], id: 'verify-status' },
    icon(ICONS[v.icon], 'icon verdict__icon'), h('span', {}, v.label));
}

function verdict(c) {
  const status = VERDICTS[c.status] ? c.status : 'not_current';
  const v = VERDICTS[status];
  const rows = [
    ['Holder', c.holder, 'verify-holder'],
    ['Certification', c.certification, 'verify-certification'],
    ['Level', LEVELS[c.level] || sentence(c.level || ''), 'verify-level'],
    ['Certificate number', h('span', { class: 'code' }, c.certificate_number), 'verify-number'],
    ['Earned', formatDate(c.earned_on), 'verify-earned'],
    [status === 'expired' ? 'Expired on' : 'Valid until',
      status === 'emeritus' ? 'Emeritus: not current' : c.expires_on ? formatDate(c.expires_on) : 'Does not expire', 'verify-expires'],
    ['Checked', formatDate(c.checked_on), 'verify-checked'],
  ];
  return h('section', { class: ['verdict', `verdict--${status}`], id: 'verify-result', dataset: { status }, 'aria-labelledby': 'verify-status' },
    badge(status),
    h('p', { class: 'verdict__summary', id: 'verify-summary' },
      status === 'expired' && c.expires_on ? `This certification expired on ${formatDate(c.expires_on)}: the certificate is no longer valid.` : v.text),
    h('dl', { class: 'facts facts--compact verdict__facts' },
      rows.map(([label, value, id]) => h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', { id }, value)))));
}

function notFound() {
  return h('section', { class: 'verdict verdict--not_found', id: 'verify-result', dataset: { status: 'not_found' }, 'aria-labelledby': 'verify-status' },
    badge('not_found'),
    h('p', { class: 'verdict__summary', id: 'verify-summary' }, VERDICTS.not_found.text));
}
