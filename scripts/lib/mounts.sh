# Shared by the fixture and scenario builders (sourced after they define
# log/die): cleanup of FUSE mounts and temporaries on exit, and `quiet`.
#
# Cleanup unmounts every ntfs-3g mount registered in MOUNT_DIRS/MOUNT_PIDS and
# waits for its process (ntfs-3g finishes writing the image only after the
# unmount), then removes every folder in TMP_DIRS.
MOUNT_DIRS=()
MOUNT_PIDS=()
TMP_DIRS=()
cleanup() {
  local i
  for i in "${!MOUNT_DIRS[@]}"; do
    if mountpoint -q "${MOUNT_DIRS[$i]}" 2>/dev/null; then
      fusermount -u "${MOUNT_DIRS[$i]}" 2>/dev/null || fusermount -u -z "${MOUNT_DIRS[$i]}" 2>/dev/null || true
    fi
    wait "${MOUNT_PIDS[$i]}" 2>/dev/null || true
  done
  for i in "${TMP_DIRS[@]}"; do rm -rf -- "$i"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# quiet CMD...: run a command quietly; on failure show its output and stop.
quiet() {
  local outp
  if ! outp=$("$@" 2>&1); then
    printf '%s\n' "$outp" >&2
    die "command failed: $*"
  fi
}
