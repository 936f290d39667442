/**
 * Support cases of the signed-in user (`POST`/`GET /me/support-cases`). When the sign-in could not
 * be linked to a candidate record (`mapping == support_required`) this page explains it and opens
 * an account-mapping case; otherwise it serves any request (e.g. a name change, `?topic=name`).
 *
 * Ids: #support-explainer (unlinked sign-in only), #support-recheck, #support-form,
 *      #support-category, #support-description, #support-submit, #support-cases,
 *      #support-cases-empty, #support-case-<case_id>
 */

import { api } from '../api.js';
import { ICONS, append, formatDateTime, h, icon, loading, panel, safeId, selectField, showAlert, submitForm, textArea, valueOf } from '../dom.js';

const CATEGORIES = [
  { value: 'account_mapping', label: 'Link my sign-in to my certification record' },
  { value: 'profile', label: 'Change my name or other profile details' },
  { value: 'other', label: 'Something else' },
];
const CATEGORY_LABELS = Object.fromEntries(CATEGORIES.map((c) => [c.value, c.label]));

export async function render(ctx) {
  const me = ctx.me || {};
  const unlinked = me.mapping === 'support_required';
  if (unlinked) ctx.setTitle('Your sign-in is not linked yet');

  const listPanel = panel({ id: 'support-cases-section', title: 'Your support cases', iconName: 'lifebuoy' }, loading());
  const form = caseForm(ctx, unlinked, () => loadCases(ctx, listPanel));
  append(ctx.root, [
    unlinked ? explainer(ctx, me) : null,
    h('div', { class: 'stack' },
      panel({ id: 'support-form-section', title: unlinked ? 'Open a case to link your record' : 'Open a support case', iconName: 'lifebuoy' }, form),
      listPanel),
  ]);
  await loadCases(ctx, listPanel);
}

function explainer(ctx, me) {
  const recheck = h('button', { type: 'button', class: 'btn btn--secondary', id: 'support-recheck' }, 'Check again');
  recheck.addEventListener('click', async () => {
    recheck.disabled = true;
    recheck.setAttribute('aria-busy', 'true');
    try {
      const fresh = await ctx.refreshMe();
      if (!ctx.isCurrent()) return;
      if (fresh.mapping !== 'support_required') {
        ctx.navigate(ctx.landingRoute(fresh), { notice: { kind: 'success', message: 'Your sign-in is now linked to your certification record.' } });
        return;
      }
      showAlert('info', 'Your sign-in is not linked yet. Support will resolve your case; you can check again later.');
    } catch (err) {
      if (err.status !== 401) showAlert('error', err.message);
    } finally {
      recheck.disabled = false;
      recheck.removeAttribute('aria-busy');
    }
  });
  return h('section', { class: 'banner banner--warn', id: 'support-explainer', 'aria-labelledby': 'support-explainer-title' },
    icon(ICONS.warning, 'icon banner__icon'),
    h('div', {},
      h('h2', { class: 'banner__title', id: 'support-explainer-title' }, 'We could not link this sign-in to a certification record'),
      h('p', {}, 'You are signed in as ', h('strong', {}, me.email || 'this account'),
        ', but the certification record for this email is already linked to another sign-in, so it cannot be linked automatically.'),
      h('p', {}, 'Open a case below and support will link your sign-in to your record. Tell us anything that helps identify it: a previous sign-in email, your candidate ID (CSCO…) or your Pearson VUE ID.'),
      h('div', { class: 'banner__actions' }, recheck,
        h('button', { type: 'button', class: 'btn btn--ghost-dark', id: 'support-signout', onClick: () => ctx.signOut() }, 'Sign out'))));
}

function caseForm(ctx, unlinked, reload) {
  const topic = ctx.params.get('topic');
  const initial = unlinked ? 'account_mapping' : topic === 'name' ? 'profile' : '';
  const button = h('button', { type: 'submit', class: 'btn btn--primary', id: 'support-submit' }, 'Open case');
  const category = selectField({ id: 'support-category', label: 'What do you need?', required: true,
    options: unlinked ? CATEGORIES.slice(0, 1) : CATEGORIES, value: initial, placeholder: unlinked ? null : 'Choose a topic' });
  const form = h('form', { id: 'support-form', class: 'form', novalidate: true, 'aria-labelledby': 'support-form-section-heading' },
    category,
    textArea({ id: 'support-description', label: 'Description', required: true, maxlength: 2000, rows: 5,
      value: topic === 'name' && !unlinked ? 'Please change the name on my record to: ' : '',
      hint: 'At least 10 characters. Do not include passwords.' }),
    h('div', { class: 'form__actions' }, button));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submitForm({
      form,
      button,
      failTitle: 'Case not opened.',
      busyLabel: 'Opening case…',
      fields: { category: 'support-category', description: 'support-description' },
      labels: { category: 'Topic', description: 'Description' },
      action: () => api('/me/support-cases', { method: 'POST', body: {
        category: valueOf(form, 'support-category'),
        description: valueOf(form, 'support-description'),
      } }),
      onSuccess: async (created) => {
        form.querySelector('#support-description').value = '';
        showAlert('success', `Support case ${created.case_id} has been opened; support will follow up. Its status is listed below.`);
        await reload();
      },
    });
  });
  return form;
}

async function loadCases(ctx, section) {
  let result;
  try {
    result = await api('/me/support-cases');
  } catch (err) {
    if (err.status === 401) throw err;
    if (!ctx.isCurrent()) return;
    section.querySelector('.loading')?.remove();
    showAlert('error', `Your support cases could not be loaded: ${err.message}`);
    return;
  }
  if (!ctx.isCurrent()) return;
  const items = (result && result.items) || [];
  const body = items.length
    ? h('ul', { class: 'cases', id: 'support-cases' }, items.map(caseItem))
    : h('div', { class: 'empty', id: 'support-cases-empty' }, h('p', { class: 'empty__title' }, 'No support cases'),
      h('p', { class: 'empty__text' }, 'Cases you open will be listed here with their status.'));
  section.replaceChildren(section.querySelector('h2'), body);
}

function caseItem(c) {
  const open = c.status === 'open';
  return h('li', { class: 'case', id: `support-case-${safeId(c.case_id)}` },
    h('div', { class: 'case__head' },
      h('span', { class: 'case__title' }, CATEGORY_LABELS[c.category] || c.category),
      h('span', { class: ['tag', open ? 'tag--info' : 'tag--ok'] }, open ? 'Open' : 'Resolved')),
    h('p', { class: 'case__meta' }, `${c.case_id} · opened ${formatDateTime(c.created_at)}`),
    h('p', { class: 'case__text' }, c.description || ''),
    c.resolution ? h('p', { class: 'case__resolution' }, h('strong', {}, 'Resolution: '), c.resolution) : null);
}
