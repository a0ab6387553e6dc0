#!/usr/bin/env bash
# Builds, with REAL conda from ../shared/realconda, the world of the real-conda suite in WORK:
#   WORK/channel, channel-new, mpc, wheels, git/   the kit's channels (make-channel.py)
#   WORK/old.sh, WORK/new.sh                       installers: conda OLD_TAG (default 23.7.4) / NEW_TAG (26.7.1)
#   WORK/base/v23.7                                the old root, its envs made by real conda and pip
#   WORK/base/current -> v23.7, kernels/, condamig.ini ([condamig] settings only: inventory --write adds the envs)
# Usage: make-old-base.sh KIT WORK        Environment of every conda/pip call: WORK/home, PIP_NO_INDEX.
set -euo pipefail
KIT=$1 W=$2 OLD_TAG=${OLD_TAG:-23.7.4} NEW_TAG=${NEW_TAG:-26.7.1}
mkdir -p "$W/home" "$W/base/kernels"
python3 "$KIT/make-channel.py" --rc "$W" --mpc "$W/mpc" >/dev/null
bash "$KIT/make-installer.sh" "$OLD_TAG" "$W/old.sh" "file://$W/channel" >/dev/null
bash "$KIT/make-installer.sh" "$NEW_TAG" "$W/new.sh" "file://$W/channel-new" >/dev/null
OLD=$W/base/v23.7
bash "$W/old.sh" -b -p "$OLD" >/dev/null
ln -s v23.7 "$W/base/current"

# wheels only the old host had (pip_error in qa), and the git repo at the place it lived then (git_manual in qa)
mkdir -p "$W/old-wheels"
python3 - "$W/old-wheels" <<'PY'
import sys, zipfile, hashlib, base64
d = sys.argv[1]; name, ver = "legacy_tool", "1.0"
files = {f"{name}/__init__.py": f"__version__ = '{ver}'\n",
         f"{name}-{ver}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: legacy-tool\nVersion: {ver}\n",
         f"{name}-{ver}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: condamig-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
rec = []
with zipfile.ZipFile(f"{d}/{name}-{ver}-py3-none-any.whl", "w") as z:
    for p, t in files.items():
        z.writestr(p, t); h = base64.urlsafe_b64encode(hashlib.sha256(t.encode()).digest()).rstrip(b"=").decode()
        rec.append(f"{p},sha256={h},{len(t)}")
    rec.append(f"{name}-{ver}.dist-info/RECORD,,"); z.writestr(f"{name}-{ver}.dist-info/RECORD", "\n".join(rec) + "\n")
PY
cp -r "$W/git/hlink-private" "$W/git/moved-away"

run() { env -i HOME="$W/home" PATH=/usr/bin:/bin PIP_NO_INDEX=1 PIP_FIND_LINKS="$W/wheels $W/old-wheels" \
        PIP_DISABLE_PIP_VERSION_CHECK=1 "$@"; }
conda() { run "$OLD/bin/conda" "$@" >/dev/null; }
pip() { local env=$1; shift; run "$OLD/envs/$env/bin/python" -m pip install -q "$@"; }

conda create -y -p "$OLD/envs/plain" python=3.11 numpy=1.26.4 pandas=2.1.4 requests
# pip replaces conda's six 1.15.0 (its conda-meta record stays): conda deletes such a record when it reads the env
conda create -y -p "$OLD/envs/pipwheels" python=3.11 pip six=1.15.0
pip pipwheels hlink-client==1.1.0 internal-tools==2.3.0 six==1.16.0
conda create -y -p "$OLD/envs/gitpkg" python=3.11 pip
pip gitpkg "git+file://$W/git/hlink-private@v0.2.0#egg=hlink-private"
conda create -y -p "$OLD/envs/hlink" -c "file://$W/mpc" -c "file://$W/channel" python=3.11 pip numpy=1.26.4 hlinkutils=0.4.1
pip hlink hlink-client==1.0.0
conda create -y -p "$OLD/envs/jupyter" python=3.11 ipykernel=6.28.0
conda create -y -p "$OLD/envs/legacy_numpy" python=3.11 numpy=1.24.4
conda create -y -p "$OLD/envs/legacy_pip" python=3.11 pip
pip legacy_pip legacy-tool==1.0 hlink-client==1.1.0
conda create -y -p "$OLD/envs/gitmoved" python=3.10 pip
pip gitmoved "git+file://$W/git/moved-away@v0.1.0#egg=hlink-private"
rm -rf "$W/git/moved-away"
conda create -y -p "$OLD/envs/webtools" python=3.11 requests=2.28.1
conda create -y -p "$OLD/envs/old_not_used" python=3.10 six=1.15.0

mkdir -p "$W/base/kernels/jupyter"
cat > "$W/base/kernels/jupyter/kernel.json" <<JSON
{"argv": ["$W/base/current/envs/jupyter/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
 "display_name": "Python (jupyter)", "language": "python"}
JSON
echo hlinkutils > "$W/base/noarch_packages.txt"
cat > "$W/base/condamig.ini" <<INI
[condamig]
noarch_packages = noarch_packages.txt
kernels_dir = kernels
INI
