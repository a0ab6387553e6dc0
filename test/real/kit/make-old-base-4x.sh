#!/usr/bin/env bash
# Builds, with REAL conda 4.3.22 from ../shared/realconda, the world of the ISRDI write-up's own migration in WORK:
#   WORK/channel, channel-new, mpc, wheels     the kit's old-tag channels (make-channel.py --old)
#   WORK/old.sh, WORK/new.sh                   installers: conda 4.3.22 (channel) / 4.8.5 (channel-new)
#   WORK/base/v4.3                             the old root, its four envs made by real conda 4.3.22 and pip 9
#   WORK/base/current -> v4.3, kernels/, noarch_packages.txt, condamig.ini (the write-up's, plus [condamig])
# Usage: make-old-base-4x.sh KIT WORK      Environment of every conda/pip call: WORK/home, PIP_NO_INDEX.
# A 4.3 create takes 10-12 s here: the envs are the write-up's four and no more.
set -euo pipefail
KIT=$1 W=$2
mkdir -p "$W/home" "$W/base/kernels"
python3 "$KIT/make-channel.py" --old --rc "$W" --mpc "$W/mpc" >/dev/null
bash "$KIT/make-installer.sh" 4.3.22 "$W/old.sh" "file://$W/channel" >/dev/null
bash "$KIT/make-installer.sh" 4.8.5 "$W/new.sh" "file://$W/channel-new" >/dev/null
OLD=$W/base/v4.3
bash "$W/old.sh" -b -p "$OLD" >/dev/null
ln -s v4.3 "$W/base/current"

run() { env -i HOME="$W/home" PATH=/usr/bin:/bin PIP_NO_INDEX=1 PIP_FIND_LINKS="$W/wheels" \
        PIP_DISABLE_PIP_VERSION_CHECK=1 "$@"; }
conda() { run "$OLD/bin/conda" "$@" >/dev/null; }
pip() { local env=$1; shift; run "$OLD/envs/$env/bin/python" -m pip install -q "$@"; }

# the local noarch package hlinkutils from the internal channel, and a pip-only package
conda create -y -p "$OLD/envs/hlink" -c "file://$W/mpc" -c "file://$W/channel" python=3.6 pip hlinkutils=0.4.1
pip hlink hlink-client==1.0.0
# numpy 1.13.1 is not in channel-new: replicate fails it (missing_package) until an override moves it on
conda create -y -p "$OLD/envs/nhis_reformat" python=3.6 numpy=1.13.1
conda create -y -p "$OLD/envs/super_important_jupyter_kernel" python=3.6 ipykernel
conda create -y -p "$OLD/envs/old_not_used" python=3.6 six=1.10.0

mkdir -p "$W/base/kernels/super_important_jupyter_kernel"
cat > "$W/base/kernels/super_important_jupyter_kernel/kernel.json" <<JSON
{"argv": ["$W/base/current/envs/super_important_jupyter_kernel/bin/python", "-m", "ipykernel_launcher",
          "-f", "{connection_file}"],
 "display_name": "Python (super important)", "language": "python"}
JSON
echo hlinkutils > "$W/base/noarch_packages.txt"
# the write-up's inventory unchanged (CONTRACT §2), after condamig's settings for this base
cat > "$W/base/condamig.ini" <<INI
[condamig]
noarch_packages = noarch_packages.txt
kernels_dir = kernels
channel_map = file://$W/channel=file://$W/channel-new

[environments]
# v4.3 environments as of 2020-10-19
# keep
hlink = REPLICATE
nhis_reformat = REPLICATE
super_important_jupyter_kernel = REPLICATE
# do not migrate
old_not_used = export
INI
