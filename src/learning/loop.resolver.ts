import { Args, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../security/roles.decorator';
import { LearnedCalibration, LevelAdjustment, LevelAdjustmentStatusEnum } from './dto/loop.types';
import { LoopAdjustmentsService } from './loop-adjustments.service';

/** Read-only views of the learning loop (level adjustments, learned calibration), approvers and admins. */
@Resolver()
export class LoopResolver {
  constructor(private readonly loop: LoopAdjustmentsService) {}

  @Roles('approver')
  @Query(() => [LevelAdjustment], { description: 'Level adjustments after drift events, newest first: active ones shape tonight’s forecast; dropped ones say why.' })
  async levelAdjustments(
    @Args('sku', { nullable: true }) sku?: string,
    @Args('status', { type: () => LevelAdjustmentStatusEnum, nullable: true }) status?: LevelAdjustmentStatusEnum,
  ): Promise<LevelAdjustment[]> {
    return (await this.loop.levelAdjustments(sku, status)) as LevelAdjustment[];
  }

  @Roles('approver')
  @Query(() => LearnedCalibration, { description: 'The quantile levels per demand pattern the nightly forecast uses, with the realized samples behind them.' })
  learnedCalibration(): Promise<LearnedCalibration> {
    return this.loop.currentCalibration();
  }
}
