/**
 * DOM helpers. Everything a user or the API supplied is put into the page as text (text nodes,
 * `textContent`, attribute values), never parsed as HTML: there is no `innerHTML` in this portal.
 */

import { ApiError } from './api.js';

const PROPERTIES = new Set(['value', 'checked', 'selected', 'indeterminate']);

/**
 * `h('a', {href: '#/home', class: 'x', onClick: fn}, 'text', child, [more])` → an element.
 * Strings become text nodes; null/undefined/false children and attributes are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A decorative 24×24 outline icon from one or more path strings. */
export function icon(paths, className = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of [].concat(paths)) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

export const ICONS = {
  home: ['M3 11l9-8 9 8', 'M5 10v10h14V10', 'M10 20v-6h4v6'],
  person: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21c0-4 4-6 8-6s8 2 8 6'],
  calendar: ['M4 6h16v14H4z', 'M4 10h16', 'M8 3v5', 'M16 3v5'],
  history: ['M3 12a9 9 0 1 0 3-6.7', 'M3 4v5h5', 'M12 7v5l3 3'],
  badge: ['M12 3l7 3v5c0 5-3 8-7 10-4-2-7-5-7-10V6z', 'M9 12l2 2 4-4'],
  transcript: ['M6 3h9l4 4v14H6z', 'M14 3v5h5', 'M9 13h7', 'M9 17h7'],
  book: ['M4 5a2 2 0 0 1 2-2h13v16H6a2 2 0 0 0-2 2z', 'M4 19V5'],
  shield: ['M12 3l8 3v6c0 4-3 7-8 9-5-2-8-5-8-9V6z', 'M12 8v5', 'M12 16h.01'],
  info: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 11v5', 'M12 8h.01'],
  check: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M8 12l3 3 5-6'],
  error: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v6', 'M12 16h.01'],
  warning: ['M12 3l10 18H2z', 'M12 10v5', 'M12 18h.01'],
  megaphone: ['M3 10v4h4l7 4V6L7 10z', 'M18 9a4 4 0 0 1 0 6'],
  activity: ['M3 12h4l3-8 4 16 3-8h4'],
  clock: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2'],
  lifebuoy: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M5.6 5.6l3.6 3.6', 'M14.8 14.8l3.6 3.6', 'M18.4 5.6l-3.6 3.6', 'M9.2 14.8l-3.6 3.6'],
  logout: ['M15 4h4v16h-4', 'M10 8l-4 4 4 4', 'M6 12h10'],
  users: ['M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M2 21c0-4 3-6 7-6s7 2 7 6', 'M16 3.5a4 4 0 0 1 0 7.5', 'M18 15c2.5.5 4 2.5 4 6'],
  arrow: ['M5 12h14', 'M13 6l6 6-6 6'],
  back: ['M19 12H5', 'M11 6l-6 6 6 6'],
  school: ['M2 9l10-5 10 5-10 5z', 'M6 11v5c3 2 9 2 12 0v-5', 'M22 9v6'],
  download: ['M12 4v11', 'M7 10l5 5 5-5', 'M5 20h14'],
  flag: ['M5 21V4', 'M5 4h11l-2 4 2 4H5'],
  sort: ['M8 4v16', 'M4 16l4 4 4-4', 'M16 20V4', 'M12 8l4-4 4 4'],
  doc: ['M6 3h9l4 4v14H6z', 'M14 3v5h5'],
  x: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M9 9l6 6', 'M15 9l-6 6'],
  circle: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z'],
  award: ['M12 15a6 6 0 1 0 0-12 6 6 0 0 0 0 12z', 'M8.5 13.5L7 22l5-3 5 3-1.5-8.5'],
  box: ['M3 7.5l9-4.5 9 4.5v9L12 21l-9-4.5z', 'M3 7.5l9 4.5 9-4.5', 'M12 12v9'],
  gift: ['M3 8h18v4H3z', 'M5 12v9h14v-9', 'M12 8v13', 'M12 8C10 4 7 4 7 6s5 2 5 2 5 0 5-2-3-2-5 2'],
  image: ['M4 5h16v14H4z', 'M4 16l5-5 4 4 3-3 4 4', 'M15 9h.01'],
  search: ['M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14z', 'M16 16l5 5'],
  link: ['M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1', 'M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1'],
  external: ['M14 4h6v6', 'M20 4l-9 9', 'M18 14v6H4V6h6'],
  print: ['M7 9V3h10v6', 'M7 17H4v-8h16v8h-3', 'M7 14h10v7H7z'],
};

/* ---------- the status region ---------- */

/** Shows a message in the page's live region (`#alert`); kind: info | success | error | warning. */
export function showAlert(kind, message, { title } = {}) {
  const region = document.getElementById('alert');
  if (!region) return;
  const glyph = { success: ICONS.check, error: ICONS.error, warning: ICONS.warning }[kind] || ICONS.info;
  region.className = `alert alert--${kind}`;
  region.dataset.kind = kind;
  region.replaceChildren(
    h('div', { class: 'alert__body' }, icon(glyph, 'icon alert__icon'),
      h('p', { class: 'alert__text' }, title ? h('strong', {}, title, ' ') : null, message)),
  );
}

export function clearAlert() {
  const region = document.getElementById('alert');
  if (!region) return;
  region.className = 'alert';
  delete region.dataset.kind;
  region.replaceChildren();
}

/* ---------- formatting ---------- */

/** First letter upper-cased (API messages are written to follow a field name). */
export function sentence(text) {
  const s = String(text || '').trim();
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

function toDate(value) {
  if (!value) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatDate(value) {
  const d = toDate(value);
  return d ? d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' }) : String(value || '');
}

export function formatDateTime(value) {
  const d = toDate(value);
  return d
    ? d.toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })
    : String(value || '');
}

/**
 * A timestamp the API records at midnight UTC stands for a day (e.g. the day a certification was
 * earned): its date part, so that it is not shown as the evening before west of Greenwich.
 */
export function dayOf(value) {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00))?$/.exec(String(value || ''));
  return m ? m[1] : null;
}

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * "just now", "5 minutes ago", "yesterday", "3 weeks ago", "last month", "in 2 days"… for an ISO
 * date or timestamp; a day (see `dayOf`) is compared by calendar days. Empty when unreadable.
 */
export function formatRelative(value, now = new Date()) {
  const day = dayOf(value);
  if (day) return relativeDays(daysUntil(day));
  const d = toDate(value);
  if (!d) return '';
  const seconds = Math.round((d - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return RELATIVE.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return RELATIVE.format(Math.round(seconds / 3600), 'hour');
  const start = new Date(d);
  start.setHours(0, 0, 0, 0);
  const today = new Date(now);
  today.setHours(0, 0, 0, 0);
  return relativeDays(Math.round((start - today) / 86400000));
}

function relativeDays(days) {
  if (days === null) return '';
  const abs = Math.abs(days);
  if (abs < 7) return RELATIVE.format(days, 'day');
  if (abs < 30) return RELATIVE.format(Math.trunc(days / 7), 'week');
  if (abs < 365) return RELATIVE.format(Math.trunc(days / 30), 'month');
  return RELATIVE.format(Math.trunc(days / 365), 'year');
}

/** A date or timestamp for people: "Nov 8, 2026" for a day (see `dayOf`), with the time otherwise. */
export function formatWhen(value) {
  const day = dayOf(value);
  return day ? formatDate(day) : formatDateTime(value);
}

/** A number without trailing zeros (24 → "24", 2.5 → "2.5"), grouped (1,076). */
export function formatNumber(value) {
  const n = Number(value);
  return Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(value ?? '');
}

/** Whole days from today to an ISO date (negative when past), or null. */
export function daysUntil(value) {
  const d = toDate(value);
  if (!d) return null;
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  d.setHours(0, 0, 0, 0);
  return Math.round((d - today) / 86400000);
}

/* ---------- form fields ---------- */

function describedBy(id, hint) {
  return [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
}

function labelFor(id, label, required) {
  return h('label', { for: id, class: 'field__label' }, label,
    required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null);
}

function fieldParts(id, hint) {
  return [
    hint ? h('p', { id: `${id}-hint`, class: 'field__hint' }, hint) : null,
    h('p', { id: `${id}-error`, class: 'field__error' }),
  ];
}

/** A labelled input with its hint and error line. */
export function textField({ id, label, name, type = 'text', value, required = false, hint, autocomplete,
  maxlength, minlength, readonly = false, inputmode, spellcheck, className }) {
  const input = h('input', {
    id, name: name || id, type, class: 'input', value: value ?? '', required, 'aria-required': required ? 'true' : null,
    autocomplete, maxlength, minlength, readonly, inputmode, spellcheck,
    'aria-describedby': describedBy(id, hint),
  });
  return h('div', { class: ['field', className] }, labelFor(id, label, required), input, ...fieldParts(id, hint));
}

export function textArea({ id, label, name, value, required = false, hint, maxlength, rows = 4 }) {
  const area = h('textarea', {
    id, name: name || id, class: 'input', rows, required, 'aria-required': required ? 'true' : null, maxlength,
    'aria-describedby': describedBy(id, hint),
  });
  area.value = value ?? '';
  return h('div', { class: 'field' }, labelFor(id, label, required), area, ...fieldParts(id, hint));
}

/** options: [{value, label}] */
export function selectField({ id, label, name, options, value, required = false, hint, placeholder, autocomplete }) {
  const select = h('select', {
    id, name: name || id, class: 'input', required, 'aria-required': required ? 'true' : null, autocomplete,
    'aria-describedby': describedBy(id, hint),
  },
  placeholder ? h('option', { value: '' }, placeholder) : null,
  options.map((o) => h('option', { value: o.value }, o.label)));
  select.value = value ?? '';
  return h('div', { class: 'field' }, labelFor(id, label, required), select, ...fieldParts(id, hint));
}

export function checkboxField({ id, label, name, checked = false, hint }) {
  return h('div', { class: 'field field--check' },
    h('input', { id, name: name || id, type: 'checkbox', class: 'check', checked: Boolean(checked),
      'aria-describedby': describedBy(id, hint) }),
    h('label', { for: id, class: 'check__label' }, label),
    ...fieldParts(id, hint));
}

/**
 * A required-or-not radio group: fieldset + legend; each option {id, value, label}.
 * The group's error line is `${name}-error`; errors for the group mark every radio.
 */
export function radioGroup({ name, legend, options, value, required = false, id }) {
  return h('fieldset', { class: 'fieldset', id: id || `${name}-group`, 'aria-describedby': `${name}-error`,
    dataset: { group: name } },
  h('legend', { class: 'field__label' }, legend, required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
  h('div', { class: 'radios' }, options.map((o) => h('div', { class: 'radio' },
    h('input', { type: 'radio', id: o.id, name, value: o.value, class: 'check', checked: value === o.value,
      required }),
    h('label', { for: o.id, class: 'check__label' }, o.label)))),
  h('p', { id: `${name}-error`, class: 'field__error' }));
}

/**
 * Gives a password input a "Show" toggle placed right after it (in the tab order too: the field
 * first, then its button), inside the field's box on the right.
 */
export function addPasswordToggle(input) {
  const button = h('button', { type: 'button', class: 'btn btn--link btn--small field__toggle', 'aria-controls': input.id,
    'aria-pressed': 'false', id: `${input.id}-toggle` }, 'Show');
  const box = h('div', { class: 'field__password' });
  input.replaceWith(box);
  box.append(input, button);
  button.addEventListener('click', () => {
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    button.setAttribute('aria-pressed', String(show));
    button.textContent = show ? 'Hide' : 'Show';
  });
}

/* ---------- errors and busy state ---------- */

/** Marks a field (input, select, textarea or radio group name) invalid with a message under it. */
export function setFieldError(form, target, message) {
  const radios = form.querySelectorAll(`input[type="radio"][name="${CSS.escape(target)}"]`);
  if (radios.length) {
    radios.forEach((r) => r.setAttribute('aria-invalid', 'true'));
    const box = form.querySelector(`#${CSS.escape(target)}-error`);
    if (box) box.textContent = message;
    radios[0].closest('fieldset')?.classList.add('is-invalid');
    return radios[0];
  }
  const input = form.querySelector(`#${CSS.escape(target)}`);
  if (!input) return null;
  input.setAttribute('aria-invalid', 'true');
  input.closest('.field')?.classList.add('is-invalid');
  const box = form.querySelector(`#${CSS.escape(target)}-error`);
  if (box) box.textContent = message;
  return input;
}

export function clearFieldErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.is-invalid').forEach((el) => el.classList.remove('is-invalid'));
  form.querySelectorAll('.field__error').forEach((el) => { el.textContent = ''; });
}

/** Disables the button (with a spinner and `busyLabel`) and marks the form busy; returns the undo. */
export function setBusy(form, button, busyLabel = 'Saving…') {
  const original = Array.from(button.childNodes);
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  form.setAttribute('aria-busy', 'true');
  button.replaceChildren(h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, busyLabel));
  return () => {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    form.removeAttribute('aria-busy');
    button.replaceChildren(...original);
  };
}

/** The part of an API message after its "field: " prefix. */
function messageForField(err) {
  const prefix = `${err.field}: `;
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
}

/**
 * Shows an error: `#alert` gets the message; an `ApiError` naming a field of `fields`
 * ({apiField: elementIdOrRadioName}) also marks that field and focuses it.
 */
export function showError(err, { form, fields = {}, labels = {}, failTitle = 'Not saved.' } = {}) {
  if (!(err instanceof ApiError)) {
    console.warn(err); // a bug, not a refusal: keep the page usable and say so
    showAlert('error', 'Something went wrong on this page. Reload and try again.');
    return;
  }
  const problems = err.problems.length ? err.problems : err.field ? [{ field: err.field, message: messageForField(err) }] : [];
  const onForm = form ? problems.filter((p) => fields[p.field]) : [];
  if (onForm.length) {
    // every refused field is marked at once; the alert lists them, the first one gets the focus
    const marked = onForm.map((p) => setFieldError(form, fields[p.field], sentence(p.message)));
    const lines = problems.map((p) => `${labels[p.field] || sentence(p.field.replace(/_/g, ' '))}: ${p.message}`);
    showAlert('error', lines.join(' · '), { title: failTitle });
    marked.find(Boolean)?.focus();
    return;
  }
  showAlert('error', sentence(err.message));
}

/**
 * Runs a form submission: clears old errors, checks required fields, shows the busy state while
 * `action()` runs, and routes a refusal to `#alert` and the named field.
 *   fields: {apiField: elementId | radioName}, labels: {apiField: 'Label'}
 */
export async function submitForm({ form, button, busyLabel, fields = {}, labels = {}, failTitle = 'Not saved.', action, onSuccess, onError }) {
  clearFieldErrors(form);
  clearAlert();
  const missing = requiredMissing(form);
  if (missing.length) {
    for (const name of missing) setFieldError(form, name, 'This field is required.');
    showAlert('error', missing.length === 1 ? 'One required field is empty.' : `${missing.length} required fields are empty.`,
      { title: failTitle });
    const first = form.querySelector('[aria-invalid="true"]');
    first?.focus();
    return;
  }
  const done = setBusy(form, button, busyLabel);
  try {
    const result = await action();
    if (onSuccess) await onSuccess(result); // still busy: a success may need a follow-up request
  } catch (err) {
    if (err && err.name === 'AbortError') return;
    if (onError && onError(err) === true) return;
    if (err instanceof ApiError && err.status === 401) return; // session lost: the app is on its way to sign-in
    showError(err, { form, fields, labels, failTitle });
  } finally {
    done();
  }
}

/** ids (or radio names) of required controls that are empty. */
function requiredMissing(form) {
  const missing = [];
  const seenGroups = new Set();
  for (const el of form.querySelectorAll('[required]')) {
    if (el.disabled) continue;
    if (el.type === 'radio') {
      if (seenGroups.has(el.name)) continue;
      seenGroups.add(el.name);
      if (!form.querySelector(`input[type="radio"][name="${CSS.escape(el.name)}"]:checked`)) missing.push(el.name);
    } else if (el.type === 'checkbox') {
      if (!el.checked) missing.push(el.id);
    } else if (!String(el.value).trim()) {
      missing.push(el.id);
    }
  }
  return missing;
}

/** Trimmed value, or null when empty. */
export function valueOf(form, id) {
  const el = form.querySelector(`#${CSS.escape(id)}`);
  const v = el ? String(el.value).trim() : '';
  return v === '' ? null : v;
}

/** A card-like section with a heading (h2) and content. */
export function panel({ id, title, iconName, headingId, className }, ...children) {
  const hid = headingId || (id ? `${id}-heading` : undefined);
  return h('section', { id, class: ['card', className], 'aria-labelledby': hid },
    h('h2', { id: hid, class: 'card__title' }, iconName ? icon(ICONS[iconName]) : null, h('span', {}, title)),
    ...children);
}

/* ---------- short-lived document links ---------- */

/**
 * Opens a short-lived document link (a presigned address on another origin) in a new tab, cut off
 * from this page (`opener`); false when the browser blocked the tab. (`window.open` with
 * "noopener" always answers null, so a blocked tab could not be told apart.)
 */
export function openInNewTab(url) {
  const opened = window.open(url, '_blank');
  if (!opened) return false;
  try {
    opened.opener = null;
  } catch {
    /* already navigated away: nothing to cut */
  }
  return true;
}

/**
 * The link itself, offered when the new tab was blocked; it removes itself when the address
 * expires (`expiresIn` seconds).
 */
export function documentLink({ id, url, filename, expiresIn, className = 'report-link' }) {
  const a = h('a', { href: url, id, class: className, download: filename, target: '_blank', rel: 'noopener noreferrer' },
    `Download ${filename}`);
  setTimeout(() => a.remove(), (Number(expiresIn) || 300) * 1000);
  return a;
}

/** Whole minutes (at least 1) a link answer's `expires_in` seconds stand for. */
export function linkMinutes(expiresIn) {
  return Math.max(1, Math.round((Number(expiresIn) || 300) / 60));
}

/** Copies an input's value: the Clipboard API, else the selection; false when neither works. */
export async function copyText(input) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(input.value);
      return true;
    }
  } catch {
    // refused (permissions, focus): fall back to copying the selection
  }
  try {
    input.focus();
    input.select();
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** Escape inside `box` calls `close()`, unless `busy` (the confirming button) is disabled mid-request. */
export function closeOnEscape(box, close, busy = null) {
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !(busy && busy.disabled)) {
      event.preventDefault();
      close();
    }
  });
}

/** A loading placeholder (announced via `aria-busy` on the page). */
export function loading(text = 'Loading…') {
  return h('p', { class: 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);
}

/** `value` made safe for an element id (characters other than A-Z a-z 0-9 _ - become `_`). */
export function safeId(value) {
  return String(value || '').replace(/[^A-Za-z0-9_-]/g, '_');
}
