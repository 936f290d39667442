/**
 * Admin — Announcements (#/admin/announcements, rendered by admin.js under its section links):
 * every announcement with its state today (`GET /admin/announcements`), a form to publish one
 * (`POST /admin/announcements`) or edit one (`PUT /admin/announcements/{id}`, the form prefilled),
 * and retiring one after a confirmation (`DELETE /admin/announcements/{id}`). Bodies are text or
 * the Markdown subset of js/markdown.js; the form previews the body as candidates will see it.
 *
 * Ids: #ann-form-section, #ann-form-heading, #ann-editing (note while editing), #ann-form,
 *      #ann-title, #ann-body, #ann-format, #ann-starts-on, #ann-ends-on (each with its -error line),
 *      #ann-preview (the rendered body), #ann-submit, #ann-cancel (while editing),
 *      #ann-list-section, #ann-filter-form, #ann-filter (state filter), #ann-refresh, #ann-count,
 *      #ann-list, #ann-empty, #ann-load-error,
 *      per announcement (<sid> = its id with characters other than A-Z a-z 0-9 _ - replaced by _):
 *        #ann-item-<sid>, #ann-item-<sid>-title, #ann-item-<sid>-status (state badge),
 *        #ann-item-<sid>-dates, #ann-item-<sid>-body, #ann-item-<sid>-edit, #ann-item-<sid>-retire,
 *        the confirmation #ann-item-<sid>-confirm with #ann-item-<sid>-retire-confirm and
 *        #ann-item-<sid>-retire-cancel (Escape also cancels)
 */

import { ApiError, api } from '../api.js';
import { renderBody } from '../markdown.js';
import {
  ICONS, clearAlert, clearFieldErrors, closeOnEscape, formatDate, formatDateTime, h, icon, loading, panel, safeId, selectField, sentence, setBusy, showAlert,
  showError, submitForm, textArea, textField, valueOf,
} from '../dom.js';

const STATES = {
  active: { label: 'Active', tag: 'tag--ok' },
  scheduled: { label: 'Scheduled', tag: 'tag--info' },
  ended: { label: 'Ended', tag: 'tag--neutral' },
  retired: { label: 'Retired', tag: 'tag--retired' },
};
const FORMATS = [{ value: 'markdown', label: 'Markdown (formatted)' }, { value: 'text', label: 'Plain text' }];
const FIELDS = { title: 'ann-title', body: 'ann-body', format: 'ann-format', starts_on: 'ann-starts-on', ends_on: 'ann-ends-on' };
const LABELS = { title: 'Title', body: 'Message', format: 'Format', starts_on: 'Show from', ends_on: 'Show until' };
const DEFAULT_DAYS = 30;
const HINTS = {
  markdown: 'Markdown: **bold**, *italic*, a line starting with “- ” for a list item, [link text](https://…) for a link (http or https only), a blank line between paragraphs.',
  text: 'Plain text: shown exactly as written, line breaks included.',
};

function isoDay(d) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function addDays(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return isoDay(d);
}

export async function renderAnnouncements(ctx) {
  const state = { items: [], editing: null, filter: '', highlight: null };

  /* ----- the form ----- */

  // The label is a span of its own: the busy state puts the button's children back when it ends.
  const submitLabel = h('span', {}, 'Publish announcement');
  const submit = h('button', { type: 'submit', class: 'btn btn--primary', id: 'ann-submit' }, submitLabel);
  const cancel = h('button', { type: 'button', class: 'btn btn--secondary', id: 'ann-cancel', hidden: true }, 'Cancel editing');
  const preview = h('div', { class: 'ann-preview__body', id: 'ann-preview' });
  const editing = h('p', { class: 'note', id: 'ann-editing', hidden: true });
  const form = h('form', { id: 'ann-form', class: 'form', novalidate: true, 'aria-labelledby': 'ann-form-heading' },
    textField({ id: 'ann-title', label: 'Title', required: true, maxlength: 120 }),
    h('div', { class: 'ann-editor' },
      textArea({ id: 'ann-body', label: 'Message', required: true, maxlength: 4000, rows: 9, hint: HINTS.markdown }),
      h('section', { class: 'ann-preview', 'aria-labelledby': 'ann-preview-heading' },
        h('h3', { class: 'ann-preview__title', id: 'ann-preview-heading' }, 'Preview'),
        preview)),
    h('div', { class: 'form__row form__row--3 ann-form__row' },
      selectField({ id: 'ann-format', label: 'Format', required: true, value: 'markdown', options: FORMATS }),
      textField({ id: 'ann-starts-on', label: 'Show from', type: 'date', required: true, value: addDays(0) }),
      textField({ id: 'ann-ends-on', label: 'Show until', type: 'date', required: true, value: addDays(DEFAULT_DAYS),
        hint: 'Shown on Home through this day.' })),
    h('div', { class: 'form__actions' }, submit, cancel));

  const formHeading = h('span', {}, 'New announcement');
  const formSection = h('section', { id: 'ann-form-section', class: 'card ann-form-card', 'aria-labelledby': 'ann-form-heading' },
    h('h2', { class: 'card__title', id: 'ann-form-heading' }, icon(ICONS.doc), formHeading),
    h('p', { class: 'card__intro' }, 'Announcements appear in the Announcements panel of every candidate’s Home page between the two dates.'),
    editing, form);

  const field = (id) => form.querySelector(`#${id}`);
  const updatePreview = () => {
    const body = field('ann-body').value;
    form.querySelector('#ann-body-hint').textContent = HINTS[field('ann-format').value] || HINTS.text;
    preview.replaceChildren(body.trim()
      ? renderBody(body, field('ann-format').value, { class: 'announcement__body' })
      : h('p', { class: 'muted small' }, 'The message appears here as candidates will see it.'));
  };
  field('ann-body').addEventListener('input', updatePreview);
  field('ann-format').addEventListener('change', updatePreview);
  updatePreview();

  function setMode(announcement) {
    state.editing = announcement;
    clearFieldErrors(form);
    if (announcement) {
      formHeading.textContent = 'Edit announcement';
      editing.replaceChildren(`Editing “${announcement.title}” (${announcement.announcement_id}). Saving changes it for every candidate at once.`);
      editing.hidden = false;
      submitLabel.textContent = 'Save changes';
      cancel.hidden = false;
      field('ann-title').value = announcement.title || '';
      field('ann-body').value = announcement.body || '';
      field('ann-format').value = announcement.format === 'text' ? 'text' : 'markdown';
      field('ann-starts-on').value = announcement.starts_on || '';
      field('ann-ends-on').value = announcement.ends_on || '';
    } else {
      formHeading.textContent = 'New announcement';
      editing.hidden = true;
      editing.replaceChildren();
      submitLabel.textContent = 'Publish announcement';
      cancel.hidden = true;
    }
    updatePreview();
    markEditing();
  }

  function resetForm() {
    form.reset();
    field('ann-format').value = 'markdown';
    field('ann-starts-on').value = addDays(0);
    field('ann-ends-on').value = addDays(DEFAULT_DAYS);
    setMode(null);
  }

  cancel.addEventListener('click', () => {
    const id = state.editing && state.editing.announcement_id;
    resetForm();
    clearAlert();
    document.getElementById(`ann-item-${safeId(id || '')}-edit`)?.focus();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const editingNow = state.editing;
    const payload = {
      title: valueOf(form, 'ann-title'),
      body: field('ann-body').value.trim(),
      format: field('ann-format').value,
      starts_on: valueOf(form, 'ann-starts-on'),
      ends_on: valueOf(form, 'ann-ends-on'),
    };
    const failTitle = editingNow ? 'Not saved.' : 'Not published.';
    submitForm({
      form,
      button: submit,
      busyLabel: editingNow ? 'Saving…' : 'Publishing…',
      failTitle,
      fields: FIELDS,
      labels: LABELS,
      action: async () => {
        if (payload.starts_on && payload.ends_on && payload.ends_on < payload.starts_on) {
          throw new ApiError(400, 'invalid_input', 'ends_on: must not be before the “Show from” date', 'ends_on');
        }
        return editingNow
          ? api(`/admin/announcements/${encodeURIComponent(editingNow.announcement_id)}`, { method: 'PUT', body: payload })
          : api('/admin/announcements', { method: 'POST', body: payload });
      },
      onError: (err) => {
        if (!(err instanceof ApiError)) return false;
        // A check across both dates is reported on the request as a whole ("body"), which is
        // also the name of the message field: put it under "Show until" where it belongs.
        if (err.status === 400 && err.field === 'body' && /\b(ends_on|starts_on)\b/.test(err.message)) {
          showError(new ApiError(400, err.code, `ends_on: ${err.message.replace(/^body: /, '').replace('ends_on', '“Show until”').replace('starts_on', '“Show from”')}`, 'ends_on'),
            { form, fields: FIELDS, labels: LABELS, failTitle });
          return true;
        }
        if (editingNow && (err.status === 409 || err.status === 404)) {
          showAlert('error', `${sentence(err.message)}. The list below is up to date; the text is still in the form, so you can publish it as a new announcement.`,
            { title: failTitle });
          setMode(null);
          load();
          return true;
        }
        return false;
      },
      onSuccess: async (saved) => {
        if (!ctx.isCurrent()) return;
        const when = saved.status === 'scheduled'
          ? `It will show on Home from ${formatDate(saved.starts_on)} to ${formatDate(saved.ends_on)}.`
          : saved.status === 'active'
            ? `It shows on Home now, until ${formatDate(saved.ends_on)}.`
            : `Its dates are over (${formatDate(saved.starts_on)} – ${formatDate(saved.ends_on)}), so it does not show on Home.`;
        state.highlight = saved.announcement_id;
        resetForm();
        await load();
        showAlert('success', `${editingNow ? 'Changes to' : 'Published'} “${saved.title}”${editingNow ? ' are saved' : ''}. ${when}`);
      },
    });
  });

  /* ----- the list ----- */

  const listBody = h('div', { class: 'ann-list__body' }, loading('Loading announcements…'));
  const count = h('p', { class: 'muted small', id: 'ann-count', 'aria-live': 'polite' });
  const refresh = h('button', { type: 'submit', class: 'btn btn--secondary', id: 'ann-refresh' }, 'Refresh');
  const filterForm = h('form', { id: 'ann-filter-form', class: 'form form--toolbar', novalidate: true, 'aria-label': 'Filter announcements' },
    selectField({ id: 'ann-filter', label: 'Show', value: '', options: [
      { value: '', label: 'All announcements' },
      ...Object.entries(STATES).map(([value, s]) => ({ value, label: s.label })),
    ] }),
    refresh);
  filterForm.querySelector('#ann-filter').addEventListener('change', (event) => {
    state.filter = event.target.value;
    renderList();
  });
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });

  async function load() {
    const undo = setBusy(filterForm, refresh, 'Loading…');
    try {
      const result = await api('/admin/announcements');
      if (!ctx.isCurrent()) return;
      state.items = (result && result.items) || [];
      renderList();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      if (!ctx.isCurrent()) return;
      listBody.replaceChildren(h('div', { class: 'empty', id: 'ann-load-error' },
        h('p', { class: 'empty__title' }, 'The announcements could not be loaded'),
        h('p', { class: 'empty__text' }, err instanceof ApiError ? err.message : 'Reload the page and try again.')));
      showError(err);
    } finally {
      undo();
    }
  }

  function renderList() {
    const shown = state.filter ? state.items.filter((a) => a.status === state.filter) : state.items;
    if (!shown.length) {
      listBody.replaceChildren(h('div', { class: 'empty', id: 'ann-empty' },
        h('p', { class: 'empty__title' }, state.items.length ? `No ${STATES[state.filter].label.toLowerCase()} announcements` : 'No announcements yet'),
        h('p', { class: 'empty__text' }, state.items.length ? 'Choose another state to see the others.' : 'Publish one with the form above; it appears on every candidate’s Home page.')));
    } else {
      listBody.replaceChildren(h('ul', { class: 'ann-list', id: 'ann-list' }, shown.map(item)));
    }
    const total = state.items.length;
    count.textContent = total === 0 ? '' : state.filter
      ? `${shown.length} of ${total} announcement${total === 1 ? '' : 's'} shown.`
      : `${total} announcement${total === 1 ? '' : 's'}.`;
    markEditing();
    if (state.highlight) {
      const el = document.getElementById(`ann-item-${safeId(state.highlight)}`);
      el?.classList.add('is-new');
      state.highlight = null;
    }
  }

  function markEditing() {
    for (const li of listBody.querySelectorAll('.ann')) {
      li.classList.toggle('is-editing', Boolean(state.editing) && li.dataset.id === state.editing.announcement_id);
    }
  }

  function item(a) {
    const sid = safeId(a.announcement_id);
    const s = STATES[a.status] || { label: a.status, tag: 'tag--neutral' };
    const retired = a.status === 'retired';
    const li = h('li', { class: ['ann', `ann--${safeId(a.status)}`], id: `ann-item-${sid}`, 'aria-labelledby': `ann-item-${sid}-title`,
      dataset: { id: a.announcement_id } },
    h('div', { class: 'ann__head' },
      h('h3', { class: 'ann__title', id: `ann-item-${sid}-title`, tabindex: '-1' }, a.title),
      h('span', { class: ['tag', s.tag], id: `ann-item-${sid}-status` }, s.label)),
    h('p', { class: 'ann__dates', id: `ann-item-${sid}-dates` },
      `${formatDate(a.starts_on)} – ${formatDate(a.ends_on)}`,
      h('span', { class: 'ann__format' }, a.format === 'markdown' ? 'Markdown' : 'Plain text'),
      h('span', { class: 'ann__id' }, a.announcement_id)),
    renderBody(a.body, a.format, { id: `ann-item-${sid}-body`, class: 'announcement__body ann__body' }),
    h('p', { class: 'ann__meta' },
      `Created ${formatDateTime(a.created_at)}`,
      a.updated_at && a.updated_at !== a.created_at ? ` · ${retired ? 'Retired' : 'Updated'} ${formatDateTime(a.updated_at)}` : ''));
    if (!retired) {
      const edit = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `ann-item-${sid}-edit`,
        'aria-label': `Edit “${a.title}”` }, 'Edit');
      const retire = h('button', { type: 'button', class: 'btn btn--danger-ghost btn--small', id: `ann-item-${sid}-retire`,
        'aria-label': `Retire “${a.title}”`, 'aria-expanded': 'false', 'aria-controls': `ann-item-${sid}-confirm` }, 'Retire');
      const actions = h('div', { class: 'ann__actions' }, edit, retire);
      edit.addEventListener('click', () => {
        clearAlert();
        setMode(a);
        formSection.scrollIntoView({ block: 'start', behavior: 'smooth' });
        field('ann-title').focus({ preventScroll: true });
      });
      retire.addEventListener('click', () => openConfirm(a, sid, li, retire));
      li.append(actions);
    }
    return li;
  }

  function openConfirm(a, sid, li, retire) {
    if (li.querySelector('.confirm')) {
      li.querySelector(`#ann-item-${sid}-retire-cancel`)?.focus();
      return;
    }
    const yes = h('button', { type: 'button', class: 'btn btn--danger btn--small', id: `ann-item-${sid}-retire-confirm` }, 'Retire announcement');
    const no = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `ann-item-${sid}-retire-cancel` }, 'Keep it');
    const box = h('div', { class: 'confirm', id: `ann-item-${sid}-confirm`, role: 'group', 'aria-labelledby': `ann-item-${sid}-confirm-text` },
      h('p', { class: 'confirm__text', id: `ann-item-${sid}-confirm-text` },
        `Retire “${a.title}”? It stops showing on Home at once and cannot be edited afterwards.`),
      h('div', { class: 'confirm__actions' }, yes, no));
    const close = () => {
      box.remove();
      retire.setAttribute('aria-expanded', 'false');
      retire.focus();
    };
    no.addEventListener('click', close);
    closeOnEscape(box, close, yes);
    yes.addEventListener('click', async () => {
      clearAlert();
      const undo = setBusy(box, yes, 'Retiring…');
      no.disabled = true;
      try {
        const retired = await api(`/admin/announcements/${encodeURIComponent(a.announcement_id)}`, { method: 'DELETE' });
        if (!ctx.isCurrent()) return;
        if (state.editing && state.editing.announcement_id === a.announcement_id) resetForm();
        state.items = state.items.map((x) => (x.announcement_id === a.announcement_id ? { ...x, ...retired } : x));
        renderList();
        showAlert('success', `“${a.title}” is retired. It no longer shows on Home.`);
        (document.getElementById(`ann-item-${sid}-title`) || document.getElementById('ann-list-section-heading'))?.focus();
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return;
        undo();
        no.disabled = false;
        showError(err, { failTitle: 'Not retired.' });
      }
    });
    retire.setAttribute('aria-expanded', 'true');
    retire.parentElement.after(box);
    no.focus();
  }

  ctx.root.append(h('div', { class: 'ann-layout' },
    formSection,
    panel({ id: 'ann-list-section', title: 'All announcements', iconName: 'megaphone', className: 'ann-list-card' },
      h('div', { class: 'ann-list__toolbar' }, filterForm, count), listBody)));
  document.getElementById('ann-list-section-heading')?.setAttribute('tabindex', '-1');
  await load();
}
