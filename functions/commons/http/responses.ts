/** JSON responses in the API Gateway v2 shape, with the headers every Abate response carries. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { ...baseHeaders, ...headers }, body: JSON.stringify(body) };
}

export function errorBody(code: string, message: string, fields?: { path: string; message: string }[]) {
  return { error: { code, message, ...(fields ? { fields } : {}) } };
}
