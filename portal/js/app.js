/**
 * The portal's shell: hash routes (`#/home`, `#/personal-info`, ...), the session guard, the left
 * navigation, and the signed-in user's account (`GET /me`).
 *
 * Guards, in order: public pages (login, sign-up, confirm) send a signed-in user home; every other
 * page needs a session; a sign-in that could not be linked to a candidate record
 * (`mapping == support_required`) is kept on the support page; an incomplete profile is kept on
 * Personal Information (guide §2) — both with a notice; Admin needs `is_admin`.
 * The User Guide, certificate verification (`#/verify/<code>`) and a digital badge's public page
 * (`#/badges/<badge_id>`), both for third parties, are always reachable, signed in or not. So is a
 * shared transcript (`#/transcripts/<token>`, for its recipient); `#/transcripts` itself is the
 * holder's page when signed in, and signed out the form a recipient opens a transcript with by its
 * id and verification code. A route whose `open` is a function of (path, signedIn) decides so.
 *
 * On narrow screens the navigation is a menu behind #nav-toggle (a disclosure button: aria-expanded,
 * Escape closes it and gives the button focus back, choosing a page closes it).
 *
 * A page with unsaved edits registers `ctx.guardLeave(() => message | null)`: leaving it by another
 * route, by signing out or by closing/reloading the tab asks first (the browser's own confirmation).
 *
 * Navigation ids: #nav-home, #nav-personal-info, #nav-schedule, #nav-testing-history,
 * #nav-certifications, #nav-continuing-education, #nav-certificates (Certificates & Plaques,
 * route `#/kits`: the address the kit email links to), #nav-transcripts, #nav-user-guide,
 * #nav-admin (admins only). A link's id is `nav-<route>` unless the route names its `navId`.
 *
 * Routes with `subpages` take further path segments (`#/certifications/ccna`,
 * `#/certifications/agreement`, `#/admin/announcements`, `#/verify/<code>`, `#/badges/<badge_id>`,
 * `#/transcripts/<token>`);
 * the page gets them as `ctx.path` (an array). Any other route with extra segments is "not found".
 */

import { ApiError, api, logOut, onSessionLost, session } from './api.js';
import { ICONS, clearAlert, h, icon, loading, showAlert } from './dom.js';

/** name → how the route behaves; `nav` routes appear in the left navigation in this order. */
const ROUTES = {
  login: { module: './pages/login.js', title: 'Sign in', public: true },
  signup: { module: './pages/signup.js', title: 'Create account', public: true },
  confirm: { module: './pages/confirm.js', title: 'Confirm your account', public: true },
  home: { module: './pages/home.js', title: 'Home', nav: 'Home', icon: 'home' },
  'personal-info': { module: './pages/personal-info.js', title: 'Personal Information', nav: 'Personal Info', icon: 'person' },
  schedule: { module: './pages/schedule.js', title: 'Schedule', nav: 'Schedule', icon: 'calendar' },
  'testing-history': { module: './pages/testing-history.js', title: 'Testing History', nav: 'Testing History', icon: 'history' },
  certifications: { module: './pages/certifications.js', title: 'Certifications', nav: 'Certifications', icon: 'badge', subpages: true },
  'continuing-education': { module: './pages/continuing-education.js', title: 'Continuing Education', nav: 'Continuing Education', icon: 'school' },
  kits: { module: './pages/kits.js', title: 'Certificates & Plaques', nav: 'Certificates & Plaques', navId: 'certificates', icon: 'award' },
  transcripts: { module: './pages/transcripts.js', title: 'Transcripts & Digital Badges', nav: 'Transcripts & Digital Badges', icon: 'transcript',
    subpages: true, open: (path, signedIn) => path.length > 0 || !signedIn },
  'user-guide': { module: './pages/user-guide.js', title: 'User Guide', nav: 'User Guide', icon: 'book', open: true },
  verify: { module: './pages/verify.js', title: 'Verify a certificate', open: true, subpages: true },
  badges: { module: './pages/badge.js', title: 'Digital badge', open: true, subpages: true },
  support: { module: './pages/support.js', title: 'Support', unmapped: true },
  admin: { module: './pages/admin.js', title: 'Admin — Support cases', nav: 'Admin', icon: 'shield', admin: true, subpages: true },
  'not-found': { module: './pages/not-found.js', title: 'Page not found', open: true },
};

const DEFAULT_ROUTE = 'home';

/** Whether a route shows at this path without sign-in and without the signed-in guards. */
function isOpen(route, path, signedIn) {
  return typeof route.open === 'function' ? route.open(path, signedIn) : Boolean(route.open);
}

/** The id of a route's navigation link. */
function navLinkId(name) {
  return `nav-${(ROUTES[name] && ROUTES[name].navId) || name}`;
}

const state = {
  me: null, // GET /me answer for the current session
  flash: null, // {notice: {kind, message}, data} handed to the next page rendered
  returnTo: null, // where a signed-out visitor wanted to go
  renderCount: 0,
  current: null, // the route on screen
  pageToken: null, // identifies the page on screen (its async work checks it)
  lastHash: null,
  leaveGuard: null, // the page on screen's `() => message | null` (unsaved edits)
};

/* ---------- navigation ---------- */

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = raw.split('?');
  const segments = (path || '').split('/').filter(Boolean).map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return { name: segments[0] || '', path: segments.slice(1), params: new URLSearchParams(query) };
}

/** The route a hash path (`certifications/ccna`) belongs to, or undefined. */
function routeOf(path) {
  return ROUTES[String(path || '').split('/')[0]];
}

/**
 * Goes to a route. `notice` ({kind, message}) is shown in #alert on arrival; `data` is handed to
 * the page (e.g. a prefilled email) without putting it in the URL.
 */
export function navigate(name, { notice = null, data = null, replace = false } = {}) {
  state.flash = { notice, data };
  const hash = `#/${name}`;
  if (location.hash === hash) {
    render();
  } else if (replace) {
    history.replaceState(null, '', hash);
    render();
  } else {
    location.hash = hash;
  }
}

/** Re-reads `GET /me` (after a change that affects profile completeness) and updates the shell. */
export async function refreshMe() {
  state.me = await api('/me');
  updateShell();
  return state.me;
}

/** Where a signed-in user belongs right after sign-in. */
export function landingRoute(me = state.me) {
  if (!me) return 'login';
  if (me.mapping === 'support_required') return 'support';
  if (!me.profile_complete) return 'personal-info';
  const wanted = state.returnTo;
  state.returnTo = null;
  const route = routeOf(wanted);
  const allowed = wanted && route && !route.public && (!route.admin || me.is_admin);
  return allowed ? wanted : DEFAULT_ROUTE;
}

/** Whether the page on screen may be left: true when it has no unsaved edits, or the user says so. */
function mayLeave() {
  const message = state.leaveGuard ? state.leaveGuard() : null;
  return !message || window.confirm(message);
}

export function signOut(notice) {
  if (!mayLeave()) return;
  state.leaveGuard = null;
  logOut();
  state.me = null;
  state.returnTo = null;
  updateShell();
  navigate('login', { notice: notice || { kind: 'success', message: 'You have signed out.' } });
}

/* ---------- the shell ---------- */

function buildNav() {
  const nav = document.getElementById('side-nav');
  const list = h('ul', { class: 'side-nav__list' });
  for (const [name, route] of Object.entries(ROUTES)) {
    if (!route.nav) continue;
    list.append(h('li', { class: 'side-nav__item', dataset: { route: name }, hidden: route.admin ? true : null },
      h('a', { id: navLinkId(name), class: 'side-nav__link', href: `#/${name}` },
        icon(ICONS[route.icon], 'icon side-nav__icon'), h('span', {}, route.nav))));
  }
  nav.replaceChildren(list);
}

/** Opens or closes the navigation menu (narrow screens; on wide ones the navigation is always shown). */
function setMenu(open) {
  document.body.classList.toggle('nav-open', open);
  document.getElementById('nav-toggle').setAttribute('aria-expanded', String(open));
}

function updateShell(active) {
  const me = state.me;
  const signedIn = Boolean(me) && session.isSignedIn();
  document.getElementById('user-menu').hidden = !signedIn;
  document.getElementById('side-nav').hidden = !signedIn;
  document.getElementById('nav-toggle').hidden = !signedIn;
  if (!signedIn) setMenu(false);
  document.body.classList.toggle('is-signed-in', signedIn);
  if (signedIn) {
    const name = [me.first_name, me.last_name].filter(Boolean).join(' ') || me.email;
    document.getElementById('user-name').textContent = name;
    document.getElementById('user-candidate-id').textContent = me.candidate_id ? `Candidate ID ${me.candidate_id}` : 'Sign-in not linked';
    for (const item of document.querySelectorAll('.side-nav__item')) {
      if (ROUTES[item.dataset.route]?.admin) item.hidden = !me.is_admin;
    }
  }
  if (active !== undefined) {
    for (const link of document.querySelectorAll('.side-nav__link')) {
      if (active && link.id === navLinkId(active)) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }
}

function setTitle(text) {
  document.getElementById('page-title').textContent = text;
  document.title = `${text} · certtrack`;
}

/* ---------- rendering ---------- */

/** Decides which route to show (guards), loads its module and renders it into #page. */
async function render() {
  const ticket = ++state.renderCount;
  const flash = state.flash || {};
  state.flash = null;
  let { name, path, params } = parseHash();
  if (!name) {
    history.replaceState(null, '', `#/${session.isSignedIn() ? DEFAULT_ROUTE : 'login'}`);
    name = session.isSignedIn() ? DEFAULT_ROUTE : 'login';
  }
  let route = ROUTES[name];
  if (!route || (path.length && !route.subpages)) {
    name = 'not-found';
    path = [];
    route = ROUTES[name];
  }
  const signedIn = session.isSignedIn();
  const open = isOpen(route, path, signedIn);

  if (route.public && signedIn) return navigate(DEFAULT_ROUTE, { replace: true, ...flash });
  if (!route.public && !open && !signedIn) {
    state.returnTo = [name, ...path].join('/');
    return navigate('login', { replace: true, notice: flash.notice, data: flash.data });
  }

  if (signedIn && !state.me) {
    setTitle('Loading…');
    document.getElementById('page').replaceChildren(loading('Loading your account…'));
    try {
      state.me = await api('/me');
    } catch (err) {
      if (ticket !== state.renderCount) return;
      if (err instanceof ApiError && err.status === 401) return; // session lost: already redirected
      return showFatal(err, () => render());
    }
    if (ticket !== state.renderCount) return;
    updateShell();
  }

  const me = state.me;
  if (me && !open) {
    if (me.mapping === 'support_required' && !route.unmapped) {
      return holdOn('support', { kind: 'warning', message: 'Your sign-in is not linked to a candidate record yet. Open a support case below; the other sections open once support has linked it.' });
    }
    if (me.mapping !== 'support_required' && !me.profile_complete && name !== 'personal-info' && name !== 'support') {
      return holdOn('personal-info', { kind: 'warning', message: 'Please complete your personal information first: the sections marked “Required” must be saved before you can continue.' });
    }
  }

  document.body.classList.toggle('is-auth', Boolean(route.public) || (!signedIn && open));
  document.body.dataset.route = name;
  document.body.classList.remove('is-loading');
  state.current = name;
  state.leaveGuard = null;
  setMenu(false);
  updateShell(route.nav ? name : null);
  clearAlert();
  // An administrators' page opened by a candidate: one message in place of the page, no other.
  const forbidden = Boolean(route.admin && me && !me.is_admin);
  setTitle(forbidden ? 'Administrators only' : route.title);

  const pageToken = {};
  state.pageToken = pageToken;
  const container = h('div', { class: `page__content page--${name}` });
  const pageRoot = document.getElementById('page');
  pageRoot.setAttribute('aria-busy', 'true');
  pageRoot.replaceChildren(container);

  if (flash.notice) showAlert(flash.notice.kind, flash.notice.message);
  const focusHeading = state.lastHash !== null && state.lastHash !== location.hash;
  const focusedBefore = document.activeElement; // the heading takes focus only if nothing else has since
  state.lastHash = location.hash;

  let page;
  try {
    page = forbidden ? { render: renderForbidden } : await import(route.module);
  } catch (err) {
    if (state.pageToken !== pageToken) return;
    console.warn(err);
    return showFatal(new ApiError(0, 'load', 'This page could not be loaded. Check your connection and reload.'), () => render());
  }
  if (state.pageToken !== pageToken) return;
  if (focusHeading && (document.activeElement === focusedBefore || document.activeElement === document.body)) {
    document.getElementById('page-title').focus({ preventScroll: false });
  }

  const ctx = {
    root: container,
    me: state.me,
    path,
    params,
    data: flash.data,
    navigate,
    refreshMe,
    landingRoute,
    signOut,
    setTitle,
    /** Registers `() => message | null`, asked before the page is left (unsaved edits). */
    guardLeave: (check) => {
      if (state.pageToken === pageToken) state.leaveGuard = check;
    },
    /** True while this page is still the one on screen (async work checks it before touching the DOM). */
    isCurrent: () => state.pageToken === pageToken,
  };
  try {
    await page.render(ctx);
  } catch (err) {
    if (state.pageToken !== pageToken) return;
    if (err instanceof ApiError && err.status === 401) return;
    showFatal(err, () => render(), container);
  } finally {
    if (state.pageToken === pageToken) pageRoot.removeAttribute('aria-busy');
  }
}

/**
 * Keeps the user on `target` (a guard said so), with a notice. When `target` is already on screen
 * it stays as it is — what was typed into its forms is kept — and only the address is put back.
 */
function holdOn(target, notice) {
  if (state.current === target && document.querySelector(`.page--${target}`)) {
    history.replaceState(null, '', `#/${target}`);
    state.lastHash = location.hash;
    updateShell(ROUTES[target].nav ? target : null);
    showAlert(notice.kind, notice.message);
    document.getElementById('page-title').focus();
    return;
  }
  navigate(target, { replace: true, notice });
}

/** What a signed-in candidate sees at an administrators' address. */
function renderForbidden(ctx) {
  ctx.root.append(h('div', { class: 'card empty-state', id: 'admin-only' },
    h('p', {}, 'This page is for programme administrators, and your account is a candidate account.'),
    h('a', { class: 'btn btn--primary', href: '#/home', id: 'admin-only-home' }, 'Go to Home')));
}

/** A page that could not be shown: the reason and a retry button. */
function showFatal(err, retry, into) {
  const message = err instanceof ApiError ? err.message : 'Something went wrong while showing this page.';
  if (!(err instanceof ApiError)) console.warn(err);
  document.body.classList.remove('is-loading');
  showAlert('error', message);
  const target = into || document.getElementById('page');
  target.replaceChildren(h('div', { class: 'card empty-state' },
    h('p', {}, 'The page could not be shown.'),
    h('div', { class: 'form__actions form__actions--center' },
      h('button', { type: 'button', class: 'btn btn--primary', id: 'retry-button', onClick: retry }, 'Try again'),
      session.isSignedIn()
        ? h('button', { type: 'button', class: 'btn btn--secondary', id: 'fatal-signout', onClick: () => signOut() }, 'Sign out')
        : null)));
  document.getElementById('page').removeAttribute('aria-busy');
}

/* ---------- start ---------- */

function start() {
  buildNav();
  document.getElementById('logout-button').addEventListener('click', () => signOut());
  document.getElementById('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    document.getElementById('main').focus();
  });
  onSessionLost(() => {
    state.me = null;
    updateShell();
    const { name, path } = parseHash();
    // the page was shown signed in: come back to it when it needs sign-in
    if (ROUTES[name] && !ROUTES[name].public && !isOpen(ROUTES[name], path, true)) state.returnTo = [name, ...path].join('/');
    navigate('login', { notice: { kind: 'warning', message: 'Your session has ended. Please sign in again.' } });
  });
  const toggle = document.getElementById('nav-toggle');
  toggle.addEventListener('click', () => setMenu(!document.body.classList.contains('nav-open')));
  document.getElementById('side-nav').addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && document.body.classList.contains('nav-open')) {
      setMenu(false);
      toggle.focus();
    }
  });
  window.addEventListener('beforeunload', (event) => {
    if (state.leaveGuard && state.leaveGuard()) event.preventDefault();
  });
  window.addEventListener('hashchange', () => {
    if (!(location.hash.startsWith('#/') || location.hash === '')) return;
    if (state.leaveGuard && location.hash !== state.lastHash) {
      if (!mayLeave()) {
        history.replaceState(null, '', state.lastHash); // stay: put the address back
        return;
      }
    }
    render();
  });
  render();
}

start();
