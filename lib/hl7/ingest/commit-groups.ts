import "server-only";
import { dbPool } from "@/lib/db/client";
import { isConnectionFailure } from "@/lib/db/connection-failure";
import { inSqlTransaction, type SqlRunner } from "@/lib/db/sql-transaction";
import { Prisma } from "@/lib/generated/prisma/client";

/** One unit of work that commits with others: tried under its own savepoint inside a shared transaction. */
export interface GroupedWork<T> {
  attempt(run: SqlRunner): Promise<T>;
  /**
   * After `error` rolled this work back to its savepoint (the others in the group keep theirs): "again" to try it
   * once more in this transaction (it has changed itself, e.g. to store the failure), "later" for the next group
   * (another transaction's rows it raced must be committed first), or the error to reject it with.
   */
  recover(error: unknown): "again" | "later" | Error;
}

interface Pending {
  work: GroupedWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const SAVEPOINT = Prisma.sql`SAVEPOINT grouped_work`;
const ROLLBACK_TO_SAVEPOINT = Prisma.sql`ROLLBACK TO SAVEPOINT grouped_work`;

/**
 * Commits concurrently arriving work together: whatever is waiting when a transaction starts goes into it, each
 * piece under its own savepoint, and one COMMIT (one WAL flush) makes them all durable. Each piece is resolved only
 * after that commit; a failed commit rejects them all, so nothing is reported done that was not committed.
 */
export class CommitGroups {
  private readonly queue: Pending[] = [];
  private running = 0;

  constructor(
    private readonly maxGroupSize: number,
    private readonly transactions: number,
  ) {}

  submit<T>(work: GroupedWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.transactions && this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroupSize);
      this.running += 1;
      void this.commit(group).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async commit(group: Pending[]): Promise<void> {
    const done: [Pending, unknown][] = [];
    const refused: [Pending, Error][] = [];
    const later: Pending[] = [];
    try {
      await inSqlTransaction(dbPool(), async (run) => {
        for (const pending of group) await this.attempt(run, pending, done, refused, later);
      });
    } catch (error) {
      for (const pending of group) pending.reject(error);
      return;
    }
    for (const [pending, value] of done) pending.resolve(value);
    for (const [pending, error] of refused) pending.reject(error);
    this.queue.push(...later);
  }

  private async attempt(run: SqlRunner, pending: Pending, done: [Pending, unknown][], refused: [Pending, Error][], later: Pending[]): Promise<void> {
    for (;;) {
      await run(SAVEPOINT);
      try {
        done.push([pending, await pending.work.attempt(run)]);
        return;
      } catch (error) {
        // A broken connection fails the whole group: none of it is committed, none of it is reported done.
        if (isConnectionFailure(error)) throw error;
        await run(ROLLBACK_TO_SAVEPOINT);
        const next = pending.work.recover(error);
        if (next === "again") continue;
        if (next === "later") later.push(pending);
        else refused.push([pending, next]);
        return;
      }
    }
  }
}
