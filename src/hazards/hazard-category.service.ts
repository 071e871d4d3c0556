import { type Page, type PageRequest, paginate } from '../db/pagination';
import type { RequestContext } from '../shared/request-context';
import { HazardCategory } from './hazard-category.entity';

/** The hazard-category catalogue: lookups by code and by workplace. */
export class HazardCategoryService {
  /** A page of the catalogue, ordered by code. */
  list<N>(ctx: RequestContext, page: PageRequest, toNode: (row: HazardCategory) => N): Promise<Page<N>> {
    return paginate(ctx.em, HazardCategory, {}, page, { code: 'asc' }, toNode);
  }

  /** Categories with these codes, in code order; unknown codes are simply absent. */
  findByCodes(ctx: RequestContext, codes: readonly string[]): Promise<HazardCategory[]> {
    if (codes.length === 0) return Promise.resolve([]);
    return ctx.em.find(HazardCategory, { code: { $in: [...new Set(codes)] } }, { orderBy: { code: 'asc' } });
  }

  /**
   * The hazard categories of each workplace asked for, in code order, batched through the
   * request's loader (one statement per tick, whatever the number of workplaces). A workplace
   * the caller may not see, or one with no hazards, gets `[]`.
   */
  forWorkplace(ctx: RequestContext, workplaceId: string): Promise<HazardCategory[]> {
    return ctx.loaders.custom<string, HazardCategory[]>('HazardCategory.byWorkplace', (ids) => this.forWorkplaces(ctx, ids)).load(workplaceId);
  }

  /** Unbatched form of {@link forWorkplace} for many workplaces at once. */
  async forWorkplaces(ctx: RequestContext, workplaceIds: readonly string[]): Promise<HazardCategory[][]> {
    const rows = await ctx.em.find(
      HazardCategory,
      { workplaces: { $in: [...workplaceIds] } },
      { populate: ['workplaces:ref'], populateWhere: { workplaces: { $in: [...workplaceIds] } }, orderBy: { code: 'asc' } },
    );
    return workplaceIds.map((id) => rows.filter((row) => row.workplaces.getIdentifiers<string>().includes(id)));
  }
}
