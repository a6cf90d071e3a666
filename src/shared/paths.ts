// The URL space: which paths are the JSON APIs (errors answer JSON there, never an HTML page; requests are logged),
// and how a path is written to logs (download paths carry a capability token, which never reaches a log).
export const HANDLE_PATTERN = /^[a-z0-9-]{2,40}$/;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const API_PATH = /^\/(api|admin|platform|webhooks|dev|downloads)(\/|$)/;

export const isApiPath = (path: string): boolean => API_PATH.test(path);

export const loggablePath = (path: string): string => path.replace(/^\/downloads\/.*/, "/downloads/[token]");
