/**
 * {{name}}: an HTTP function. Ebb (like Knative func's Node runtime) calls `handle` for each request to
 * `/`: `context` has the method, query, headers and a logger; `body` is the parsed request body (JSON →
 * a value, text → a string). What `handle` returns is the answer: `{ statusCode, headers, body }`, a
 * string, an object (sent as JSON), or nothing (204). A thrown error is a 500.
 *
 * @param {import('faas-js-runtime').Context} context
 * @param {unknown} [body]
 */
export const handle = async (context, body) => {
  context.log.info(`${context.method} request`);
  if (context.method === 'GET') {
    return { body: { message: 'Hello from {{name}}!', query: context.query ?? {} } };
  }
  if (context.method === 'POST') {
    return { body: body ?? '' };
  }
  return { statusCode: 405, body: `${context.method} is not supported: send GET or POST` };
};
