import type {FlipRecord, FlipStep} from '../../domain/flip.js'

/** One line per step of a flip transaction, in order, for the dry run, the prompt and the result. */
export const describeSteps = (record: FlipRecord, steps: readonly FlipStep[]): string[] =>
  steps.map((step) => {
    switch (step.kind) {
      case 'journal':
        return `journal: ${record.action} ${record.from} -> ${record.to} (${step.phase}) in .condamig/history.jsonl`
      case 'flip':
        return `${step.link} -> ${step.target} (a temporary link renamed into place)`
      case 'remove':
        return `remove ${step.link}`
      case 'remove-temp':
        return `remove the stray temporary link ${step.name}`
    }
  })
