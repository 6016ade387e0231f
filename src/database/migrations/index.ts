import { InventoryCatalog1764300000000 } from './1764300000000-inventory-catalog';
import { ReplenishmentCycle1764300100000 } from './1764300100000-replenishment-cycle';
import { CycleModule1764400000000 } from './1764400000000-cycle-module';
import { SessionsAndSigningKeys1764400100000 } from './1764400100000-sessions-and-signing-keys';
import { AuditTamperEvidence1764400110000 } from './1764400110000-audit-tamper-evidence';
import { SecurityScans1764400120000 } from './1764400120000-security-scans';
import { OpsIncidentsAnomalies1764400200000 } from './1764400200000-ops-incidents-anomalies';
import { Learning1764400300000 } from './1764400300000-learning';
import { UsageDaily1764400400000 } from './1764400400000-usage-daily';
import { RefreshTokensFindingAlerts1764500100000 } from './1764500100000-refresh-tokens-finding-alerts';
import { RecommendationsPageIndex1764500200000 } from './1764500200000-recommendations-page-index';
import { LearningWiring1764500400000 } from './1764500400000-learning-wiring';
import { LearningLoop1764500600000 } from './1764500600000-learning-loop';
import { OnHandDaily1764600100000 } from './1764600100000-on-hand-daily';
import { TableChangeNotify1764600500000 } from './1764600500000-table-change-notify';

/** Every migration, in order. Listed explicitly so the build, jest and the CLI load the same set. */
export const migrations = [
  InventoryCatalog1764300000000,
  ReplenishmentCycle1764300100000,
  CycleModule1764400000000,
  SessionsAndSigningKeys1764400100000,
  AuditTamperEvidence1764400110000,
  SecurityScans1764400120000,
  OpsIncidentsAnomalies1764400200000,
  Learning1764400300000,
  UsageDaily1764400400000,
  RefreshTokensFindingAlerts1764500100000,
  RecommendationsPageIndex1764500200000,
  LearningWiring1764500400000,
  LearningLoop1764500600000,
  OnHandDaily1764600100000,
  TableChangeNotify1764600500000,
];
