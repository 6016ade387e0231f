import { Inject, Injectable, Logger } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { formatAlert, formatNotice, RunReport } from './run-report';

export interface DeliveryResult {
  sent: string[];
  failed: { channel: string; error: string }[];
}

/**
 * Sends the run report and alerts by e-mail (SMTP_HOST + ADMIN_EMAIL) and Slack (SLACK_WEBHOOK_URL) when
 * configured. A failing channel is logged and counted, never thrown: a run never fails because
 * a notification did.
 */
@Injectable()
export class NotificationService {
  private readonly logger = new Logger(NotificationService.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async deliver(report: RunReport): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: [], failed: [] };
    const attempt = async (channel: string, send: () => Promise<void>) => {
      try {
        await send();
        result.sent.push(channel);
      } catch (error) {
        const message = (error as Error).message;
        this.logger.warn(`notification by ${channel} failed: ${message}`);
        result.failed.push({ channel, error: message });
      }
    };
    const { SMTP_HOST, ADMIN_EMAIL, SLACK_WEBHOOK_URL } = this.config;
    if (SMTP_HOST && ADMIN_EMAIL) await attempt('email', () => this.email(report));
    if (SLACK_WEBHOOK_URL) await attempt('slack', () => this.slack(SLACK_WEBHOOK_URL, report));
    return result;
  }

  /** An alert (incident, anomaly) through the same channels; never throws either. */
  alert(subject: string, lines: readonly string[]): Promise<DeliveryResult> {
    return this.deliver(formatAlert(subject, lines));
  }

  /** A notice (an anomaly): something to look at, not an outage. */
  notice(subject: string, lines: readonly string[]): Promise<DeliveryResult> {
    return this.deliver(formatNotice(subject, lines));
  }

  private async email(report: RunReport): Promise<void> {
    const c = this.config;
    const transport = nodemailer.createTransport({
      host: c.SMTP_HOST,
      port: c.SMTP_PORT,
      secure: c.SMTP_SECURE,
      auth: c.SMTP_USER ? { user: c.SMTP_USER, pass: c.SMTP_PASSWORD ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    try {
      await transport.sendMail({ from: c.SMTP_FROM, to: c.ADMIN_EMAIL, subject: report.subject, text: report.text });
    } finally {
      transport.close();
    }
  }

  private async slack(url: string, report: RunReport): Promise<void> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(report.slack),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}
