import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConsoleMiddleware } from './console.middleware';

/** The approver console (web/), served by the API process at `/`. */
@Module({})
export class ConsoleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ConsoleMiddleware).forRoutes('{*splat}');
  }
}
