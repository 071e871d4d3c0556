import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { ConnectionArgs } from '../graphql/relay';
import type { RequestContext } from '../shared/request-context';
import { HazardCategoryService } from './hazard-category.service';
import { HazardCategoryConnection, HazardCategoryNode, toHazardCategoryNode } from './hazard-category.types';

@Resolver(() => HazardCategoryNode)
export class HazardCategoryResolver {
  constructor(private readonly hazardCategoryService: HazardCategoryService) {}

  @Query(() => HazardCategoryConnection, { description: 'The hazard-category catalogue, ordered by code.' })
  hazardCategories(@Args() page: ConnectionArgs, @Ctx() ctx: RequestContext) {
    return this.hazardCategoryService.list(ctx, page, toHazardCategoryNode);
  }
}
