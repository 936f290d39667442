/**
 * The "Calendar" card (shown on the Certifications page): the expiration dates of the candidate's
 * certifications as iCalendar, with reminders 90 and 30 days before each.
 *   - "Download .ics": `GET /me/calendar.ics` with the session's token, saved as a file (a blob
 *     download — the file address itself needs the token, so a plain link would not work);
 *   - "Create subscription address": `POST /me/calendar/feed` → a secret address calendar apps can
 *     subscribe to without signing in; creating one replaces (and disables) any earlier one. The
 *     API shows an address only when it is created, so it is shown once, with a Copy button;
 *   - "Revoke" (after a confirmation): `DELETE /me/calendar/feed` (404: there is none).
 * Outcomes go to #alert, and are repeated in the card (#calendar-message, not a live region), which
 * may be far below the top of the page.
 *
 * Ids: #calendar-section, #calendar-download, #calendar-create, #calendar-revoke,
 *      #calendar-feed (shown once an address is created: #calendar-url, a read-only input,
 *      #calendar-copy, #calendar-url-hint), #calendar-confirm (the revoke confirmation:
 *      #calendar-revoke-confirm, #calendar-revoke-cancel; Escape cancels), #calendar-message
 */

import { ApiError, api } from './api.js';
import { ICONS, closeOnEscape, copyText, formatDateTime, h, icon, panel, sentence, setBusy, showAlert, showError } from './dom.js';

const FILENAME = 'certtrack-expirations.ics';

export function calendarCard(ctx) {
  const message = h('p', { class: 'calendar__message', id: 'calendar-message', hidden: true });
  const say = (kind, text, { title } = {}) => {
    showAlert(kind, text, { title });
    message.hidden = false;
    message.className = `calendar__message calendar__message--${kind}`;
    message.replaceChildren(title ? h('strong', {}, title, ' ') : '', text);
  };
  const fail = (err, title) => {
    if (err instanceof ApiError && err.status === 401) return; // session lost: on the way to sign-in
    if (!(err instanceof ApiError)) {
      showError(err);
      return;
    }
    say('error', sentence(err.message), { title });
  };

  const download = h('button', { type: 'button', class: 'btn btn--secondary', id: 'calendar-download' },
    icon(ICONS.download), h('span', {}, 'Download .ics'));
  const createLabel = h('span', {}, 'Create subscription address');
  const create = h('button', { type: 'button', class: 'btn btn--secondary', id: 'calendar-create' }, createLabel);
  const revoke = h('button', { type: 'button', class: 'btn btn--danger-ghost', id: 'calendar-revoke',
    'aria-expanded': 'false', 'aria-controls': 'calendar-confirm' }, 'Revoke');
  const url = h('input', { id: 'calendar-url', class: 'input input--mono', type: 'text', readonly: true, spellcheck: 'false',
    autocomplete: 'off', 'aria-describedby': 'calendar-url-hint' });
  const copyLabel = h('span', {}, 'Copy');
  const copy = h('button', { type: 'button', class: 'btn btn--primary', id: 'calendar-copy' }, copyLabel);
  const urlHint = h('p', { class: 'field__hint', id: 'calendar-url-hint' });
  const feed = h('div', { class: 'field calendar__feed', id: 'calendar-feed', hidden: true },
    h('label', { for: 'calendar-url', class: 'field__label' }, 'Subscription address'),
    h('div', { class: 'input-group' }, url, copy),
    urlHint);

  const card = panel({ id: 'calendar-section', title: 'Calendar', iconName: 'calendar', className: 'calendar' },
    h('p', { class: 'card__intro' }, 'Put the expiration dates of your certifications in your calendar, with reminders 90 and 30 days before each.'),
    h('div', { class: 'calendar__options' },
      h('div', { class: 'calendar__option' },
        h('h3', { class: 'calendar__title' }, 'Download once'),
        h('p', { class: 'calendar__text' }, 'A calendar file (.ics) with today’s dates, for any calendar app. Download it again after a change.'),
        h('div', { class: 'calendar__actions' }, download)),
      h('div', { class: 'calendar__option' },
        h('h3', { class: 'calendar__title' }, 'Subscribe'),
        h('p', { class: 'calendar__text' }, 'A private address your calendar app checks for changes. It works without signing in, so keep it to yourself; creating a new one or revoking it stops the old one at once.'),
        h('div', { class: 'calendar__actions' }, create, revoke),
        feed)),
    message);

  download.addEventListener('click', async () => {
    const undo = setBusy(card, download, 'Preparing…');
    try {
      const text = await api('/me/calendar.ics', { as: 'text' });
      if (!ctx.isCurrent()) return;
      const events = (String(text).match(/^BEGIN:VEVENT/gm) || []).length;
      saveFile(text, FILENAME, 'text/calendar');
      say('success', events
        ? `${FILENAME} is downloaded with ${events} expiration date${events === 1 ? '' : 's'}. Open it with your calendar app to add ${events === 1 ? 'it' : 'them'}.`
        : `${FILENAME} is downloaded. It has no expiration dates yet: none of your certifications is held.`);
    } catch (err) {
      fail(err, 'Not downloaded.');
    } finally {
      undo();
    }
  });

  create.addEventListener('click', async () => {
    closeConfirm(false);
    const undo = setBusy(card, create, 'Creating…');
    try {
      const result = await api('/me/calendar/feed', { method: 'POST' });
      if (!ctx.isCurrent()) return;
      const replaced = !feed.hidden;
      url.value = result.url;
      urlHint.textContent = `Created ${formatDateTime(result.created_at)}. Add it to your calendar app as a subscription (“From URL”); it is shown only this once.`;
      feed.hidden = false;
      createLabel.textContent = 'Create a new address';
      say('success', replaced
        ? 'A new subscription address is ready; the previous one no longer works.'
        : 'Your subscription address is ready. Any address created before no longer works.');
      url.focus();
      url.select();
    } catch (err) {
      fail(err, 'No address created.');
    } finally {
      undo();
    }
  });

  copy.addEventListener('click', async () => {
    if (await copyText(url)) {
      copyLabel.textContent = 'Copied';
      setTimeout(() => { copyLabel.textContent = 'Copy'; }, 2500);
      say('success', 'The subscription address is copied to the clipboard.');
    } else {
      url.focus();
      url.select();
      say('warning', 'The address could not be copied automatically. It is selected: press Ctrl+C (⌘C on a Mac) to copy it.');
    }
  });

  /* ----- revoking, after a confirmation ----- */

  let confirmBox = null;
  function closeConfirm(focusRevoke = true) {
    if (!confirmBox) return;
    confirmBox.remove();
    confirmBox = null;
    revoke.setAttribute('aria-expanded', 'false');
    if (focusRevoke) revoke.focus();
  }

  revoke.addEventListener('click', () => {
    if (confirmBox) {
      confirmBox.querySelector('#calendar-revoke-cancel').focus();
      return;
    }
    const yes = h('button', { type: 'button', class: 'btn btn--danger btn--small', id: 'calendar-revoke-confirm' }, 'Revoke address');
    const no = h('button', { type: 'button', class: 'btn btn--secondary btn--small', id: 'calendar-revoke-cancel' }, 'Cancel');
    confirmBox = h('div', { class: 'confirm', id: 'calendar-confirm', role: 'group', 'aria-labelledby': 'calendar-confirm-text' },
      h('p', { class: 'confirm__text', id: 'calendar-confirm-text' },
        'Revoke your subscription address? Calendar apps subscribed to it stop receiving your dates.'),
      h('div', { class: 'confirm__actions' }, yes, no));
    no.addEventListener('click', () => closeConfirm());
    closeOnEscape(confirmBox, () => closeConfirm(), yes);
    yes.addEventListener('click', async () => {
      const box = confirmBox;
      const undo = setBusy(box, yes, 'Revoking…');
      no.disabled = true;
      try {
        await api('/me/calendar/feed', { method: 'DELETE' });
        if (!ctx.isCurrent()) return;
        forgetAddress();
        closeConfirm();
        say('success', 'Your subscription address is revoked: it no longer works. Create a new one whenever you need it.');
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) {
          forgetAddress();
          closeConfirm();
          say('info', 'You have no subscription address to revoke.');
          return;
        }
        undo();
        no.disabled = false;
        fail(err, 'Not revoked.');
      }
    });
    revoke.setAttribute('aria-expanded', 'true');
    revoke.closest('.calendar__actions').after(confirmBox);
    no.focus();
  });

  function forgetAddress() {
    url.value = '';
    urlHint.textContent = '';
    feed.hidden = true;
    createLabel.textContent = 'Create subscription address';
  }

  return card;
}

/** Saves text as a file through a temporary blob address. */
function saveFile(text, filename, type) {
  const href = URL.createObjectURL(new Blob([text], { type }));
  const link = h('a', { href, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
