/**
 * The package URLs of `conda list --explicit [--md5]` (an @EXPLICIT file), in install order, with their
 * `#md5` suffix when asked for. Comments and the `@EXPLICIT` marker are skipped.
 */
export const parseExplicitList = (stdout: string): string[] =>
  stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#') && line !== '@EXPLICIT')
