/**
 * The start of a shell installer as conda's constructor 3.x writes it: constructor/header.sh rendered for linux-64
 * (no min_glibc_version), up to the end of its option parsing; `exports` are its script_env_variables. What follows in a real one
 * is the install logic, `exit 0`, the `@@END_HEADER@@` line and the binary payload. `${…}` became `$…` (same shell).
 */
export const constructorHeader = (o: {
  name: string
  version: string
  platform: string
  exports?: Record<string, string>
}): string =>
  String.raw`#!/bin/sh
#
# Created by constructor 3.9.2
#
# NAME:  <NAME>
# VER:   <VER>
# PLAT:  <PLAT>
# MD5:   5c2d7a3b86b8e5b6a7b9bd3fbbd6b6e4

set -eu
unset LD_LIBRARY_PATH LD_PRELOAD LD_AUDIT

if ! echo "$0" | grep '\.sh$' > /dev/null; then
    printf 'Please run using "bash"/"dash"/"sh"/"zsh", but not "." or "source".\n' >&2
    exit 1
fi

# Export variables to make installer metadata available to pre/post install scripts
# NOTE: If more vars are added, make sure to update the examples/scripts tests too
<EXPORTS>export INSTALLER_NAME='<NAME>'
export INSTALLER_VER='<VER>'
export INSTALLER_PLAT='<PLAT>'
export INSTALLER_TYPE="SH"

# Installers should ignore pre-existing configuration files.
unset CONDARC
unset MAMBARC

THIS_DIR=$(DIRNAME=$(dirname "$0"); cd "$DIRNAME"; pwd)
THIS_FILE=$(basename "$0")
THIS_PATH="$THIS_DIR/$THIS_FILE"
export INSTALLER_PATH="$THIS_PATH"
PREFIX="$HOME/<NAME>"
BATCH=0
FORCE=0
KEEP_PKGS=0
SKIP_SCRIPTS=0
INIT_CONDA=0
TEST=0
REINSTALL=0
USAGE="
usage: $0 [options]

Installs $INSTALLER_NAME $INSTALLER_VER
-b           run install in batch mode (without manual intervention),
             it is expected the license terms (if any) are agreed upon
-f           no error if install prefix already exists
-h           print this help message and exit
-k           do not clear the package cache after installation
-p PREFIX    install prefix, defaults to $PREFIX, must not contain spaces.
-s           skip running pre/post-link/install scripts
-u           update an existing installation
"
while getopts "bifhkp:sut" x; do
    case "$x" in
        h)
            printf "%s\\n" "$USAGE"
            exit 2
        ;;
        b)
            BATCH=1
            ;;
        i)
            BATCH=0
            ;;
        f)
            FORCE=1
            ;;
        k)
            KEEP_PKGS=1
            ;;
        p)
            PREFIX="$OPTARG"
            ;;
        s)
            SKIP_SCRIPTS=1
            ;;
        u)
            FORCE=1
            ;;
        ?)
            printf "ERROR: did not recognize option '%s', please try -h\\n" "$x"
            exit 1
            ;;
    esac
done
`
    .replaceAll('<NAME>', o.name)
    .replaceAll('<VER>', o.version)
    .replaceAll('<PLAT>', o.platform)
    .replace(
      '<EXPORTS>',
      Object.entries(o.exports ?? {})
        .map(([key, value]) => `export ${key}='${value}'\n`)
        .join(''),
    )
