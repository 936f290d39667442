/**
 * The state/province field of an address form: the country's subdivisions as a list to choose from
 * (`GET /countries/{country}/subdivisions`, reference data kept for the session), labelled as the
 * country calls them (State, Province, Emirate …) and required only where addresses carry one.
 * A country without listed subdivisions gets a free-text field. The value sent is the code; the
 * API also takes a name.
 */

import { reference } from './api.js';
import { h, selectField, textField } from './dom.js';

function subdivisionsOf(country) {
  return reference(`/countries/${encodeURIComponent(country)}/subdivisions`);
}

/**
 * A container holding the field `id`; `show(country, value)` fills it for `country` and selects
 * `value` (a code, or a name saved before the list existed). Resolves when the field is in place.
 */
export function subdivisionField({ id, autocomplete = 'address-level1' }) {
  const box = h('div', { class: 'field-slot', id: `${id}-slot` });
  let ticket = 0;

  async function show(country, value) {
    const mine = ++ticket;
    const current = box.querySelector(`#${id}`);
    const keep = value ?? (current ? current.value : '');
    let data = null;
    try {
      data = country ? await subdivisionsOf(country) : null;
    } catch {
      data = null; // the list could not be loaded: free text still saves, the API checks it
    }
    if (mine !== ticket) return;
    const items = (data && data.items) || [];
    const label = data ? data.label : 'State, province or region';
    let field;
    if (items.length) {
      const known = items.find((s) => s.code === keep || s.name.toLowerCase() === String(keep).toLowerCase());
      field = selectField({
        id, label, autocomplete, required: Boolean(data.required),
        placeholder: data.required ? `Choose a ${label.toLowerCase()}` : '— None —',
        options: items.map((s) => ({ value: s.code, label: s.name })),
        value: known ? known.code : '',
      });
    } else {
      field = textField({ id, label, autocomplete, maxlength: 60, value: keep, required: Boolean(data && data.required) });
    }
    box.replaceChildren(field);
  }

  return { element: box, show };
}
