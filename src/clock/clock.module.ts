import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, CLOCK, SystemClock } from './clock';

/** Provides the one `CLOCK` to every module; tests pass their own `SettableClock`. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(clock: Clock = new SystemClock()): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}
