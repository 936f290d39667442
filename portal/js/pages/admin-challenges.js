/**
 * Admin — Score challenges (#/admin/challenges, rendered by admin.js under its section links): the
 * challenges in one state (`GET /admin/challenges?status=open|upheld|denied`, oldest first, paged),
 * and for each open one a resolution form — uphold or deny, with the note the candidate reads —
 * (`POST /admin/challenges/{challenge_id}/resolution`). A resolved challenge leaves the open list.
 *
 * Ids: #chal-filter-form, #chal-status, #chal-refresh, #chal-count, #chal-list, #chal-empty,
 *      #chal-load-more,
 *      per challenge (<sid> = its id with characters other than A-Z a-z 0-9 _ - replaced by _):
 *        #chal-<sid> (li), #chal-<sid>-title, #chal-<sid>-status, #chal-<sid>-reason,
 *        #chal-<sid>-form, the outcome radios #chal-<sid>-upheld and #chal-<sid>-denied (group
 *        `outcome-<sid>`), #chal-<sid>-note, #chal-<sid>-submit
 *   Field errors: #chal-<sid>-note-error, #outcome-<sid>-error.
 */

import { ApiError, api } from '../api.js';
import {
  formatDateTime, h, loading, panel, radioGroup, safeId, selectField, setBusy, showAlert, showError, submitForm, textArea, valueOf,
} from '../dom.js';

const STATUSES = [
  { value: 'open', label: 'Open' }, { value: 'upheld', label: 'Upheld' }, { value: 'denied', label: 'Denied' },
];
const TAGS = { open: 'tag--info', upheld: 'tag--ok', denied: 'tag--error' };

export async function renderChallenges(ctx) {
  const state = { status: 'open', cursor: null, count: 0 };
  const body = h('div', {}, loading('Loading challenges…'));
  const count = h('p', { class: 'muted', id: 'chal-count', 'aria-live': 'polite' });
  const refresh = h('button', { type: 'submit', class: 'btn btn--secondary', id: 'chal-refresh' }, 'Show');
  const filter = h('form', { id: 'chal-filter-form', class: 'form form--toolbar', novalidate: true, 'aria-label': 'Filter challenges' },
    selectField({ id: 'chal-status', label: 'Status', value: 'open', options: STATUSES }), refresh);
  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    state.status = valueOf(filter, 'chal-status') || 'open';
    state.cursor = null;
    load(false);
  });

  function updateCount() {
    count.textContent = state.count === 0 ? ''
      : `${state.count} ${state.status} challenge${state.count === 1 ? '' : 's'} shown${state.cursor ? ' (more available)' : ''}.`;
  }

  function show(result, more) {
    const items = (result && result.items) || [];
    state.cursor = (result && result.next_cursor) || null;
    let list = body.querySelector('#chal-list');
    if (!more || !list) {
      list = h('ul', { class: 'cases', id: 'chal-list' });
      body.replaceChildren(list);
      state.count = 0;
    }
    for (const c of items) list.append(challengeCard(c, onResolved));
    state.count += items.length;
    if (state.count === 0) {
      body.replaceChildren(h('div', { class: 'empty', id: 'chal-empty' },
        h('p', { class: 'empty__title' }, `No ${state.status} challenges`),
        h('p', { class: 'empty__text' }, state.status === 'open'
          ? 'Challenges candidates file on their exam results appear here to be upheld or denied.'
          : 'Challenges appear here once they are resolved this way.')));
    }
    updateCount();
    if (state.cursor) {
      body.append(h('button', { type: 'button', class: 'btn btn--secondary', id: 'chal-load-more', onClick: (e) => {
        e.currentTarget.remove();
        load(true);
      } }, 'Load more'));
    }
  }

  function onResolved(card) {
    card.remove();
    state.count -= 1;
    updateCount();
    if (state.count === 0 && !state.cursor) show({ items: [] }, false);
  }

  async function load(more) {
    const undo = setBusy(filter, refresh, 'Loading…');
    const query = new URLSearchParams({ status: state.status });
    if (more && state.cursor) query.set('cursor', state.cursor);
    try {
      const result = await api(`/admin/challenges?${query}`);
      if (ctx.isCurrent()) show(result, more);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return;
      if (ctx.isCurrent()) {
        body.querySelector('.loading')?.remove();
        showError(err);
      }
    } finally {
      undo();
    }
  }

  ctx.root.append(panel({ id: 'chal-section', title: 'Score challenges', iconName: 'flag' },
    h('p', { class: 'card__intro' }, 'Uphold a challenge when the review confirms the candidate’s account, deny it otherwise; the note is shown to the candidate with the outcome.'),
    filter, count, body));
  await load(false);
}

function challengeCard(c, onResolved) {
  const sid = safeId(c.challenge_id);
  const card = h('li', { class: 'case case--admin', id: `chal-${sid}`, 'aria-labelledby': `chal-${sid}-title` },
    h('div', { class: 'case__head' },
      h('h3', { class: 'case__title', id: `chal-${sid}-title` }, `Exam ${c.exam_code} · ${c.challenge_id}`),
      h('span', { class: ['tag', TAGS[c.status] || 'tag--neutral'], id: `chal-${sid}-status` },
        (STATUSES.find((s) => s.value === c.status) || { label: c.status }).label)),
    h('dl', { class: 'facts facts--compact' },
      fact('Candidate ID', c.candidate_id),
      fact('Result', c.result_id),
      fact('Filed', formatDateTime(c.created_at)),
      c.resolved_at ? fact('Resolved', formatDateTime(c.resolved_at)) : null),
    h('p', { class: 'case__text', id: `chal-${sid}-reason` }, c.reason || ''),
    c.resolution_note ? h('p', { class: 'case__resolution' }, h('strong', {}, 'Resolution: '), c.resolution_note) : null);
  if (c.status === 'open') card.append(resolutionForm(c, sid, card, onResolved));
  return card;
}

function fact(label, value) {
  return h('div', { class: 'facts__row' }, h('dt', {}, label), h('dd', {}, value || '—'));
}

function resolutionForm(c, sid, card, onResolved) {
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: `chal-${sid}-submit` }, 'Resolve challenge');
  const form = h('form', { id: `chal-${sid}-form`, class: 'form map-form', novalidate: true, 'aria-label': `Resolve challenge ${c.challenge_id}` },
    radioGroup({ name: `outcome-${sid}`, legend: 'Outcome', required: true, options: [
      { id: `chal-${sid}-upheld`, value: 'upheld', label: 'Uphold: the candidate is right' },
      { id: `chal-${sid}-denied`, value: 'denied', label: 'Deny: the result stands' },
    ] }),
    textArea({ id: `chal-${sid}-note`, label: 'Note to the candidate', required: true, maxlength: 1000, rows: 3,
      hint: 'Between 3 and 1,000 characters: what was found, and what follows (e.g. a free retake).' }),
    h('div', { class: 'form__actions' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const outcome = form.querySelector(`input[name="outcome-${sid}"]:checked`)?.value;
    submitForm({
      form,
      button,
      busyLabel: 'Resolving…',
      failTitle: 'Not resolved.',
      fields: { outcome: `outcome-${sid}`, note: `chal-${sid}-note` },
      labels: { outcome: 'Outcome', note: 'Note to the candidate' },
      action: () => api(`/admin/challenges/${encodeURIComponent(c.challenge_id)}/resolution`, { method: 'POST',
        body: { outcome, note: valueOf(form, `chal-${sid}-note`) } }),
      onSuccess: (resolved) => {
        showAlert('success', `Challenge ${c.challenge_id} is ${resolved.status}; the candidate sees the outcome and your note.`);
        onResolved(card);
      },
    });
  });
  return form;
}
