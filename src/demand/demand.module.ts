import { defineModule } from '../module';
import { ConsolidatedOrder, OrderLine } from './consolidated-order.entity';
import { ControlFigure } from './control-figure.entity';
import { ConsolidatedOrderResolver, ControlFigureResolver, IndustryOrderResolver, OrderLineResolver, WorkforceDemandResolver } from './demand.resolver';
import { seedDemand } from './demand.seed';
import { toConsolidatedOrderNode, toControlFigureNode, toIndustryOrderLineNode, toOrderLineNode, toWorkforceDemandNode } from './demand.types';
import { IndustryOrderLine } from './industry-order-line.entity';
import { Qualification } from './qualification.entity';
import { WorkforceDemand } from './workforce-demand.entity';

/**
 * From demand to admission (methodology stages 1, 3, 4): employers' workforce demand, the
 * industry councils' agreed orders, the coordinator's consolidated order and the authority's
 * admission control figures, and the pipeline query over all of them.
 */
export const demandModule = defineModule({
  name: 'demand',
  entities: [Qualification, WorkforceDemand, IndustryOrderLine, ConsolidatedOrder, OrderLine, ControlFigure],
  resolvers: (s) => [
    new WorkforceDemandResolver(s.demand, s.audit),
    new IndustryOrderResolver(s.demand),
    new ConsolidatedOrderResolver(s.orders, s.audit, s.pipelines),
    new OrderLineResolver(),
    new ControlFigureResolver(s.orders),
  ],
  nodeTypes: {
    WorkforceDemand: { entity: WorkforceDemand, toNode: toWorkforceDemandNode },
    IndustryOrderLine: { entity: IndustryOrderLine, toNode: toIndustryOrderLineNode },
    ConsolidatedOrder: { entity: ConsolidatedOrder, toNode: toConsolidatedOrderNode },
    OrderLine: { entity: OrderLine, toNode: toOrderLineNode },
    ControlFigure: { entity: ControlFigure, toNode: toControlFigureNode },
  },
  seeders: [seedDemand],
});
