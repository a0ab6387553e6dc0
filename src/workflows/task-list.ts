import {Listr, ListrLogger, type ListrTask, ProcessOutput} from 'listr2'

import type {AppContext} from '../context.js'

/** All progress goes to stderr: stdout carries the result alone (STYLE rule 6). */
const stderrLogger = () => new ListrLogger({processOutput: new ProcessOutput(process.stderr, process.stderr)})

/**
 * A listr2 task list with condamig's conventions: the renderer chosen by the CLI, progress on stderr,
 * no signal listeners of its own (the base command owns SIGINT/SIGTERM), failures collected, not thrown.
 */
export const createTaskList = <T>(
  ctx: Pick<AppContext, 'renderer'>,
  tasks: ListrTask<T>[],
  options: {concurrent?: number; exitOnError?: boolean} = {},
) =>
  new Listr<T, 'default' | 'simple' | 'silent' | 'test', 'simple'>(tasks, {
    renderer: ctx.renderer,
    fallbackRenderer: 'simple',
    rendererOptions: {logger: stderrLogger()},
    fallbackRendererOptions: {logger: stderrLogger()},
    registerSignalListeners: false,
    concurrent: options.concurrent ?? false,
    exitOnError: options.exitOnError ?? false,
    collectErrors: false,
  })
