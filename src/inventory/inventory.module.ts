import { Module } from '@nestjs/common';
import { DemoService } from './demo.service';
import { ImportService } from './import.service';
import { InventoryResolver } from './inventory.resolver';
import { InventoryService } from './inventory.service';

@Module({ providers: [InventoryService, InventoryResolver, ImportService, DemoService], exports: [InventoryService, ImportService, DemoService] })
export class InventoryModule {}
