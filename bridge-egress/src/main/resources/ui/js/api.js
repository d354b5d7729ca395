// The admin API, called with the token the operator typed in (kept in this tab's sessionStorage only).
const KEY = 'hookbridge.adminToken';

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: value => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(method, path, body) {
  const headers = { Authorization: 'Bearer ' + token.get() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (res.status === 401) token.clear(); // the page shows the login form again
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const get = path => api('GET', path);
export const post = (path, body) => api('POST', path, body);

// The pages offer what this egress serves: its OpenAPI document lists exactly the routes it has.
let document_;
export async function serves(method, path) {
  document_ ??= fetch('/api/v1/openapi.json').then(r => r.json());
  const doc = await document_;
  return Boolean(doc.paths?.['/api/v1' + path]?.[method]);
}
