import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '../common/decimal.scalar';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@ObjectType()
@Entity('suppliers')
export class Supplier {
  @Field(() => ID) @PrimaryGeneratedColumn('uuid') id!: string;
  @Field() @Column('text', { unique: true }) name!: string;
  @Field(() => String, { nullable: true }) @Column('text', { name: 'contact_email', nullable: true }) contactEmail!: string | null;
  @Field(() => Int) @Column('integer', { name: 'default_lead_time_days' }) defaultLeadTimeDays!: number;
  /** numeric, kept as a string by pg */
  @Field(() => DecimalScalar) @Column('numeric', { name: 'lead_time_std_days' }) leadTimeStdDays!: string;
  /** Days between order opportunities: 1 when the supplier takes orders daily, 7 weekly. */
  @Field(() => Int) @Column('integer', { name: 'review_period_days' }) reviewPeriodDays!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
