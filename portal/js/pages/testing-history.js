/**
 * Testing History (guide §6, "Test Information History View"): every exam result, written and
 * practical (`GET /me/exams`, sorted, filtered and paged with `next_cursor`), its score report
 * (`GET /me/exams/{result_id}/score-report`, a short-lived link opened in a new tab), practical
 * exam modules, and score challenges (`POST /me/exams/{result_id}/challenges`, `GET /me/challenges`).
 *
 * Ids: #exams-controls (the toolbar form), #exams-sort, #exams-order (order toggle; its
 *        data-order is asc | desc), #exams-type, #exams-outcome,
 *      #exams-count, #exams-table, #exams-body, #exams-empty, #exams-load-more,
 *      #exams-col-date, #exams-col-exam, #exams-col-score, #exams-col-result (headers; the sorted
 *        one has aria-sort)
 *      per result (<sid> = result id with characters other than A-Z a-z 0-9 _ - replaced by _):
 *        #exam-<sid> (its row; data-result-id, data-score), #exam-<sid>-score, #exam-<sid>-result,
 *        #exam-<sid>-report (score report button), #exam-<sid>-report-link (fallback link when the
 *        new tab was blocked), #exam-<sid>-challenge (opens the challenge form),
 *        #exam-<sid>-challenge-open (shown instead while a challenge is open),
 *        #exam-<sid>-challenge-until (while the window is open: its last day),
 *        #exam-<sid>-challenge-closed (instead of the button once the window has closed),
 *        #exam-<sid>-sections (row of modules/sections), #exam-<sid>-challenge-row,
 *        #challenge-form-<sid>, #challenge-reason-<sid>, #challenge-refusal-<sid>,
 *        #challenge-submit-<sid>, #challenge-cancel-<sid>
 *      On phones (≤ 640 px) each result is a card: every cell carries its column's name (data-label).
 *      #challenges-section, #challenges-list, #challenges-empty, per challenge #challenge-<sid>
 *        (with #challenge-<sid>-status)
 */

import { ApiError, api } from '../api.js';
import {
  ICONS, clearAlert, closeOnEscape, documentLink, formatDate, formatDateTime, formatNumber, h, icon, linkMinutes, loading, openInNewTab,
  panel, safeId, selectField, sentence, setBusy, showAlert, showError, submitForm, textArea, valueOf,
} from '../dom.js';

const PAGE_SIZE = 20;
const SORTS = [
  { value: 'date', label: 'Date taken', column: 'date' },
  { value: 'exam', label: 'Exam code', column: 'exam' },
  { value: 'score', label: 'Score', column: 'score' },
  { value: 'result', label: 'Result', column: 'result' },
];
/** What each order means for each sort, as the toggle says it. */
const ORDER_LABELS = {
  date: { desc: 'Newest first', asc: 'Oldest first' },
  exam: { asc: 'A to Z', desc: 'Z to A' },
  score: { desc: 'Highest first', asc: 'Lowest first' },
  result: { desc: 'Passed first', asc: 'Failed first' },
};
const DEFAULT_ORDER = { date: 'desc', exam: 'asc', score: 'desc', result: 'desc' };
const DELIVERY = { test_center: 'Test center', online: 'Online', lab: 'Lab' };
const CHALLENGE_STATUS = {
  open: { label: 'Open', tag: 'tag--info' },
  upheld: { label: 'Upheld', tag: 'tag--ok' },
  denied: { label: 'Denied', tag: 'tag--error' },
};
const COLUMNS = 5;

export async function render(ctx) {
  const state = { sort: 'date', order: 'desc', type: '', outcome: '', cursor: null, count: 0, ticket: 0 };

  /* ----- toolbar ----- */
  const orderButton = h('button', { type: 'button', class: 'btn btn--secondary order-toggle', id: 'exams-order',
    'aria-labelledby': 'exams-order-label exams-order', dataset: { order: state.order } });
  const controls = h('form', { id: 'exams-controls', class: 'form form--toolbar form--wrap', novalidate: true, 'aria-label': 'Sort and filter exam results' },
    selectField({ id: 'exams-sort', label: 'Sort by', value: state.sort, options: SORTS }),
    h('div', { class: 'field' }, h('span', { class: 'field__label', id: 'exams-order-label' }, 'Order'), orderButton),
    selectField({ id: 'exams-type', label: 'Type', value: '', options: [
      { value: '', label: 'All types' }, { value: 'written', label: 'Written' }, { value: 'practical', label: 'Practical (lab)' }] }),
    selectField({ id: 'exams-outcome', label: 'Outcome', value: '', options: [
      { value: '', label: 'All outcomes' }, { value: 'passed', label: 'Passed' }, { value: 'failed', label: 'Failed' }] }));
  controls.addEventListener('submit', (event) => event.preventDefault());
  const sortSelect = controls.querySelector('#exams-sort');
  sortSelect.addEventListener('change', () => {
    state.sort = sortSelect.value;
    state.order = DEFAULT_ORDER[state.sort] || 'desc';
    load(false);
  });
  orderButton.addEventListener('click', () => {
    state.order = state.order === 'desc' ? 'asc' : 'desc';
    load(false);
  });
  for (const id of ['exams-type', 'exams-outcome']) {
    controls.querySelector(`#${id}`).addEventListener('change', () => {
      state.type = valueOf(controls, 'exams-type') || '';
      state.outcome = valueOf(controls, 'exams-outcome') || '';
      load(false);
    });
  }

  /* ----- results ----- */
  const headers = {
    date: h('th', { scope: 'col', id: 'exams-col-date' }, 'Date'),
    exam: h('th', { scope: 'col', id: 'exams-col-exam' }, 'Exam'),
    score: h('th', { scope: 'col', id: 'exams-col-score', class: 'num' }, 'Score'),
    result: h('th', { scope: 'col', id: 'exams-col-result' }, 'Result'),
    actions: h('th', { scope: 'col' }, h('span', {}, 'Actions')),
  };
  const tbody = h('tbody', { id: 'exams-body' });
  const table = h('table', { class: 'table table--cards exams-table', id: 'exams-table' },
    h('caption', { class: 'visually-hidden', id: 'exams-caption' }, 'Exam results'),
    h('thead', {}, h('tr', {}, Object.values(headers))), tbody);
  const count = h('p', { class: 'muted results-count', id: 'exams-count', 'aria-live': 'polite' });
  const more = h('div', { class: 'load-more' });
  const results = h('div', { class: 'exams-results', id: 'exams-results' }, loading('Loading your exam results…'));

  const challengesSection = panel({ id: 'challenges-section', title: 'Challenges', iconName: 'flag' }, loading('Loading your challenges…'));
  const page = { ctx, state, tbody, results, challengesSection, reloadChallenges: () => loadChallenges(ctx, challengesSection) };

  ctx.root.append(
    h('p', { class: 'lead' }, 'Every exam you have taken, written and practical, with its score. Download a score report, or challenge a result while its challenge window after the exam is open (each result says until when).'),
    panel({ id: 'exams-section', title: 'Exam results', iconName: 'history', className: 'exams' }, controls, count, results, more),
    challengesSection);

  function updateControls() {
    orderButton.dataset.order = state.order;
    orderButton.replaceChildren(icon(ICONS.sort, 'icon'), h('span', {}, (ORDER_LABELS[state.sort] || {})[state.order] || state.order));
    const column = (SORTS.find((s) => s.value === state.sort) || {}).column;
    for (const [key, th] of Object.entries(headers)) {
      if (key === column) th.setAttribute('aria-sort', state.order === 'asc' ? 'ascending' : 'descending');
      else th.removeAttribute('aria-sort');
    }
  }

  async function load(append) {
    const ticket = ++state.ticket;
    updateControls();
    const query = new URLSearchParams({ sort: state.sort, order: state.order, limit: String(PAGE_SIZE) });
    if (state.type) query.set('type', state.type);
    if (state.outcome) query.set('outcome', state.outcome);
    if (append && state.cursor) query.set('cursor', state.cursor);
    results.setAttribute('aria-busy', 'true');
    const moreButton = more.querySelector('#exams-load-more');
    const undo = append && moreButton ? setBusy(more, moreButton, 'Loading…') : null;
    if (!append) count.textContent = 'Loading…';
    try {
      const answer = await api(`/me/exams?${query}`);
      if (ticket !== state.ticket || !ctx.isCurrent()) return;
      show(answer, append);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      if (ticket !== state.ticket || !ctx.isCurrent()) return;
      results.querySelector('.loading')?.remove();
      count.textContent = '';
      showError(err);
    } finally {
      if (ticket === state.ticket) results.removeAttribute('aria-busy');
      if (undo && moreButton.isConnected) undo();
    }
  }

  function show(answer, append) {
    const items = (answer && answer.items) || [];
    state.cursor = (answer && answer.next_cursor) || null;
    if (!append) {
      tbody.replaceChildren();
      state.count = 0;
    }
    for (const r of items) tbody.append(...resultRows(page, r));
    state.count += items.length;
    if (state.count === 0) {
      const filtered = state.type || state.outcome;
      results.replaceChildren(h('div', { class: 'empty', id: 'exams-empty' },
        h('p', { class: 'empty__title' }, filtered ? 'No results match these filters' : 'No exam results yet'),
        h('p', { class: 'empty__text' }, filtered ? 'Choose “All types” and “All outcomes” to see every result.'
          : 'Results appear here after the testing vendor reports them, usually within a few days of the exam.')));
    } else if (!results.contains(table)) {
      results.replaceChildren(h('div', { class: 'table-wrap' }, table));
    }
    const filters = [state.type ? (state.type === 'practical' ? 'practical' : 'written') : null,
      state.outcome ? state.outcome : null].filter(Boolean).join(', ');
    count.textContent = state.count === 0 ? ''
      : `${state.count} result${state.count === 1 ? '' : 's'}${filters ? ` (${filters})` : ''} shown, ${(SORTS.find((s) => s.value === state.sort) || {}).label.toLowerCase()}: ${ORDER_LABELS[state.sort][state.order].toLowerCase()}${state.cursor ? '; more available' : ''}.`;
    more.replaceChildren();
    if (state.cursor) {
      more.append(h('button', { type: 'button', class: 'btn btn--secondary', id: 'exams-load-more', onClick: () => load(true) }, 'Load more'));
    }
  }

  updateControls();
  await Promise.all([load(false), page.reloadChallenges()]);
}

/* ---------- one result ---------- */

function resultRows(page, r) {
  const sid = safeId(r.result_id);
  const practical = r.type === 'practical';
  const row = h('tr', { id: `exam-${sid}`, class: 'exam-row', dataset: { resultId: r.result_id, score: String(r.score) } },
    h('td', { class: 'nowrap', dataset: { label: 'Date' } }, h('time', { datetime: r.taken_on }, formatDate(r.taken_on)),
      r.delivery ? h('span', { class: 'cell-meta' }, DELIVERY[r.delivery] || sentence(r.delivery)) : null),
    h('th', { scope: 'row', class: 'exam-cell', dataset: { label: 'Exam' } }, h('span', { class: 'code' }, r.exam_code),
      h('span', { class: ['tag', 'tag--type', practical ? 'tag--practical' : null] }, practical ? 'Practical' : 'Written'),
      h('span', { class: 'cell-meta cell-meta--title' }, r.title || '')),
    h('td', { class: 'num', id: `exam-${sid}-score`, dataset: { label: 'Score' } }, h('span', { class: 'score' }, formatNumber(r.score)),
      h('span', { class: 'cell-meta' }, `Passing ${formatNumber(r.passing_score)}`)),
    h('td', { id: `exam-${sid}-result`, dataset: { label: 'Result' } }, h('span', { class: ['tag', r.passed ? 'tag--ok' : 'tag--error'] }, r.passed ? 'Passed' : 'Failed')),
    h('td', { class: 'actions', dataset: { label: 'Actions' } }, h('div', { class: 'actions__inner' })));
  row.querySelector('.actions__inner').append(reportButton(r, sid), challengeAction(page, r, sid, row));

  const rows = [row];
  const sections = r.sections || [];
  if (sections.length) {
    rows.push(h('tr', { class: 'exam-sections', id: `exam-${sid}-sections` },
      h('td', { colspan: String(COLUMNS) },
        h('div', { class: 'modules' },
          h('span', { class: 'modules__label', id: `exam-${sid}-sections-label` }, practical ? 'Lab modules' : 'Sections'),
          h('ul', { class: 'modules__list', 'aria-labelledby': `exam-${sid}-sections-label` }, sections.map((s) => h('li', { class: 'module' },
            h('span', { class: 'module__name' }, s.name),
            s.hours !== null && s.hours !== undefined ? h('span', { class: 'module__hours' }, `${formatNumber(s.hours)} h`) : null,
            h('span', { class: 'module__score' }, `Score ${formatNumber(s.score)}`))))))));
  }
  return rows;
}

function reportButton(r, sid) {
  const button = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `exam-${sid}-report`,
    'aria-label': `Score report, ${r.exam_code} of ${formatDate(r.taken_on)}` }, icon(ICONS.download), h('span', {}, 'Score report'));
  button.addEventListener('click', async () => {
    const cell = button.parentElement;
    cell.querySelector('.report-link')?.remove();
    clearAlert();
    const done = setBusy(cell, button, 'Opening…');
    try {
      const link = await api(`/me/exams/${encodeURIComponent(r.result_id)}/score-report`);
      if (openInNewTab(link.url)) {
        showAlert('success', `Your score report (${link.filename}) is downloading.`);
      } else {
        // The new tab was blocked: offer the link itself, for as long as it is valid.
        const minutes = linkMinutes(link.expires_in);
        const a = documentLink({ id: `exam-${sid}-report-link`, url: link.url, filename: link.filename, expiresIn: link.expires_in });
        cell.append(a);
        showAlert('info', `Your score report is ready: use the download link next to the button (valid for ${minutes} minute${minutes === 1 ? '' : 's'}).`);
        a.focus();
      }
    } catch (err) {
      if (!(err instanceof ApiError) || err.status !== 401) showError(err, { failTitle: 'No score report.' });
    } finally {
      done();
    }
  });
  return button;
}

/* ---------- challenges ---------- */

function openChallengeTag(page, challengeId, sid) {
  return h('button', { type: 'button', class: 'btn btn--link btn--small challenge-open', id: `exam-${sid}-challenge-open`,
    title: challengeId ? `Challenge ${challengeId}` : null,
    onClick: () => {
      const item = challengeId && document.getElementById(`challenge-${safeId(challengeId)}`);
      const target = item || page.challengesSection;
      target.setAttribute('tabindex', '-1');
      target.scrollIntoView({ block: 'center' });
      target.focus();
    } }, icon(ICONS.flag), h('span', {}, 'Challenge open'));
}

/**
 * The challenge button, only while the result's challenge window is open (by the API's clock), with
 * its last day; once it has closed, the day it closed instead of a button that could only be refused.
 */
function challengeAction(page, r, sid, row) {
  if (r.open_challenge) return openChallengeTag(page, r.open_challenge, sid);
  if (!r.challenge_window_open) {
    return h('span', { class: 'cell-meta challenge-closed', id: `exam-${sid}-challenge-closed` },
      `Challenge window closed ${formatDate(r.challenge_closes_on)}`);
  }
  const formRowId = `exam-${sid}-challenge-row`;
  const until = `exam-${sid}-challenge-until`;
  const button = h('button', { type: 'button', class: 'btn btn--ghost-dark btn--small', id: `exam-${sid}-challenge`,
    'aria-expanded': 'false', 'aria-controls': formRowId, 'aria-describedby': until,
    'aria-label': `Challenge the result of ${r.exam_code}, ${formatDate(r.taken_on)}` },
  icon(ICONS.flag), h('span', {}, 'Challenge'));
  button.addEventListener('click', () => {
    const existing = document.getElementById(formRowId);
    if (existing) {
      closeForm(existing, button);
      return;
    }
    const formRow = challengeFormRow(page, r, sid, button, formRowId);
    const after = document.getElementById(`exam-${sid}-sections`) || row;
    after.after(formRow);
    button.setAttribute('aria-expanded', 'true');
    formRow.querySelector('textarea').focus();
  });
  return h('span', { class: 'challenge-action' }, button,
    h('span', { class: 'cell-meta', id: until }, `Until ${formatDate(r.challenge_closes_on)}`));
}

function closeForm(formRow, button) {
  formRow.remove();
  if (button && button.isConnected) {
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }
}

function challengeFormRow(page, r, sid, button, formRowId) {
  const reasonId = `challenge-reason-${sid}`;
  const submit = h('button', { type: 'submit', class: 'btn btn--primary', id: `challenge-submit-${sid}` }, 'File challenge');
  const cancel = h('button', { type: 'button', class: 'btn btn--ghost-dark', id: `challenge-cancel-${sid}` }, 'Cancel');
  const refusal = h('p', { class: 'form__refusal', id: `challenge-refusal-${sid}`, hidden: true });
  const form = h('form', { id: `challenge-form-${sid}`, class: 'form challenge-form', novalidate: true,
    'aria-label': `Challenge the ${r.exam_code} result of ${formatDate(r.taken_on)}` },
  h('p', { class: 'challenge-form__title' }, icon(ICONS.flag), h('span', {}, `Challenge the ${r.exam_code} result of ${formatDate(r.taken_on)} (score ${formatNumber(r.score)})`)),
  textArea({ id: reasonId, label: 'Reason for the challenge', required: true, maxlength: 2000, rows: 3,
    hint: 'Between 10 and 2,000 characters: what went wrong during the exam, or why the score looks incorrect.' }),
  refusal,
  h('div', { class: 'form__actions' }, submit, cancel));
  const formRow = h('tr', { class: 'challenge-row', id: formRowId }, h('td', { colspan: String(COLUMNS) }, form));

  cancel.addEventListener('click', () => closeForm(formRow, button));
  closeOnEscape(form, () => closeForm(formRow, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    refusal.hidden = true;
    refusal.textContent = '';
    submitForm({
      form,
      button: submit,
      busyLabel: 'Filing…',
      failTitle: 'Challenge not filed.',
      fields: { reason: reasonId },
      labels: { reason: 'Reason' },
      action: () => {
        const reason = valueOf(form, reasonId) || '';
        if (reason.length < 10) {
          return Promise.reject(new ApiError(400, 'invalid_input', 'reason: must be at least 10 characters', 'reason'));
        }
        return api(`/me/exams/${encodeURIComponent(r.result_id)}/challenges`, { method: 'POST', body: { reason } });
      },
      onError: (err) => {
        if (err instanceof ApiError && err.status === 409) {
          const message = sentence(err.message);
          refusal.textContent = `${message}.`.replace(/\.\.$/, '.');
          refusal.hidden = false;
          showAlert('error', refusal.textContent, { title: 'Challenge not filed.' });
          page.reloadChallenges();
          return true;
        }
        return false;
      },
      onSuccess: async (created) => {
        const row = document.getElementById(`exam-${sid}`);
        formRow.remove();
        const tag = openChallengeTag(page, created.challenge_id, sid);
        (button.closest('.challenge-action') || button).replaceWith(tag);
        showAlert('success', `Challenge ${created.challenge_id} has been filed for exam ${created.exam_code || r.exam_code}. Its status is listed under Challenges.`);
        await page.reloadChallenges();
        if (row && row.isConnected) tag.focus();
      },
    });
  });
  return formRow;
}

async function loadChallenges(ctx, section) {
  let answer;
  try {
    answer = await api('/me/challenges');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    if (!ctx.isCurrent()) return;
    section.querySelector('.loading')?.remove();
    showAlert('error', `Your challenges could not be loaded: ${err.message}`);
    return;
  }
  if (!ctx.isCurrent()) return;
  const items = (answer && answer.items) || [];
  const body = items.length
    ? h('ul', { class: 'cases', id: 'challenges-list' }, items.map(challengeItem))
    : h('div', { class: 'empty', id: 'challenges-empty' }, h('p', { class: 'empty__title' }, 'No challenges'),
      h('p', { class: 'empty__text' }, 'If you believe a score is wrong, use “Challenge” on its result soon after the exam: challenges are accepted for a limited time.'));
  section.replaceChildren(section.querySelector('h2'), h('p', { class: 'card__intro' },
    'A challenge asks the programme to review a result. Each result can have one open challenge at a time.'), body);
}

function challengeItem(c) {
  const sid = safeId(c.challenge_id);
  const status = CHALLENGE_STATUS[c.status] || { label: sentence(c.status), tag: 'tag--neutral' };
  return h('li', { class: 'case', id: `challenge-${sid}`, dataset: { resultId: c.result_id } },
    h('div', { class: 'case__head' },
      h('span', { class: 'case__title' }, `Exam ${c.exam_code}`),
      h('span', { class: ['tag', status.tag], id: `challenge-${sid}-status` }, status.label)),
    h('p', { class: 'case__meta' }, `${c.challenge_id} · filed ${formatDateTime(c.created_at)}`,
      c.resolved_at ? ` · resolved ${formatDateTime(c.resolved_at)}` : ''),
    h('p', { class: 'case__text' }, c.reason || ''),
    c.resolution_note
      ? h('p', { class: ['case__resolution', c.status === 'denied' ? 'case__resolution--denied' : null] },
        h('strong', {}, 'Resolution: '), c.resolution_note)
      : c.status === 'open' ? h('p', { class: 'muted small' }, 'Under review. The outcome will appear here.') : null);
}
