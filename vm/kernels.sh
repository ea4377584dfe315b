# Sourced by the vm/ scripts: the kernels the test VM can boot, and where each is cached.
# A kernel is named by its series; each is Debian's stock kernel of the suites listed,
# the one linux-image-amd64 points to there (so security updates move it forward).
ISOTP_VM_KERNELS="5.10 6.1 6.12"   # every kernel the project claims; vm/test-all.sh runs each
ISOTP_VM_DEFAULT_KERNEL=6.1
ISOTP_VM_CACHE_DIR=${ISOTP_VM_CACHE:-$HOME/.cache/isotp-channels/vm}

# kernel_suites SERIES: the Debian suites (archive/suite) its kernel is fetched from.
kernel_suites() {
  case "$1" in
    5.10) echo "debian/bullseye debian-security/bullseye-security" ;;   # Debian 11
    6.1) echo "debian/bookworm debian-security/bookworm-security" ;;    # Debian 12
    6.12) echo "debian/bookworm-backports" ;;                             # Debian 12 backports
    *) return 1 ;;
  esac
}

# kernel_dir SERIES: the cache directory of that kernel (unpacked package, vmlinuz, initramfs).
kernel_dir() { echo "$ISOTP_VM_CACHE_DIR/kernels/$1"; }

# check_kernel SERIES: fails with a message naming the known series.
check_kernel() {
  kernel_suites "$1" >/dev/null || { echo "unknown kernel '$1': one of $ISOTP_VM_KERNELS" >&2; return 1; }
}
