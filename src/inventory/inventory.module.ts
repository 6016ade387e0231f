import { Module } from '@nestjs/common';
import { DemoService } from './demo.service';
import { ImportService } from './import.service';
import { InventoryResolver } from './inventory.resolver';
import { InventoryRepository } from './inventory.repository';
import { InventoryService } from './inventory.service';
import { UsageRepository } from './usage.repository';
import { OnHandRepository } from './on-hand.repository';

@Module({ providers: [InventoryService, InventoryRepository, UsageRepository, OnHandRepository, InventoryResolver, ImportService, DemoService], exports: [InventoryService, ImportService, DemoService] })
export class InventoryModule {}
