/**
 * What every route plugin is given: the use cases' context.
 */
import type { AppContext } from '../../app/app-context.js';

export interface RouteOptions {
  ctx: AppContext;
}
