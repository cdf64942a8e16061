/** Headers the proxy sets on every request so pages and actions know their own method and path. */
export const REQUEST_METHOD_HEADER = "x-meridian-method";
export const REQUEST_PATH_HEADER = "x-meridian-path";
