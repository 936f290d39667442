/**
 * Schedule (guide §10): find an exam's sittings, book one, manage appointments, see receipts.
 *   - Find an exam: the exam (`GET /catalog/exams`), delivery (test centre or online), the country
 *     of the test centres (`GET /test-centers`) and a date range → the open sittings
 *     (`GET /exams/{exam_code}/availability`), each in the centre's own local time, with the seats
 *     left and the price.
 *   - Book: the chosen sitting, an optional voucher code and private access code, and a card (the
 *     payment provider's test cards) → `POST /me/appointments`. A voucher that covers everything
 *     needs no card. A refusal names its rule (a wait shows its first allowed date).
 *   - My appointments (`GET /me/appointments`, upcoming and past in one answer, by `upcoming`): each with its confirmation
 *     number and the moment changes close ("Changes allowed until …", shown before any button is
 *     pressed); Reschedule picks a new sitting of the same exam in the finder (`PUT`), Cancel asks
 *     first, saying what is refunded or returned (`DELETE`).
 *   - Receipts (`GET /me/receipts`): lines, tax, total and refunds; PDF (`GET
 *     /me/receipts/{receipt_id}/pdf`, a short-lived link opened in a new tab).
 *
 * Ids (<sid>: the id with characters other than A-Z a-z 0-9 _ - replaced by _):
 *   #schedule-find (form): #schedule-exam, #schedule-delivery, #schedule-country, #schedule-from,
 *     #schedule-to, #schedule-search; #schedule-mode (the reschedule banner, with
 *     #schedule-mode-cancel); #schedule-slots (list), #schedule-slots-empty;
 *     per sitting (<sid> from slot_id): #slot-<sid> (data-seats), #slot-<sid>-time,
 *     #slot-<sid>-where, #slot-<sid>-seats, #slot-<sid>-price, #slot-<sid>-select
 *   #schedule-book (form, shown once a sitting is chosen): #book-summary, #book-voucher,
 *     #book-access-code, #book-card, #book-confirm, #book-cancel
 *   #appointments-section: #appointments-upcoming, #appointments-past, #appointments-empty;
 *     per appointment (<sid> from appointment_id): #appointment-<sid> (data-status),
 *     #appointment-<sid>-status, #appointment-<sid>-time, #appointment-<sid>-where,
 *     #appointment-<sid>-confirmation, #appointment-<sid>-cutoff, #appointment-<sid>-reschedule,
 *     #appointment-<sid>-cancel → #appointment-<sid>-confirm-box (#appointment-<sid>-confirm-text,
 *     #appointment-<sid>-confirm, #appointment-<sid>-keep)
 *   #receipts-section: #receipts-list, #receipts-empty; per receipt (<sid> from receipt_id):
 *     #receipt-<sid>, #receipt-<sid>-total, #receipt-<sid>-refunds, #receipt-<sid>-pdf,
 *     #receipt-<sid>-link (when the new tab was blocked)
 *   Field errors: #<field id>-error.
 */

import { ApiError, api, reference } from '../api.js';
import { countryName } from '../countries.js';
import {
  clearAlert, clearFieldErrors, closeOnEscape, documentLink, formatDateTime, h, loading, openInNewTab, panel, safeId, selectField,
  sentence, setBusy, showAlert, showError, textField,
} from '../dom.js';

const TEST_CARDS = [
  { value: 'tok_visa', label: 'Visa ending 4242 (test card: succeeds)' },
  { value: 'tok_chargeDeclined', label: 'Visa ending 0002 (test card: declined)' },
];
const STATUS_LABELS = {
  scheduled: ['Scheduled', 'tag--info'],
  rescheduled: ['Rescheduled', 'tag--info'],
  cancelled: ['Cancelled', 'tag--neutral'],
  completed: ['Completed', 'tag--ok'],
  no_show: ['No-show', 'tag--warn'],
};
const BOOK_FIELDS = { voucher_code: 'book-voucher', access_code: 'book-access-code', 'payment.token': 'book-card', payment: 'book-card' };
const FIND_FIELDS = { country: 'schedule-country', delivery: 'schedule-delivery', to: 'schedule-to', center_id: 'schedule-country' };

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function money(amount, currency) {
  return `${Number(amount).toFixed(2)} ${currency}`;
}

export async function render(ctx) {
  const state = { exams: [], moving: null, chosen: null };
  const slotsBox = h('div', { id: 'schedule-slots', class: 'slots' });
  const bookBox = h('div', { class: 'book' });
  const modeBox = h('div', { id: 'schedule-mode', class: 'notice', hidden: true });
  const upcoming = h('div', { id: 'appointments-upcoming', class: 'appointments' });
  const past = h('div', { id: 'appointments-past', class: 'appointments' });
  const receiptsBox = h('div', { id: 'receipts-list', class: 'receipts' });
  const today = new Date();
  const from = new Date(today.getTime() + 86400000);
  const to = new Date(from.getTime() + 13 * 86400000);

  const [exams, centers] = await Promise.all([reference('/catalog/exams'), reference('/test-centers')]);
  if (!ctx.isCurrent()) return;
  state.exams = exams.items;
  const countries = [...new Set(centers.items.map((c) => c.country))].sort();
  const find = h('form', { id: 'schedule-find', class: 'form form--inline', novalidate: true },
    selectField({ id: 'schedule-exam', label: 'Exam', required: true, value: '200-301',
      options: state.exams.map((e) => ({ value: e.code, label: `${e.code} ${e.title}` })) }),
    selectField({ id: 'schedule-delivery', label: 'Delivery', value: 'test_center',
      options: [{ value: 'test_center', label: 'At a test centre' }, { value: 'online', label: 'Online (proctored)' }] }),
    selectField({ id: 'schedule-country', label: 'Country', value: countries.includes('US') ? 'US' : countries[0],
      options: countries.map((c) => ({ value: c, label: countryName(c) || c })) }),
    textField({ id: 'schedule-from', label: 'From', type: 'date', value: isoDay(from) }),
    textField({ id: 'schedule-to', label: 'To', type: 'date', value: isoDay(to) }),
    h('button', { type: 'submit', class: 'btn btn--primary', id: 'schedule-search' }, 'Find sittings'));
  find.addEventListener('submit', (event) => {
    event.preventDefault();
    search(ctx, state, find, slotsBox, bookBox).catch((err) => showError(err, { form: find, fields: FIND_FIELDS }));
  });

  const reloadAppointments = () => loadAppointments(ctx, state, { upcoming, past, find, modeBox, slotsBox, bookBox, reload: reloadAll });
  const reloadReceipts = () => loadReceipts(ctx, receiptsBox);
  async function reloadAll() {
    await Promise.all([reloadAppointments(), reloadReceipts()]);
  }
  state.afterBooking = reloadAll;
  state.modeBox = modeBox;

  ctx.root.append(
    h('p', { class: 'lead' }, 'Find an exam and a sitting at a test centre or online, book it with a card or a voucher, and manage your appointments and receipts.'),
    h('div', { class: 'stack' },
      panel({ id: 'schedule-section', title: 'Find an exam', iconName: 'calendar' }, find, modeBox, slotsBox, bookBox),
      panel({ id: 'appointments-section', title: 'My appointments', iconName: 'calendar' },
        h('h3', {}, 'Upcoming'), upcoming, h('h3', {}, 'Past'), past),
      panel({ id: 'receipts-section', title: 'Receipts', iconName: 'doc' }, receiptsBox)));
  await reloadAll();
}

async function search(ctx, state, find, slotsBox, bookBox) {
  clearFieldErrors(find);
  clearAlert();
  const exam = find.querySelector('#schedule-exam').value;
  const delivery = find.querySelector('#schedule-delivery').value;
  const params = new URLSearchParams({ delivery, from: find.querySelector('#schedule-from').value,
    to: find.querySelector('#schedule-to').value });
  if (delivery === 'test_center') params.set('country', find.querySelector('#schedule-country').value);
  slotsBox.replaceChildren(loading('Finding sittings…'));
  bookBox.replaceChildren();
  let answer;
  try {
    answer = await api(`/exams/${encodeURIComponent(exam)}/availability?${params}`, { auth: false });
  } catch (err) {
    slotsBox.replaceChildren();
    throw err;
  }
  if (!ctx.isCurrent()) return;
  if (!answer.items.length) {
    slotsBox.replaceChildren(h('p', { id: 'schedule-slots-empty', class: 'muted' }, 'No open sittings in these dates. Try other dates or another country.'));
    return;
  }
  slotsBox.replaceChildren(h('ul', { class: 'list' }, answer.items.map((slot) => slotRow(ctx, state, slot, bookBox))));
}

function slotRow(ctx, state, slot, bookBox) {
  const sid = safeId(slot.slot_id);
  const where = slot.center ? `${slot.center.name}, ${slot.center.city} (${slot.center.time_zone})` : 'Online (proctored)';
  const select = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `slot-${sid}-select` },
    state.moving ? 'Move here' : 'Select');
  select.addEventListener('click', () => {
    if (state.moving) {
      moveTo(ctx, state, slot, select).catch((err) => showError(err));
    } else {
      showBooking(ctx, state, slot, bookBox);
    }
  });
  return h('li', { class: 'list__item slot', id: `slot-${sid}`, dataset: { seats: String(slot.seats_left) } },
    h('strong', { id: `slot-${sid}-time` }, slot.local_time), ' ',
    h('span', { id: `slot-${sid}-where` }, where), ' ',
    h('span', { id: `slot-${sid}-seats`, class: 'muted' }, `${slot.seats_left} seat${slot.seats_left === 1 ? '' : 's'} left`), ' ',
    h('span', { id: `slot-${sid}-price` }, money(slot.price.amount, slot.price.currency)), ' ',
    select);
}

function showBooking(ctx, state, slot, bookBox) {
  state.chosen = slot;
  const where = slot.center ? `${slot.center.name}, ${slot.center.address}, ${slot.center.city}` : 'online (proctored)';
  const confirm = h('button', { type: 'submit', class: 'btn btn--primary', id: 'book-confirm' }, 'Confirm and pay');
  const cancel = h('button', { type: 'button', class: 'btn btn--secondary', id: 'book-cancel' }, 'Back');
  const form = h('form', { id: 'schedule-book', class: 'form', novalidate: true },
    h('p', { id: 'book-summary' }, `${slot.exam_code} on ${slot.local_time} at ${where}: ${money(slot.price.amount, slot.price.currency)} before tax.`),
    textField({ id: 'book-voucher', label: 'Voucher code', hint: 'A voucher that covers the whole price needs no card.' }),
    textField({ id: 'book-access-code', label: 'Private access code', hint: 'Only for restricted exams.' }),
    selectField({ id: 'book-card', label: 'Card', value: 'tok_visa', options: TEST_CARDS }),
    h('div', { class: 'form__actions' }, confirm, cancel));
  cancel.addEventListener('click', () => { bookBox.replaceChildren(); });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    clearAlert();
    const body = { exam_code: slot.exam_code, slot_id: slot.slot_id, payment: { token: form.querySelector('#book-card').value } };
    const voucher = form.querySelector('#book-voucher').value.trim();
    const access = form.querySelector('#book-access-code').value.trim();
    if (voucher) body.voucher_code = voucher;
    if (access) body.access_code = access;
    const done = setBusy(form, confirm, 'Booking…');
    try {
      const appointment = await api('/me/appointments', { method: 'POST', body });
      if (!ctx.isCurrent()) return;
      bookBox.replaceChildren();
      showAlert('success', `Booked: ${appointment.exam_code} on ${appointment.local_time}. Confirmation number ${appointment.confirmation_number}; the receipt is on its way by email.`);
      await state.afterBooking();
    } catch (err) {
      done();
      if (err instanceof ApiError && err.status === 402) {
        showAlert('error', sentence(err.message), { title: 'Payment declined. Nothing was booked.' });
        return;
      }
      showError(err, { form, fields: BOOK_FIELDS, failTitle: 'Not booked.' });
      return;
    }
    done();
  });
  bookBox.replaceChildren(form);
  form.querySelector('#book-voucher').focus();
}

async function moveTo(ctx, state, slot, button) {
  const appointment = state.moving;
  button.disabled = true;
  try {
    const moved = await api(`/me/appointments/${encodeURIComponent(appointment.appointment_id)}`, { method: 'PUT', body: { slot_id: slot.slot_id } });
    if (!ctx.isCurrent()) return;
    showAlert('success', `Rescheduled: ${moved.exam_code} is now on ${moved.local_time}.`);
    state.moving = null;
    state.modeBox.hidden = true;
    await state.afterBooking();
  } finally {
    button.disabled = false;
  }
}

async function loadAppointments(ctx, state, parts) {
  parts.upcoming.replaceChildren(loading('Loading your appointments…'));
  parts.past.replaceChildren();
  // every appointment at once (latest first), each placed by its `upcoming` flag: one request
  const all = await api('/me/appointments');
  if (!ctx.isCurrent()) return;
  const next = { items: all.items.filter((a) => a.upcoming).reverse() };
  const before = { items: all.items.filter((a) => !a.upcoming) };
  parts.upcoming.replaceChildren(...(next.items.length
    ? next.items.map((a) => appointmentCard(ctx, state, a, parts))
    : [h('p', { id: 'appointments-empty', class: 'muted' }, 'No upcoming exams. Find one above.')]));
  parts.past.replaceChildren(...(before.items.length
    ? before.items.map((a) => appointmentCard(ctx, state, a, parts))
    : [h('p', { class: 'muted' }, 'None yet.')]));
}

function appointmentCard(ctx, state, appointment, parts) {
  const sid = safeId(appointment.appointment_id);
  const [label, tag] = STATUS_LABELS[appointment.status] || [appointment.status, 'tag--neutral'];
  const where = appointment.center
    ? `${appointment.center.name}, ${appointment.center.address}, ${appointment.center.city} (${appointment.center.time_zone})`
    : 'Online (proctored)';
  const open = appointment.status === 'scheduled' || appointment.status === 'rescheduled';
  const card = h('article', { class: 'card card--nested appointment', id: `appointment-${sid}`, dataset: { status: appointment.status } },
    h('h4', {}, `${appointment.exam_code} ${appointment.exam_title} `, h('span', { class: ['tag', tag], id: `appointment-${sid}-status` }, label)),
    h('p', { id: `appointment-${sid}-time` }, appointment.local_time),
    h('p', { id: `appointment-${sid}-where` }, where),
    h('p', { id: `appointment-${sid}-confirmation`, class: 'muted' }, `Confirmation number ${appointment.confirmation_number}`));
  if (!open) return card;
  const cutoff = formatDateTime(appointment.change_until);
  card.append(h('p', { id: `appointment-${sid}-cutoff`, class: appointment.can_change ? 'muted' : 'form__refusal' },
    appointment.can_change
      ? `Changes allowed until ${cutoff}. After that the fee or voucher is forfeited.`
      : `The cut-off (${cutoff}) has passed: this appointment can no longer be rescheduled or cancelled.`));
  const reschedule = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `appointment-${sid}-reschedule`,
    disabled: !appointment.can_change }, 'Reschedule');
  const cancel = h('button', { type: 'button', class: 'btn btn--danger btn--small', id: `appointment-${sid}-cancel`,
    disabled: !appointment.can_change, 'aria-expanded': 'false' }, 'Cancel');
  reschedule.addEventListener('click', () => {
    state.moving = appointment;
    parts.find.querySelector('#schedule-exam').value = appointment.exam_code;
    parts.find.querySelector('#schedule-delivery').value = appointment.delivery;
    if (appointment.center) parts.find.querySelector('#schedule-country').value = appointment.center.country;
    const stop = h('button', { type: 'button', class: 'btn btn--link btn--small', id: 'schedule-mode-cancel' }, 'Stop rescheduling');
    stop.addEventListener('click', () => { state.moving = null; parts.modeBox.hidden = true; parts.slotsBox.replaceChildren(); });
    parts.modeBox.replaceChildren(h('p', {}, `Rescheduling ${appointment.exam_code} (${appointment.local_time}): pick a new sitting.`), stop);
    parts.modeBox.hidden = false;
    parts.bookBox.replaceChildren();
    parts.find.requestSubmit();
    parts.find.scrollIntoView({ block: 'start' });
  });
  cancel.addEventListener('click', () => {
    const box = card.querySelector(`#appointment-${sid}-confirm-box`);
    if (box) return;
    cancel.setAttribute('aria-expanded', 'true');
    const yes = h('button', { type: 'button', class: 'btn btn--danger btn--small', id: `appointment-${sid}-confirm` }, 'Cancel the appointment');
    const keep = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `appointment-${sid}-keep` }, 'Keep it');
    const what = appointment.voucher_code
      ? `Voucher ${appointment.voucher_code} will be returned to use again; any card payment is refunded.`
      : 'The card payment is refunded in full.';
    const confirmBox = h('div', { class: 'confirm', id: `appointment-${sid}-confirm-box`, role: 'group' },
      h('p', { id: `appointment-${sid}-confirm-text` }, `Cancel ${appointment.exam_code} on ${appointment.local_time}? ${what}`), yes, keep);
    const close = () => { confirmBox.remove(); cancel.setAttribute('aria-expanded', 'false'); cancel.focus(); };
    keep.addEventListener('click', close);
    closeOnEscape(confirmBox, close, yes);
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await api(`/me/appointments/${encodeURIComponent(appointment.appointment_id)}`, { method: 'DELETE' });
        if (!ctx.isCurrent()) return;
        showAlert('success', `Cancelled: ${appointment.exam_code} on ${appointment.local_time}.`);
        await parts.reload();
      } catch (err) {
        yes.disabled = false;
        showError(err);
      }
    });
    card.append(confirmBox);
    yes.focus();
  });
  card.append(h('div', { class: 'form__actions' }, reschedule, cancel));
  return card;
}

async function loadReceipts(ctx, box) {
  box.replaceChildren(loading('Loading your receipts…'));
  const answer = await api('/me/receipts');
  if (!ctx.isCurrent()) return;
  if (!answer.items.length) {
    box.replaceChildren(h('p', { id: 'receipts-empty', class: 'muted' }, 'No receipts yet.'));
    return;
  }
  box.replaceChildren(...answer.items.map((r) => receiptCard(r)));
}

function receiptCard(receipt) {
  const sid = safeId(receipt.receipt_id);
  const pdf = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: `receipt-${sid}-pdf` }, 'PDF');
  const card = h('article', { class: 'card card--nested receipt', id: `receipt-${sid}` },
    h('h4', {}, `Receipt ${receipt.number}`, h('span', { class: 'muted' }, ` · ${formatDateTime(receipt.issued_at)}`)),
    h('table', { class: 'table' },
      h('tbody', {},
        receipt.lines.map((line) => h('tr', {}, h('td', {}, line.description), h('td', { class: 'num' }, money(line.amount, receipt.currency)))),
        h('tr', {}, h('td', {}, `Tax (${receipt.tax_rate}%, ${receipt.tax_country})`), h('td', { class: 'num' }, money(receipt.tax, receipt.currency))),
        h('tr', {}, h('th', {}, `Total (${receipt.method})`), h('th', { class: 'num', id: `receipt-${sid}-total` }, money(receipt.total, receipt.currency))))),
    h('p', { id: `receipt-${sid}-refunds`, class: 'muted' }, receipt.refunds.length
      ? receipt.refunds.map((r) => `${r.description}: ${money(r.amount, receipt.currency)} (${formatDateTime(r.at)})`).join('; ')
      : 'No refunds.'),
    pdf);
  pdf.addEventListener('click', async () => {
    pdf.disabled = true;
    try {
      const link = await api(`/me/receipts/${encodeURIComponent(receipt.receipt_id)}/pdf`);
      if (!openInNewTab(link.url)) {
        card.append(documentLink({ id: `receipt-${sid}-link`, url: link.url, filename: link.filename, expiresIn: link.expires_in }));
      }
    } catch (err) {
      showError(err);
    } finally {
      pdf.disabled = false;
    }
  });
  return card;
}
