import { NotFoundError, RequestInvalidError } from '../errors.ts';

/** Formats of path and query parameters. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const VERSION_PATTERN = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
export const LANG_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** A path segment that cannot name anything answers 404, like an unknown one. */
export function pathParam(value: string | undefined, pattern: RegExp): string {
  if (value === undefined || !pattern.test(value)) throw new NotFoundError('No such resource.');
  return value;
}

/** A required query parameter of the given format; 400 naming the parameter otherwise. */
export function queryParam(value: string | undefined, name: string, pattern: RegExp, required: true): string;
export function queryParam(value: string | undefined, name: string, pattern: RegExp, required: false): string | undefined;
export function queryParam(value: string | undefined, name: string, pattern: RegExp, required: boolean): string | undefined {
  if (value === undefined || value === '') {
    if (!required) return undefined;
    throw new RequestInvalidError('A query parameter is missing.', [{ code: 'required', path: `?${name}`, message: 'This parameter is required.' }]);
  }
  if (!pattern.test(value)) {
    throw new RequestInvalidError('A query parameter is not valid.', [{ code: 'invalid_format', path: `?${name}`, message: 'This parameter is not in the expected format.' }]);
  }
  return value;
}

/** An integer id in a path; anything else answers 404. */
export function integerPathParam(value: string | undefined): number {
  if (value === undefined || !/^[1-9][0-9]{0,14}$/.test(value)) throw new NotFoundError('No such resource.');
  return Number(value);
}
