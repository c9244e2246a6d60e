/** A request named something the library does not hold (any more). */
export class NotFoundError extends Error {
  override name = 'not-found'
}
