#!/usr/bin/env node
// Long-running validator used by tests/octo: checks JSON against the zod schemas shipped in
// npm @octocloud/types@2.0.4 (the OCTO spec's own schemas).
//
// Protocol (one JSON object per line on stdin, one answer per line on stdout):
//   in : {"schema": "Product" | "Product[]" | "Booking" | "Error" | ..., "json": <value>}
//   out: {"ok": true} | {"ok": false, "errors": ["path: message", ...]}
// "Error" picks the schema from the body's `error` code (INVALID_PRODUCT_ID -> zErrorInvalidProductId,
// which also requires the `productId` field). Date-time strings are also held to the OCTO
// validator's formats (formatIssues). A first line "ready" is printed once loaded.
'use strict';
const readline = require('readline');
let types;
try {
  types = require('@octocloud/types');
} catch (e) {
  process.stdout.write(JSON.stringify({fatal: 'cannot load @octocloud/types: ' + e.message +
    ' (run: npm ci --prefix tests/octo/schema)'}) + '\n');
  process.exit(2);
}
const {z} = require('zod/v3');

const errorSchemas = {
  INVALID_PRODUCT_ID: types.zErrorInvalidProductId,
  INVALID_OPTION_ID: types.zErrorInvalidOptionId,
  INVALID_UNIT_ID: types.zErrorInvalidUnitId,
  INVALID_AVAILABILITY_ID: types.zErrorInvalidAvailabilityId,
  INVALID_BOOKING_UUID: types.zErrorInvalidBookingUuid,
  BAD_REQUEST: types.zErrorBadRequest,
  UNPROCESSABLE_ENTITY: types.zErrorUnprocessableEntity,
  UNAUTHORIZED: types.zErrorUnauthorized,
  FORBIDDEN: types.zErrorForbidden,
  INTERNAL_SERVER_ERROR: types.zErrorInternalServerError,
};

function schemaFor(name, json) {
  if (name === 'Error') {
    const code = json && typeof json === 'object' ? json.error : undefined;
    const s = errorSchemas[code];
    if (!s) return {error: 'unknown OCTO error code ' + JSON.stringify(code)};
    return {schema: s};
  }
  let array = false;
  if (name.endsWith('[]')) {
    array = true;
    name = name.slice(0, -2);
  }
  const s = types['z' + name];
  if (!s || typeof s.safeParse !== 'function') return {error: 'unknown schema ' + name};
  return {schema: array ? z.array(s) : s};
}

// The zod schemas type date-times as plain strings; the OCTO validator (octotravel/validator,
// CommonValidator.validateUTCDateTime / validateLocalDateTime) holds them to these shapes.
const utcDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:[0-5]\d:[0-5]\dZ$/;
const localDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:[0-5]\d:[0-5]\d([+-]\d{2}:\d{2}|Z)$/;

function formatIssues(value, path, out) {
  if (Array.isArray(value)) {
    value.forEach((v, i) => formatIssues(v, path.concat(i), out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path.concat(k).join('.');
      if (typeof v === 'string' && /^utc[A-Z]/.test(k) && !utcDateTime.test(v)) {
        out.push(at + ': not a UTC date-time YYYY-MM-DDTHH:MM:SSZ (' + v + ')');
      }
      if (typeof v === 'string' && /^localDateTime(Start|End)$/.test(k) && !localDateTime.test(v)) {
        out.push(at + ': not a local date-time YYYY-MM-DDTHH:MM:SS+HH:MM (' + v + ')');
      }
      formatIssues(v, path.concat(k), out);
    }
  }
  return out;
}

function check(msg) {
  const {schema, error} = schemaFor(msg.schema, msg.json);
  if (error) return {ok: false, errors: [error]};
  const r = schema.safeParse(msg.json);
  const errors = r.success
    ? []
    : r.error.issues.map((i) => (i.path.join('.') || '(root)') + ': ' + i.message);
  formatIssues(msg.json, [], errors);
  return errors.length ? {ok: false, errors} : {ok: true};
}

process.stdout.write('ready\n');
const rl = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
rl.on('line', (line) => {
  if (!line.trim()) return;
  let out;
  try {
    out = check(JSON.parse(line));
  } catch (e) {
    out = {ok: false, errors: ['validator: ' + e.message]};
  }
  process.stdout.write(JSON.stringify(out) + '\n');
});
