import {readFileSync} from 'node:fs'
import {join} from 'node:path'

/**
 * `templates/condarc.yml`: the `.condarc` condamig writes into a root it installs. Lists are YAML flow sequences of
 * JSON strings (JSON is YAML), so any channel URL or path is quoted correctly and the template itself stays valid YAML.
 */
export type CondarcTokens = {
  /** `["conda-forge", "defaults"]` */
  channels_yaml: string
  channel_priority: string
  /** `["/pkg/conda/v4.8/pkgs"]` */
  pkgs_dirs_yaml: string
}

/** `templates/inventory-header.ini`: the top of a brand-new condamig.ini. */
export type InventoryHeaderTokens = {base: string; today: string}

/**
 * `templates/kernel.json`: a Jupyter kernel spec for an environment's python. The tokens sit inside JSON strings
 * (so the template is valid JSON) and their values are JSON-escaped string contents, without the quotes.
 */
export type KernelTokens = {python: string; display_name: string}

/** Each shipped template and the tokens it takes. */
export type TemplateTokens = {
  'condarc.yml': CondarcTokens
  'inventory-header.ini': InventoryHeaderTokens
  'kernel.json': KernelTokens
}
export type TemplateName = keyof TemplateTokens
export const TEMPLATE_NAMES: readonly TemplateName[] = ['condarc.yml', 'inventory-header.ini', 'kernel.json']

/** `{{name}}` is an escape for a literal `{name}`; `{name}` is a token. Other braces (JSON objects) are text. */
const PLACEHOLDER = /\{\{([A-Za-z_]\w*)\}\}|\{([A-Za-z_]\w*)\}/g

/**
 * Replaces every `{token}` in `text` with its value, in one pass (a value is never scanned for tokens). `{{word}}`
 * renders as `{word}`, which is how kernel.json keeps Jupyter's own `{connection_file}`. A token the template uses
 * but `tokens` lacks (or gives undefined) is an Error naming the template and the token.
 */
export const renderTemplate = (text: string, tokens: Record<string, string>, name: string): string =>
  text.replace(PLACEHOLDER, (_match, escaped: string | undefined, token: string) => {
    if (escaped !== undefined) return `{${escaped}}`
    if (!Object.hasOwn(tokens, token)) throw new Error(`template ${name}: unknown token {${token}}`)
    const value = tokens[token]
    if (value === undefined) throw new Error(`template ${name}: no value for token {${token}}`)
    return value
  })

/** Reads a template from the shipped `templates/` directory (the context passes `join(config.root, 'templates')`). */
export const loadTemplate = (templatesDir: string, name: string): string => {
  if (name.includes('/') || name.includes('\\') || name.startsWith('.')) throw new Error(`not a template name: ${name}`)
  try {
    return readFileSync(join(templatesDir, name), 'utf8')
  } catch (error) {
    throw new Error(`template ${name} could not be read from ${templatesDir}`, {cause: error})
  }
}

/** Loads and renders one shipped template with its typed token set. */
export const renderTemplateFile = <N extends TemplateName>(templatesDir: string, name: N, tokens: TemplateTokens[N]) =>
  renderTemplate(loadTemplate(templatesDir, name), tokens, name)

/** A YAML flow sequence of JSON strings, one line: `["a", "b"]`. */
const yamlList = (values: readonly string[]): string => `[${values.map((value) => JSON.stringify(value)).join(', ')}]`

/** The inside of a JSON string literal. */
const jsonStringContent = (value: string): string => JSON.stringify(value).slice(1, -1)

/**
 * Tokens for condarc.yml. No configured channels means `defaults`, which is what conda uses when `channels` is
 * unset, written out so the file says it. `pkgsDirs` lists the root's own `pkgs/` first (the caller may add a
 * per-user fallback such as `~/.conda/pkgs`, which conda expands). `flexible` priority by default: see the template.
 */
export const condarcTokens = (input: {
  channels: readonly string[]
  pkgsDirs: readonly string[]
  channelPriority?: 'flexible' | 'strict' | 'disabled'
}): CondarcTokens => {
  if (input.pkgsDirs.length === 0) throw new Error('condarcTokens: pkgsDirs is empty; pass the root’s own pkgs/')
  return {
    channels_yaml: yamlList(input.channels.length > 0 ? input.channels : ['defaults']),
    channel_priority: input.channelPriority ?? 'flexible',
    pkgs_dirs_yaml: yamlList(input.pkgsDirs),
  }
}

/** Tokens for kernel.json: the env's python (absolute path) and the name Jupyter shows, JSON-escaped. */
export const kernelTokens = (input: {python: string; displayName: string}): KernelTokens => ({
  python: jsonStringContent(input.python),
  display_name: jsonStringContent(input.displayName),
})

/** Tokens for inventory-header.ini; line breaks are flattened so a value cannot end the comment it sits in. */
export const inventoryHeaderTokens = (input: {base: string; today: string}): InventoryHeaderTokens => ({
  base: input.base.replaceAll(/[\r\n]+/g, ' '),
  today: input.today.replaceAll(/[\r\n]+/g, ' '),
})
