/**
 * Admin — support cases (`GET /admin/support-cases?status=…`), mapping a case's sign-in to a
 * candidate record (`POST /admin/account-mappings`), and a candidate lookup by email
 * (`GET /admin/candidates?email=…`). Only shown to users whose `GET /me` says `is_admin`.
 * Announcements for Home are a second section, #/admin/announcements (admin-announcements.js),
 * score challenges a third, #/admin/challenges (admin-challenges.js).
 *
 * Each open case is resolved as what it is: an account-mapping case by mapping its sign-in to a
 * record; a profile case (a name change) by setting the verified name on the record
 * (`POST /admin/support-cases/{case_id}/name-change`, the candidate ID pre-filled from the case);
 * any other by answering it (`POST /admin/support-cases/{case_id}/resolution`).
 *
 * Sub-routes: #/admin (support cases), #/admin/announcements, #/admin/challenges; anything else
 * is "not found".
 *
 * Ids: #admin-tabs (the section links: #admin-tab-cases, #admin-tab-announcements,
 *        #admin-tab-challenges; the one shown
 *        has aria-current="page"), #admin-not-found,
 *      #admin-filter-form, #admin-status, #admin-refresh, #admin-cases, #admin-cases-empty,
 *      #admin-case-count, #admin-load-more,
 *      per case (case id with characters other than A-Z a-z 0-9 _ - replaced by _):
 *        #case-<id>, #map-form-<id>, #map-candidate-<id>, #map-note-<id>, #map-find-<id>, #map-submit-<id>
 *        (mapping cases); #name-form-<id>, #name-candidate-<id>, #name-first-<id>, #name-last-<id>,
 *        #name-note-<id>, #name-submit-<id> (profile cases); #answer-form-<id>, #answer-note-<id>,
 *        #answer-submit-<id> (other cases)
 *      #lookup-form, #lookup-email, #lookup-submit, #lookup-result
 */

import { ApiError, api } from '../api.js';
import {
  ICONS, clearAlert, clearFieldErrors, formatDateTime, h, icon, loading, panel, safeId, selectField, setBusy, showAlert, showError,
  submitForm, textField, valueOf,
} from '../dom.js';
import { renderAnnouncements } from './admin-announcements.js';
import { renderChallenges } from './admin-challenges.js';

const CATEGORY_LABELS = {
  account_mapping: 'Account mapping',
  profile: 'Profile change',
  other: 'Other request',
};

const SECTIONS = [
  { name: 'cases', id: 'admin-tab-cases', href: '#/admin', label: 'Support cases', icon: 'lifebuoy' },
  { name: 'announcements', id: 'admin-tab-announcements', href: '#/admin/announcements', label: 'Announcements', icon: 'megaphone' },
  { name: 'challenges', id: 'admin-tab-challenges', href: '#/admin/challenges', label: 'Score challenges', icon: 'flag' },
];

export function render(ctx) {
  const [section, ...more] = ctx.path || [];
  if (more.length || (section && !SECTIONS.some((s) => s.name === section && s.name !== 'cases'))) return renderMissing(ctx);
  ctx.root.append(adminTabs(section || 'cases'));
  if (section === 'announcements') {
    ctx.setTitle('Admin — Announcements');
    return renderAnnouncements(ctx);
  }
  if (section === 'challenges') {
    ctx.setTitle('Admin — Score challenges');
    return renderChallenges(ctx);
  }
  return renderCases(ctx);
}

/** Links between the admin sections (a navigation landmark; the current one is marked). */
function adminTabs(active) {
  return h('nav', { class: 'subnav', id: 'admin-tabs', 'aria-label': 'Admin sections' },
    h('ul', { class: 'subnav__list' }, SECTIONS.map((s) => h('li', {},
      h('a', { href: s.href, id: s.id, class: 'subnav__link', 'aria-current': s.name === active ? 'page' : null },
        icon(ICONS[s.icon], 'icon icon--small'), h('span', {}, s.label))))));
}

function renderMissing(ctx) {
  ctx.setTitle('Page not found');
  ctx.root.append(adminTabs(null), h('div', { class: 'card' }, h('div', { class: 'empty', id: 'admin-not-found' },
    h('p', { class: 'empty__title' }, 'There is no admin page at this address'),
    h('p', { class: 'empty__text' }, 'Choose a section above.'))));
}

/* ---------- support cases ---------- */

async function renderCases(ctx) {
  const state = { status: 'open', cursor: null, count: 0 };
  const casesBody = h('div', { class: 'admin-cases__body' }, loading('Loading support cases…'));
  const count = h('p', { class: 'muted', id: 'admin-case-count', 'aria-live': 'polite' });

  const refresh = h('button', { type: 'submit', class: 'btn btn--secondary', id: 'admin-refresh' }, 'Show');
  const filter = h('form', { id: 'admin-filter-form', class: 'form form--toolbar', novalidate: true, 'aria-label': 'Filter support cases' },
    selectField({ id: 'admin-status', label: 'Status', value: 'open',
      options: [{ value: 'open', label: 'Open' }, { value: 'resolved', label: 'Resolved' }] }),
    refresh);
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    state.status = valueOf(filter, 'admin-status') || 'open';
    state.cursor = null;
    load(false);
  });

  async function load(more) {
    const undo = setBusy(filter, refresh, 'Loading…');
    const query = new URLSearchParams({ status: state.status });
    if (more && state.cursor) query.set('cursor', state.cursor);
    try {
      const result = await api(`/admin/support-cases?${query}`);
      if (!ctx.isCurrent()) return;
      renderCases(result, more);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      if (ctx.isCurrent()) {
        casesBody.querySelector('.loading')?.remove();
        showError(err);
      }
    } finally {
      undo();
    }
  }

  function renderCases(result, more) {
    const items = (result && result.items) || [];
    state.cursor = (result && result.next_cursor) || null;
    let list = casesBody.querySelector('#admin-cases');
    if (!more || !list) {
      list = h('ul', { class: 'cases', id: 'admin-cases' });
      casesBody.replaceChildren(list);
      state.count = 0;
    }
    for (const c of items) list.append(caseCard(ctx, c, onResolved));
    state.count += items.length;
    if (state.count === 0) {
      casesBody.replaceChildren(h('div', { class: 'empty', id: 'admin-cases-empty' },
        h('p', { class: 'empty__title' }, state.status === 'open' ? 'No open support cases' : 'No resolved support cases'),
        h('p', { class: 'empty__text' }, state.status === 'open' ? 'New cases opened by candidates appear here.' : 'Cases appear here once they are resolved.')));
    }
    updateCount();
    if (state.cursor) {
      casesBody.append(h('button', { type: 'button', class: 'btn btn--secondary', id: 'admin-load-more', onClick: (e) => {
        e.currentTarget.remove();
        load(true);
      } }, 'Load more'));
    }
  }

  function updateCount() {
    count.textContent = state.count === 0 ? '' : `${state.count} ${state.status} case${state.count === 1 ? '' : 's'} shown${state.cursor ? ' (more available)' : ''}.`;
  }

  function onResolved(card) {
    if (state.status === 'open') {
      card.remove();
      state.count -= 1;
      updateCount();
      if (state.count === 0 && !state.cursor) renderCases({ items: [] }, false);
    }
  }

  ctx.root.append(h('div', { class: 'admin-grid' },
    panel({ id: 'admin-cases-section', title: 'Support cases', iconName: 'lifebuoy', className: 'admin-cases' }, filter, count, casesBody),
    lookupPanel()));
  await load(false);
}

/* ---------- one case ---------- */

function caseCard(ctx, c, onResolved) {
  const sid = safeId(c.case_id);
  const open = c.status === 'open';
  const card = h('li', { class: 'case case--admin', id: `case-${sid}`, 'aria-labelledby': `case-${sid}-title` },
    h('div', { class: 'case__head' },
      h('h3', { class: 'case__title', id: `case-${sid}-title` }, `${CATEGORY_LABELS[c.category] || c.category} · ${c.case_id}`),
      h('span', { class: ['tag', open ? 'tag--info' : 'tag--ok'] }, open ? 'Open' : 'Resolved')),
    h('dl', { class: 'facts facts--compact' },
      row('Sign-in email', c.email),
      c.subject ? row('Sign-in subject', c.subject) : null,
      row('Opened', formatDateTime(c.created_at)),
      c.candidate_id ? row('Candidate ID', c.candidate_id) : null),
    h('p', { class: 'case__text' }, c.description || ''),
    c.resolution ? h('p', { class: 'case__resolution' }, h('strong', {}, 'Resolution: '), c.resolution) : null);
  if (open) {
    const form = c.category === 'account_mapping' ? mapForm : c.category === 'profile' ? nameForm : answerForm;
    card.append(form(ctx, c, sid, card, onResolved));
  }
  return card;
}

/** A name change: the record's verified name is set and the case resolved, together. */
function nameForm(ctx, c, sid, card, onResolved) {
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: `name-submit-${sid}` }, 'Change name and resolve');
  const form = h('form', { id: `name-form-${sid}`, class: 'form map-form', novalidate: true, 'aria-label': `Change the name for case ${c.case_id}` },
    textField({ id: `name-candidate-${sid}`, label: 'Candidate ID', required: true, maxlength: 12, spellcheck: 'false',
      value: c.candidate_id || '', hint: 'From the case: the record of the candidate who opened it.', className: 'field--narrow' }),
    h('div', { class: 'form__row' },
      textField({ id: `name-first-${sid}`, label: 'New first name', required: true, maxlength: 60 }),
      textField({ id: `name-last-${sid}`, label: 'New last name', required: true, maxlength: 60 })),
    textField({ id: `name-note-${sid}`, label: 'Resolution note', maxlength: 500, hint: 'Optional; shown to the candidate.' }),
    h('div', { class: 'form__actions' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const candidateId = (valueOf(form, `name-candidate-${sid}`) || '').toUpperCase();
    const name = [valueOf(form, `name-first-${sid}`), valueOf(form, `name-last-${sid}`)].join(' ');
    submitForm({
      form,
      button,
      failTitle: 'Name not changed.',
      busyLabel: 'Changing…',
      fields: { candidate_id: `name-candidate-${sid}`, first_name: `name-first-${sid}`, last_name: `name-last-${sid}`, note: `name-note-${sid}` },
      labels: { candidate_id: 'Candidate ID', first_name: 'New first name', last_name: 'New last name', note: 'Resolution note', case_id: 'Case' },
      action: () => api(`/admin/support-cases/${encodeURIComponent(c.case_id)}/name-change`, { method: 'POST', body: {
        candidate_id: candidateId,
        first_name: valueOf(form, `name-first-${sid}`),
        last_name: valueOf(form, `name-last-${sid}`),
        ...(valueOf(form, `name-note-${sid}`) ? { note: valueOf(form, `name-note-${sid}`) } : {}),
      } }),
      onSuccess: () => {
        showAlert('success', `Case ${c.case_id} is resolved: the name on record ${candidateId} is now ${name}.`);
        onResolved(card);
      },
    });
  });
  return form;
}

/** Any other case: answered, and resolved with the answer. */
function answerForm(ctx, c, sid, card, onResolved) {
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: `answer-submit-${sid}` }, 'Answer and resolve');
  const form = h('form', { id: `answer-form-${sid}`, class: 'form map-form', novalidate: true, 'aria-label': `Answer case ${c.case_id}` },
    textField({ id: `answer-note-${sid}`, label: 'Answer', required: true, maxlength: 500, hint: 'Shown to the candidate with the resolved case.' }),
    h('div', { class: 'form__actions' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      failTitle: 'Not resolved.',
      busyLabel: 'Resolving…',
      fields: { note: `answer-note-${sid}` },
      labels: { note: 'Answer', case_id: 'Case' },
      action: () => api(`/admin/support-cases/${encodeURIComponent(c.case_id)}/resolution`, { method: 'POST',
        body: { note: valueOf(form, `answer-note-${sid}`) } }),
      onSuccess: () => {
        showAlert('success', `Case ${c.case_id} is resolved with your answer.`);
        onResolved(card);
      },
    });
  });
  return form;
}

function row(label, value) {
  return h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', {}, value || '—'));
}

function mapForm(ctx, c, sid, card, onResolved) {
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: `map-submit-${sid}` }, 'Map account');
  const find = h('button', { type: 'button', class: 'btn btn--secondary', id: `map-find-${sid}` }, 'Find record by email');
  const form = h('form', { id: `map-form-${sid}`, class: 'form map-form', novalidate: true, 'aria-label': `Map the sign-in of case ${c.case_id}` },
    h('div', { class: 'form__row' },
      textField({ id: `map-candidate-${sid}`, label: 'Candidate ID', required: true, maxlength: 12, spellcheck: 'false',
        value: c.candidate_id || '', hint: 'CSCO followed by 8 digits.' }),
      textField({ id: `map-note-${sid}`, label: 'Resolution note', maxlength: 500, hint: 'Optional; shown to the candidate.' })),
    h('div', { class: 'form__actions' }, button, find));

  find.addEventListener('click', async () => {
    clearFieldErrors(form);
    clearAlert();
    const undo = setBusy(form, find, 'Searching…');
    try {
      const found = await api(`/admin/candidates?${new URLSearchParams({ email: c.email })}`);
      if (!ctx.isCurrent()) return;
      form.querySelector(`#map-candidate-${sid}`).value = found.candidate_id;
      showAlert('info', `Record found for ${found.email}: ${found.candidate_id} (${[found.first_name, found.last_name].join(' ')}).`);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) showError(err);
    } finally {
      undo();
      form.querySelector(`#map-candidate-${sid}`)?.focus();
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const candidateId = (valueOf(form, `map-candidate-${sid}`) || '').toUpperCase();
    submitForm({
      form,
      button,
      failTitle: 'Not mapped.',
      busyLabel: 'Mapping…',
      fields: { candidate_id: `map-candidate-${sid}`, note: `map-note-${sid}` },
      labels: { candidate_id: 'Candidate ID', note: 'Resolution note', case_id: 'Case' },
      action: () => api('/admin/account-mappings', { method: 'POST', body: {
        case_id: c.case_id,
        candidate_id: candidateId,
        ...(valueOf(form, `map-note-${sid}`) ? { note: valueOf(form, `map-note-${sid}`) } : {}),
      } }),
      onSuccess: (resolved) => {
        showAlert('success', `Case ${resolved.case_id || c.case_id} is resolved: the sign-in of ${c.email} is now mapped to ${candidateId}.`);
        onResolved(card);
      },
    });
  });
  return form;
}

/* ---------- candidate lookup ---------- */

function lookupPanel() {
  const button = h('button', { type: 'submit', class: 'btn btn--secondary', id: 'lookup-submit' }, 'Look up');
  const result = h('div', { id: 'lookup-result', class: 'lookup-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'lookup-form', class: 'form', novalidate: true, 'aria-labelledby': 'lookup-section-heading' },
    textField({ id: 'lookup-email', label: 'Candidate email', type: 'email', required: true, spellcheck: 'false' }),
    h('div', { class: 'form__actions' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    result.replaceChildren();
    submitForm({
      form,
      button,
      busyLabel: 'Looking up…',
      fields: { email: 'lookup-email' },
      labels: { email: 'Candidate email' },
      action: () => api(`/admin/candidates?${new URLSearchParams({ email: valueOf(form, 'lookup-email') })}`),
      onError: (err) => {
        if (err instanceof ApiError && err.status === 404) {
          result.replaceChildren(h('p', { class: 'muted' }, 'No candidate record has this email.'));
          return true;
        }
        return false;
      },
      onSuccess: (found) => {
        result.replaceChildren(h('dl', { class: 'facts facts--compact' },
          row('Candidate ID', found.candidate_id),
          row('Name', [found.first_name, found.last_name].filter(Boolean).join(' ')),
          row('Email', found.email),
          typeof found.mapped_logins === 'number' ? row('Linked sign-ins', String(found.mapped_logins)) : null));
      },
    });
  });
  return panel({ id: 'lookup-section', title: 'Find a candidate', iconName: 'users', className: 'admin-lookup' },
    h('p', { class: 'card__intro' }, 'Look up a candidate record by email to find the ID to map a case to.'), form, result);
}
