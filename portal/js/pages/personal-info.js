/**
 * Personal Information (guide §2): profile (company, job title, phone; the name is read-only),
 * mailing address (no P.O. Box), email settings, and external IDs with the Credly link, all read
 * with one request (`GET /me/personal-info`); each section saves with its own route.
 * On a first sign-in (`profile_complete == false`) the required sections (mailing address,
 * settings) come first under a checklist, and saving the last of them leads to Home.
 *
 * Ids: #first-time-banner, #first-time-steps, #step-mailing_address, #step-settings
 *      #profile-section, #profile-form, #profile-name, #profile-email, #profile-candidate-id,
 *        #profile-country, #profile-company, #profile-job-title, #profile-phone, #profile-save,
 *        #name-change-link
 *      #address-section, #address-form, #address-country, #address-line1, #address-line2,
 *        #address-city, #address-state, #address-postal-code, #address-po-box-hint, #address-save
 *      #settings-section, #settings-form, #settings-email-opt-in-yes, #settings-email-opt-in-no,
 *        #settings-reminders, #settings-save
 *      #external-ids-section, #external-ids, #ext-cisco-id, #ext-csco-id, #ext-credly-id,
 *        #ext-pearson-vue-id, #credly-form, #credly-id, #credly-save
 *   Field errors: #<field id>-error (e.g. #address-line1-error), #email_opt_in-error.
 *
 * Each section saves on its own; edits not saved yet are not lost silently: leaving the page (another
 * section of the portal, signing out, closing or reloading the tab) asks first, naming the sections.
 */

import { api } from '../api.js';
import { COUNTRIES, DEFAULT_COUNTRY, countryName } from '../countries.js';
import { subdivisionField } from '../subdivisions.js';
import {
  ICONS, append, checkboxField, clear, h, icon, loading, panel, radioGroup, selectField, showAlert, submitForm, textField, valueOf,
} from '../dom.js';

const REQUIRED_STEPS = { mailing_address: 'Mailing address', settings: 'Settings' };

export async function render(ctx) {
  ctx.root.append(loading('Loading your personal information…'));
  const { profile, mailing_address: address, settings, external_ids: externalIds } = await api('/me/personal-info');
  if (!ctx.isCurrent()) return;

  const firstTime = !(ctx.me && ctx.me.profile_complete);
  const missing = new Set((ctx.me && ctx.me.missing) || []);
  const view = { firstTime, missing };

  const sections = {
    profile: profileSection(ctx, profile),
    address: addressSection(ctx, view, address, profile),
    settings: settingsSection(ctx, view, settings),
    ids: externalIdsSection(externalIds),
  };
  const order = firstTime ? ['address', 'settings', 'profile', 'ids'] : ['profile', 'address', 'settings', 'ids'];
  append(clear(ctx.root), [
    firstTime ? firstTimeBanner(missing) : null,
    h('div', { class: 'stack' }, order.map((k) => sections[k])),
  ]);
  watchUnsaved(ctx, [
    ['profile-form', 'Profile'], ['address-form', 'Mailing Address'], ['settings-form', 'Settings'], ['credly-form', 'External IDs'],
  ]);
}

/* ---------- unsaved edits ---------- */

/** What a form holds now, to compare with what it held before the user touched it. */
function snapshot(form) {
  return JSON.stringify(Array.from(form.elements).filter((el) => el.id && el.matches('input, select, textarea'))
    .map((el) => [el.id, el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value]));
}

/**
 * Guards the page's forms: a form's state is taken when the user first enters it (after what the
 * page itself filled in) and again after each save (`saved` event); a difference is an unsaved edit.
 */
function watchUnsaved(ctx, forms) {
  const baseline = new Map();
  for (const [id] of forms) {
    const form = ctx.root.querySelector(`#${id}`);
    if (!form) continue;
    form.addEventListener('focusin', () => {
      if (!baseline.has(id)) baseline.set(id, snapshot(form));
    });
    form.addEventListener('saved', () => baseline.set(id, snapshot(form)));
  }
  ctx.guardLeave(() => {
    const changed = forms.filter(([id]) => {
      const form = ctx.root.querySelector(`#${id}`);
      return form && baseline.has(id) && baseline.get(id) !== snapshot(form);
    }).map(([, label]) => label);
    if (!changed.length) return null;
    return `You have unsaved changes in ${changed.join(', ')}. Leave this page and lose them?`;
  });
}

/** Tells the unsaved-edits guard that the form's current values are saved. */
function markSaved(form) {
  form.dispatchEvent(new Event('saved'));
}

/* ---------- first sign-in ---------- */

function firstTimeBanner(missing) {
  return h('section', { class: 'banner', id: 'first-time-banner', 'aria-labelledby': 'first-time-title' },
    icon(ICONS.info, 'icon banner__icon'),
    h('div', {},
      h('h2', { class: 'banner__title', id: 'first-time-title' }, 'Welcome! Please confirm your personal information'),
      h('p', {}, 'Before you continue, update all required fields: your mailing address (where certificates and kits are shipped) and your settings.'),
      h('ol', { class: 'steps', id: 'first-time-steps' }, Object.entries(REQUIRED_STEPS).map(([key, label]) =>
        stepItem(key, label, !missing.has(key))))));
}

function stepItem(key, label, done) {
  return h('li', { id: `step-${key}`, class: ['steps__item', done ? 'is-done' : null] },
    icon(done ? ICONS.check : ICONS.clock, 'icon steps__icon'),
    h('span', {}, label), h('span', { class: 'visually-hidden' }, done ? ' — saved' : ' — still required'),
    h('span', { class: ['tag', done ? 'tag--ok' : 'tag--warn'], 'aria-hidden': 'true' }, done ? 'Saved' : 'Required'));
}

/** After saving a required section: refresh `GET /me`; a complete profile goes on to Home. */
async function afterRequiredSave(ctx, view, key, savedMessage) {
  if (!view.firstTime) {
    showAlert('success', savedMessage);
    return;
  }
  const me = await ctx.refreshMe();
  if (!ctx.isCurrent()) return;
  view.missing = new Set(me.missing || []);
  for (const [k, label] of Object.entries(REQUIRED_STEPS)) {
    document.getElementById(`step-${k}`)?.replaceWith(stepItem(k, label, !view.missing.has(k)));
  }
  document.querySelector(`#${key === 'mailing_address' ? 'address' : 'settings'}-section .tag--warn`)?.remove();
  if (me.profile_complete) {
    ctx.navigate('home', { notice: { kind: 'success', message: 'Thank you — your personal information is complete.' } });
    return;
  }
  const next = Object.keys(REQUIRED_STEPS).find((k) => view.missing.has(k));
  showAlert('success', `${savedMessage} Next: ${REQUIRED_STEPS[next] || 'the remaining required fields'}.`);
  const nextField = next === 'settings' ? '#settings-email-opt-in-yes' : next === 'mailing_address' ? '#address-line1' : null;
  if (nextField) document.querySelector(nextField)?.focus();
}

function requiredTag(view, key) {
  return view.firstTime && view.missing.has(key) ? h('span', { class: 'tag tag--warn card__tag' }, 'Required') : null;
}

/* ---------- profile ---------- */

function profileSection(ctx, profile) {
  const name = [profile.first_name, profile.last_name].filter(Boolean).join(' ');
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: 'profile-save' }, 'Save profile');
  const form = h('form', { id: 'profile-form', class: 'form', novalidate: true, 'aria-labelledby': 'profile-section-heading' },
    h('dl', { class: 'facts' },
      fact('Name', 'profile-name', name),
      fact('Email', 'profile-email', profile.email),
      fact('Candidate ID', 'profile-candidate-id', profile.candidate_id),
      fact('Country or region', 'profile-country', countryName(profile.country) || '—')),
    h('p', { class: 'note', id: 'name-note' },
      icon(ICONS.info, 'icon note__icon'),
      h('span', {}, 'Your name is the one verified when you signed up, and it is printed on your certificates. To change it, ',
        h('a', { href: '#/support?topic=name', id: 'name-change-link' }, 'open a support case'), '.')),
    h('div', { class: 'form__row' },
      textField({ id: 'profile-company', label: 'Company', value: profile.company, autocomplete: 'organization', maxlength: 100 }),
      textField({ id: 'profile-job-title', label: 'Job title', value: profile.job_title, autocomplete: 'organization-title', maxlength: 100 })),
    textField({ id: 'profile-phone', label: 'Phone', type: 'tel', value: profile.phone, autocomplete: 'tel', maxlength: 24,
      hint: 'Include the country code, e.g. +1 415 555 0134.', className: 'field--narrow' }),
    h('div', { class: 'form__actions' }, button));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      fields: { company: 'profile-company', job_title: 'profile-job-title', phone: 'profile-phone' },
      labels: { company: 'Company', job_title: 'Job title', phone: 'Phone' },
      action: () => api('/me/profile', { method: 'PUT', body: {
        company: valueOf(form, 'profile-company'),
        job_title: valueOf(form, 'profile-job-title'),
        phone: valueOf(form, 'profile-phone'),
      } }),
      onSuccess: (saved) => {
        form.querySelector('#profile-company').value = saved.company ?? '';
        form.querySelector('#profile-job-title').value = saved.job_title ?? '';
        form.querySelector('#profile-phone').value = saved.phone ?? '';
        markSaved(form);
        showAlert('success', 'Your profile has been saved.');
      },
    });
  });
  return panel({ id: 'profile-section', title: 'Profile', iconName: 'person' }, form);
}

function fact(label, id, value) {
  return h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', { id }, value || '—'));
}

/* ---------- mailing address ---------- */

const ADDRESS_FIELDS = {
  line1: 'address-line1', line2: 'address-line2', city: 'address-city', state: 'address-state',
  postal_code: 'address-postal-code', country: 'address-country',
};
const ADDRESS_LABELS = {
  line1: 'Address', line2: 'Address (cont.)', city: 'City', state: 'State/Province', postal_code: 'Postal code',
  country: 'Country',
};

function addressSection(ctx, view, address, profile) {
  const a = address || {};
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: 'address-save' }, address ? 'Update address' : 'Save address');
  const state = subdivisionField({ id: 'address-state' });
  const form = h('form', { id: 'address-form', class: 'form', novalidate: true, 'aria-labelledby': 'address-section-heading',
    'aria-describedby': 'address-po-box-hint' },
    h('p', { class: 'note note--warn', id: 'address-po-box-hint' }, icon(ICONS.warning, 'icon note__icon'),
      h('span', {}, 'Certification fulfillment cannot be sent to a P.O. Box. Give a street address where a courier can deliver your certificate and kit.')),
    selectField({ id: 'address-country', label: ADDRESS_LABELS.country, required: true, options: COUNTRIES,
      value: a.country || profile.country || DEFAULT_COUNTRY, autocomplete: 'country' }),
    textField({ id: 'address-line1', label: ADDRESS_LABELS.line1, required: true, value: a.line1, autocomplete: 'address-line1',
      maxlength: 100, hint: 'Street and number.' }),
    textField({ id: 'address-line2', label: ADDRESS_LABELS.line2, value: a.line2, autocomplete: 'address-line2', maxlength: 100,
      hint: 'Apartment, suite, building (optional).' }),
    h('div', { class: 'form__row form__row--3' },
      textField({ id: 'address-city', label: ADDRESS_LABELS.city, required: true, value: a.city, autocomplete: 'address-level2', maxlength: 60 }),
      state.element,
      textField({ id: 'address-postal-code', label: ADDRESS_LABELS.postal_code, value: a.postal_code, autocomplete: 'postal-code', maxlength: 12 })),
    h('div', { class: 'form__actions' }, button));
  const country = form.querySelector('#address-country');
  state.show(country.value, a.state);
  country.addEventListener('change', () => state.show(country.value, ''));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      fields: ADDRESS_FIELDS,
      labels: ADDRESS_LABELS,
      action: () => api('/me/addresses/mailing', { method: 'PUT', body: {
        line1: valueOf(form, 'address-line1'),
        line2: valueOf(form, 'address-line2'),
        city: valueOf(form, 'address-city'),
        state: valueOf(form, 'address-state'),
        postal_code: valueOf(form, 'address-postal-code'),
        country: valueOf(form, 'address-country'),
      } }),
      onSuccess: async (saved) => {
        for (const [field, id] of Object.entries(ADDRESS_FIELDS)) {
          if (saved && field in saved) form.querySelector(`#${id}`).value = saved[field] ?? '';
        }
        markSaved(form);
        await afterRequiredSave(ctx, view, 'mailing_address', 'Your mailing address has been saved.');
      },
    });
  });
  return panel({ id: 'address-section', title: 'Mailing Address', iconName: 'home' },
    requiredTag(view, 'mailing_address'), form);
}

/* ---------- settings ---------- */

function settingsSection(ctx, view, settings) {
  const s = settings || {};
  const optIn = typeof s.email_opt_in === 'boolean' ? (s.email_opt_in ? 'yes' : 'no') : null;
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: 'settings-save' }, 'Save settings');
  const form = h('form', { id: 'settings-form', class: 'form', novalidate: true, 'aria-labelledby': 'settings-section-heading' },
    radioGroup({
      name: 'email_opt_in',
      id: 'settings-email-opt-in',
      legend: 'Would you like to receive emails about training, certifications, services, special offerings and events?',
      required: true,
      value: optIn,
      options: [
        { id: 'settings-email-opt-in-yes', value: 'yes', label: 'Yes' },
        { id: 'settings-email-opt-in-no', value: 'no', label: 'No' },
      ],
    }),
    checkboxField({ id: 'settings-reminders', label: 'Send me reminders before my certifications expire',
      checked: typeof s.reminder_emails === 'boolean' ? s.reminder_emails : true,
      hint: 'Sent to your sign-in email before each expiration date.' }),
    h('div', { class: 'form__actions' }, button));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      fields: { email_opt_in: 'email_opt_in', reminder_emails: 'settings-reminders' },
      labels: { email_opt_in: 'Email notifications', reminder_emails: 'Reminders' },
      action: () => api('/me/settings', { method: 'PUT', body: {
        email_opt_in: form.querySelector('#settings-email-opt-in-yes').checked,
        reminder_emails: form.querySelector('#settings-reminders').checked,
      } }),
      onSuccess: async () => {
        markSaved(form);
        await afterRequiredSave(ctx, view, 'settings', 'Your settings have been saved.');
      },
    });
  });
  return panel({ id: 'settings-section', title: 'Settings', iconName: 'megaphone' }, requiredTag(view, 'settings'),
    h('p', { class: 'card__intro' }, 'Email notifications'), form);
}

/* ---------- external IDs ---------- */

const EXTERNAL_IDS = [
  ['cisco_id', 'ext-cisco-id', 'Sign-in ID'],
  ['csco_id', 'ext-csco-id', 'Candidate ID (CSCO)'],
  ['credly_id', 'ext-credly-id', 'Credly (digital badges)'],
  ['pearson_vue_id', 'ext-pearson-vue-id', 'Pearson VUE (testing)'],
];

function externalIdsList(ids) {
  return h('dl', { class: 'facts', id: 'external-ids' }, EXTERNAL_IDS.map(([key, id, label]) =>
    h('div', { class: 'facts__row' }, h('dt', {}, label),
      ids && ids[key] ? h('dd', { id }, ids[key]) : h('dd', { id, class: 'muted' }, 'Not linked'))));
}

function externalIdsSection(ids) {
  const button = h('button', { type: 'submit', class: 'btn btn--secondary', id: 'credly-save' },
    ids && ids.credly_id ? 'Update Credly link' : 'Link Credly');
  const form = h('form', { id: 'credly-form', class: 'form form--inline', novalidate: true, 'aria-label': 'Link your Credly account' },
    textField({ id: 'credly-id', label: 'Credly account (email or username)',
      value: (ids && ids.credly_id) || '', maxlength: 100, spellcheck: 'false',
      hint: 'Digital badges are issued to this Credly account.' }),
    h('div', { class: 'form__actions' }, button));
  let list = externalIdsList(ids);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      fields: { credly_id: 'credly-id' },
      labels: { credly_id: 'Credly account' },
      action: () => api('/me/external-ids/credly', { method: 'PUT', body: { credly_id: valueOf(form, 'credly-id') || '' } }),
      onSuccess: (saved) => {
        const next = externalIdsList(saved);
        list.replaceWith(next);
        list = next;
        markSaved(form);
        showAlert('success', 'Your Credly account has been linked.');
      },
    });
  });
  return panel({ id: 'external-ids-section', title: 'External IDs', iconName: 'badge' },
    h('p', { class: 'card__intro' }, 'The IDs that connect your record with the sign-in, testing and badge systems.'),
    list, form);
}
