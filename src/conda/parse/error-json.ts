import {pipErrorLines, pipErrorPackages, pipSectionOfConda} from '../../pip/parse/pip-error.js'
import {
  channelsFromText,
  conflictingSpecsFromChains,
  conflictingSpecsFromText,
  missingPackagesFromText,
} from './error-packages.js'
import {type JsonObject, lastJsonObject, stringField, stringsField} from './json-documents.js'
import {parseTextError, summariseMessage} from './text-error.js'

/** An error conda reported, from its JSON error document or its text output. */
export type ParsedCondaError = {
  exceptionName: string
  /** Starts with `Name: `; the lines that say what went wrong. */
  message: string
  packages: string[]
  channelUrls: string[]
  source: 'json' | 'text'
}

const NOT_FOUND = /NotFound/
const firstNonEmpty = (...lists: string[][]): string[] => lists.find((list) => list.length > 0) ?? []

/** Specs at fault, from the per-type fields of the document, else from the message text. */
const packagesOf = (name: string, body: string, document?: JsonObject): string[] =>
  firstNonEmpty(
    stringsField(document, 'packages'),
    stringsField(document, 'bad_deps'),
    conflictingSpecsFromChains(document?.unsatisfiable),
    NOT_FOUND.test(name) ? missingPackagesFromText(body) : [],
    name.includes('Unsatisfiable') ? conflictingSpecsFromText(body) : [],
  )

const fromDocument = (document: JsonObject, name: string): ParsedCondaError => {
  const error = stringField(document, 'error') ?? ''
  // 23.7.4's ParserError document has no `message`, and its `error` is a repr: `ParserError('while parsing…')`
  const body = stringField(document, 'message') ?? error.replace(new RegExp(`^${name}(?::\\s*|\\((.*)\\)$)`, 's'), '$1')
  const channelUrl = stringField(document, 'channel_url')
  return {
    exceptionName: name,
    message: summariseMessage(`${name}: ${body.trim()}`),
    packages: packagesOf(name, body, document),
    channelUrls: firstNonEmpty(
      stringsField(document, 'channel_urls'),
      channelUrl ? [channelUrl] : [],
      channelsFromText(body),
    ),
    source: 'json',
  }
}

const errorDocument = (text: string): JsonObject | undefined => {
  const document = lastJsonObject(text)
  return typeof document?.exception_name === 'string' ? document : undefined
}

/** `CondaEnvException: Pip failed` says nothing; pip's own error is on stderr before it (README point 7). */
const withPipSection = (parsed: ParsedCondaError, stderr: string): ParsedCondaError => {
  const section = pipSectionOfConda(stderr)
  if (section === undefined) return parsed
  const lines = pipErrorLines(section)
  return {
    ...parsed,
    message: [parsed.message, ...lines].join('\n'),
    packages: firstNonEmpty(pipErrorPackages(section), parsed.packages),
  }
}

/**
 * Reads the error conda reported. stdout FIRST: with `--json`, conda writes its error document to stdout
 * when the exit code is non-zero (to stderr when it is 0, e.g. CondaExitZero); then stderr's document;
 * then the text forms (`XxxError: …` on stderr, unhandled tracebacks). undefined when there is none.
 */
export const parseCondaError = (output: {stdout: string; stderr: string}): ParsedCondaError | undefined => {
  const document = errorDocument(output.stdout) ?? errorDocument(output.stderr)
  let parsed: ParsedCondaError | undefined
  if (document) parsed = fromDocument(document, String(document.exception_name))
  else {
    const text = parseTextError(output.stderr) ?? parseTextError(output.stdout)
    if (text) {
      const {exceptionName, message, detail} = text
      const packages = packagesOf(exceptionName, detail)
      parsed = {exceptionName, message, packages, channelUrls: channelsFromText(detail), source: 'text'}
    }
  }

  return parsed && withPipSection(parsed, output.stderr)
}
