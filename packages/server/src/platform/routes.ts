import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../db/database.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Sender } from './outbox.js';
import type { Reads } from './reads.js';

/** The Fastify instance as modules see it: zod schemas type the handlers. */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** What every module gets from buildApp. */
/** `wakeOutbox` nudges the outbox worker after a commit that queued a delivery (absent in tests: they drain it themselves). */
/** `reads`: where read-only questions (exploration, dashboards, oversight) go — the replica or `db` (platform/reads.ts). */
export type Deps = { db: Db; clock: Clock; config: Config; sender: Sender | null; wakeOutbox?: () => void; reads: Reads };

