/**
 * API access: same-origin JSON fetches, the signed-in session (tokens in sessionStorage), and the
 * error shape of the API (`{"error": {"code", "message", "field"?}}`) as an `ApiError`.
 *
 * Calls with `auth: true` (the default) carry `Authorization: Bearer <id_token>`. The id token is
 * refreshed before a call when it has expired (its `exp` claim), and once after a 401 or a 403 with
 * code `forbidden` (how the API gateway refuses a bad token); if renewing fails the session is
 * cleared and `onSessionLost` runs (the app sends the user to the login page).
 */

const STORAGE_KEY = 'certtrack.session';
const EXPIRY_MARGIN_S = 30;

/** An API refusal (or a network failure, status 0) with the message meant for people. */
export class ApiError extends Error {
  /**
   * `problems`: every refused field of a 400, [{field, message}] (the first is `field`);
   * `details`: what else the error carries for the client to act on (e.g. a 409's `certification_status`).
   */
  constructor(status, code, message, field, problems = [], details = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.problems = problems;
    this.details = details;
  }
}

let sessionLostHandler = () => {};

/** Registers what happens when the session cannot be renewed (called once per loss). */
export function onSessionLost(handler) {
  sessionLostHandler = handler;
}

export const session = {
  get() {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_KEY)) || null;
    } catch {
      return null;
    }
  },
  /** Stores a login or refresh answer; a refresh answer has no refresh token, so the old one is kept. */
  set(tokens) {
    const previous = this.get() || {};
    const next = {
      id_token: tokens.id_token,
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token || previous.refresh_token || null,
      expires_at: Date.now() + (Number(tokens.expires_in) || 3600) * 1000,
    };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    return next;
  },
  clear() {
    sessionStorage.removeItem(STORAGE_KEY);
  },
  isSignedIn() {
    const current = this.get();
    return Boolean(current && current.id_token);
  },
};

const STATUS_MESSAGES = {
  400: 'The request was not accepted. Check the form and try again.',
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  409: 'This conflicts with the current state. Reload and try again.',
  429: 'Too many attempts. Wait a moment and try again.',
};

/** Seconds since the epoch at which a JWT expires, or null if it cannot be read. */
function tokenExpiry(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = payload + '='.repeat((4 - (payload.length % 4)) % 4);
    const claims = JSON.parse(atob(padded));
    return typeof claims.exp === 'number' ? claims.exp : null;
  } catch {
    return null;
  }
}

function isExpired(current) {
  const exp = tokenExpiry(current.id_token);
  const expiresAt = exp !== null ? exp * 1000 : current.expires_at;
  return typeof expiresAt === 'number' && Date.now() > expiresAt - EXPIRY_MARGIN_S * 1000;
}

async function parse(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function errorFrom(response, body) {
  const error = body && typeof body === 'object' ? body.error : null;
  if (error && typeof error === 'object') {
    const { code, message, field, errors, ...details } = error;
    return new ApiError(
      response.status,
      String(code || 'error'),
      String(message || STATUS_MESSAGES[response.status] || 'The request failed.'),
      field ? String(field) : null,
      Array.isArray(errors) ? errors.map((e) => ({ field: String(e.field), message: String(e.message) })) : [],
      details,
    );
  }
  const fallback = STATUS_MESSAGES[response.status] || `The server answered with an error (${response.status}). Try again later.`;
  return new ApiError(response.status, 'http_' + response.status, fallback, null);
}

async function send(path, { method, body, token, signal, as = 'json' }) {
  const headers = { Accept: as === 'text' ? 'text/calendar, text/plain, application/json;q=0.5' : 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (err) {
    if (err && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.', null);
  }
  // A text answer (e.g. an .ics file) is kept as it is; an error answer is still the JSON error shape.
  if (as === 'text' && response.ok) return { response, data: await response.text() };
  return { response, data: await parse(response) };
}

let refreshing = null;

/** Renews the id token with the refresh token; concurrent callers share one refresh. */
function refreshSession() {
  if (!refreshing) {
    refreshing = (async () => {
      const current = session.get();
      if (!current || !current.refresh_token) return false;
      const { response, data } = await send('/auth/refresh', {
        method: 'POST',
        body: { refresh_token: current.refresh_token },
      });
      if (!response.ok || !data || !data.id_token) return false;
      session.set(data);
      return true;
    })()
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

function tokenRefused(response, data) {
  return response.status === 403 && Boolean(data && data.error && data.error.code === 'forbidden');
}

function loseSession() {
  const hadSession = session.isSignedIn();
  session.clear();
  if (hadSession) sessionLostHandler();
  return new ApiError(401, 'unauthenticated', STATUS_MESSAGES[401], null);
}

/**
 * `api(path, {method, body, auth, signal, as})` → the parsed JSON answer (or, with `as: 'text'`, the
 * answer's text, e.g. a calendar file); throws `ApiError`.
 */
export async function api(path, { method = 'GET', body, auth = true, signal, as = 'json' } = {}) {
  if (!auth) {
    const { response, data } = await send(path, { method, body, signal, as });
    if (!response.ok) throw errorFrom(response, data);
    return data;
  }
  let current = session.get();
  if (!current || !current.id_token) throw loseSession();
  if (isExpired(current)) {
    if (!(await refreshSession())) throw loseSession();
    current = session.get();
  }
  let { response, data } = await send(path, { method, body, token: current.id_token, signal, as });
  if (response.status === 401 || tokenRefused(response, data)) {
    // 401: no valid token. 403 "forbidden": the gateway's authorizer refused the token (expired,
    // or from an earlier identity pool) — or a real refusal, which a renewed token will not change.
    if (!(await refreshSession())) throw loseSession();
    ({ response, data } = await send(path, { method, body, token: session.get().id_token, signal, as }));
    if (response.status === 401) throw loseSession();
  }
  if (!response.ok) throw errorFrom(response, data);
  return data;
}

/** Like `api` for a GET whose 404 means "nothing on file yet": answers null instead of throwing. */
export async function apiOptional(path, options = {}) {
  try {
    return await api(path, options);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

/** Signs in: stores the tokens. */
export async function logIn(email, password) {
  const tokens = await api('/auth/login', { method: 'POST', body: { email, password }, auth: false });
  session.set(tokens);
  return tokens;
}

export function logOut() {
  session.clear();
}
