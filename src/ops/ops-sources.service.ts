import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { PRODUCTION_MODEL_SOURCE, ProductionModelSource, RUN_STATUS_SOURCE, RunStatusSource } from './ops-sources';

/** Finds the sources the upper modules provide (see ops-sources.ts), without importing them. */
@Injectable()
export class OpsSourcesService {
  constructor(private readonly moduleRef: ModuleRef) {}

  runs(): RunStatusSource | undefined {
    return this.find<RunStatusSource>(RUN_STATUS_SOURCE);
  }

  models(): ProductionModelSource | undefined {
    return this.find<ProductionModelSource>(PRODUCTION_MODEL_SOURCE);
  }

  private find<T>(token: symbol): T | undefined {
    try {
      return this.moduleRef.get<T>(token, { strict: false });
    } catch {
      return undefined;
    }
  }
}
