import { roomId } from '@tribune/contracts';
import { z } from 'zod';
import { ROLES } from '../../../access/principal';

export const role = z.enum(ROLES);
/** A moderator's rooms (empty = every room); ignored for other roles. */
export const roomScope = z.array(roomId).max(200).default([]);

export const operatorView = z.object({
  id: z.string(),
  email: z.string(),
  role,
  rooms: z.array(z.string()),
  mustChangePassword: z.boolean(),
  disabledAt: z.date().nullable(),
  createdAt: z.date(),
});
export const sessionView = z.object({
  id: z.string(),
  operatorId: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

export const listOperatorsOutput = z.array(operatorView.extend({ activeSessions: z.number().int() }));
export const createOperatorInput = z.object({ email: z.string().trim().email().max(200), role, rooms: roomScope });
/** The temporary password is shown once; the operator must change it at first login. */
export const withTemporaryPassword = z.object({ operator: operatorView, temporaryPassword: z.string() });
export const updateOperatorInput = z.object({ id: z.string().min(1), role, rooms: roomScope });
export const setOperatorDisabledInput = z.object({ id: z.string().min(1), disabled: z.boolean() });
export const operatorIdInput = z.object({ id: z.string().min(1) });
export const listSessionsInput = z.object({ operatorId: z.string().min(1).optional() });
export const listSessionsOutput = z.array(sessionView.extend({ current: z.boolean() }));
