/**
 * dynalite's operations called directly, without its HTTP front: the same validation and actions
 * its request listener runs after parsing a request's JSON, on the same store, for local clients
 * that already hold the request as an object (`dynamodb.ts` on the main thread, and
 * `dynamodb-worker.mjs` for the requests posted to it). Plain JavaScript, so the worker loads it
 * the same way under tsx and in `npm start`'s compiled build.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite');
const validations = require('dynalite/validations');

/** Starts dynalite and keeps hold of its store, which it makes through `db.create` and does not expose. */
export function startDynalite(options) {
  const db = require('dynalite/db');
  const create = db.create;
  let store;
  db.create = (createOptions) => {
    store = create(createOptions);
    return store;
  };
  try {
    return { server: dynalite(options), store };
  } finally {
    db.create = create;
  }
}

const operations = new Map();

function operationOf(operation) {
  let found = operations.get(operation);
  if (!found) {
    const name = validations.toLowerFirst(operation);
    const rules = require(`dynalite/validations/${name}`);
    found = {
      action: require(`dynalite/actions/${name}`),
      rules,
      required: Object.entries(rules.types)
        .filter(([, type]) => type.required || type.notNull)
        .map(([parameter]) => parameter),
    };
    operations.set(operation, found);
  }
  return found;
}

function validationError(message) {
  return Object.assign(new Error(message), {
    statusCode: 400,
    body: { __type: 'com.amazon.coral.validate#ValidationException', message },
  });
}

/**
 * Runs one operation on the store. `body` is the request as its JSON would parse (binary values as
 * base64 text). `checks`:
 * - `full`: everything dynalite's HTTP front checks after parsing: the generic walk of the body
 *   against the operation's schema (types, enums, lengths, patterns), then the operation's own
 *   checks (attribute values, item size, expressions and conditions);
 * - `own`: parameters left null dropped, then only the required parameters and the operation's
 *   own checks, for requests whose shape is fixed in code (the local Step Functions runtime's store).
 * Resolves with the answer as dynalite would send it as JSON; rejects with dynalite's error, which
 * carries `statusCode` and the JSON `body` it would have answered with.
 */
export function runOperation(store, operation, body, checks) {
  const { action, rules, required } = operationOf(operation);
  return new Promise((resolve, reject) => {
    try {
      let data = body;
      if (checks === 'full') {
        data = validations.checkTypes(data, rules.types);
        validations.checkValidations(data, rules.types, rules.custom, store);
      } else {
        // Parameters left null are dropped, as the generic walk drops them.
        data = Object.fromEntries(Object.entries(body).filter(([, value]) => value != null));
        for (const parameter of required) {
          if (data[parameter] === undefined)
            throw validationError(
              `The parameter '${parameter}' is required but was not present in the request`,
            );
        }
        const refusal = rules.custom?.(data, store);
        if (refusal) throw validationError(refusal);
      }
      action(store, data, (error, output) => {
        if (error) reject(error);
        else resolve(output ?? {});
      });
    } catch (error) {
      reject(error);
    }
  });
}
