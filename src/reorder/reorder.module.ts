import { Module } from '@nestjs/common';
import { ReorderResolver } from './reorder.resolver';
import { ReorderService } from './reorder.service';

@Module({ providers: [ReorderService, ReorderResolver], exports: [ReorderService] })
export class ReorderModule {}
