import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const roles = ['viewer', 'approver', 'admin'] as const;
export type Role = (typeof roles)[number];

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { unique: true }) username!: string;
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('text') role!: Role;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
