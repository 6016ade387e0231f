import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../ops/metrics.service';
import { ReadCache, ReadCacheStats } from './read-cache';
import { READ_CACHE } from './table-changes.listener';

/** The read cache on /metrics, read at scrape time: answers by outcome, invalidations, and whether it is on (listening). */
@Injectable()
export class ReadCacheMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(READ_CACHE) private readonly cache: ReadCache<unknown>,
  ) {}

  onModuleInit(): void {
    const cache = this.cache;
    const outcomes: (keyof ReadCacheStats)[] = ['hits', 'early', 'misses', 'joined', 'stored', 'invalidations'];
    new Counter({
      name: 'neuronexus_read_cache_events_total',
      help: 'Read cache events since start: hits (early: of them, answered before Apollo), misses, joined (waited for an identical request), stored, invalidations.',
      labelNames: ['event'],
      registers: [this.metrics.registry],
      collect() {
        this.reset();
        for (const event of outcomes) this.inc({ event }, cache.stats[event]);
      },
    });
    new Gauge({
      name: 'neuronexus_read_cache_online',
      help: '1 while the read cache listens to table changes (and so serves answers), 0 otherwise.',
      registers: [this.metrics.registry],
      collect() {
        this.set(cache.online ? 1 : 0);
      },
    });
  }
}
