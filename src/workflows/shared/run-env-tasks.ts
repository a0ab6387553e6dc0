import type {AppContext} from '../../context.js'
import {createTaskList} from '../task-list.js'

/** What one env's work reports to its task row. */
export type TaskReporter = {output: (line: string) => void; title: (title: string) => void}

/** One env's result; `failed` marks the task row as failed (the batch goes on). */
export type EnvTaskResult<T> = {value: T; failed?: string}

/**
 * Runs `work` for each env, `concurrency` at a time, as one listr2 task per env (STYLE §9): a failure marks
 * its row and the batch goes on; once interrupted, envs not yet started are skipped (their result is absent).
 */
export const runEnvTasks = async <T>(
  ctx: Pick<AppContext, 'renderer' | 'signal'>,
  names: readonly string[],
  options: {concurrency: number; title: (name: string) => string},
  work: (name: string, report: TaskReporter) => Promise<EnvTaskResult<T>>,
): Promise<Map<string, T>> => {
  const results = new Map<string, T>()
  const tasks = names.map((name) => ({
    title: options.title(name),
    skip: () => ctx.signal.aborted && 'interrupted: not started',
    task: async (_: unknown, task: {output: string; title: string}) => {
      const {value, failed} = await work(name, {
        output: (line) => (task.output = line),
        title: (title) => (task.title = title),
      })
      results.set(name, value)
      if (failed) throw new Error(failed)
    },
  }))
  await createTaskList(ctx, tasks, {concurrent: Math.max(1, options.concurrency), exitOnError: false}).run()
  return results
}
