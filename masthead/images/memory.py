"""Memory a worker gives back after it makes renditions.

Decoding a 12 MP photo takes 36 MB, and each crop, turn and resize another buffer of
that order. glibc serves blocks that size from its heaps once its moving threshold has
grown past them, and a heap rarely shrinks: a worker that had made renditions kept
several hundred MB it no longer used. With a fixed threshold, each such block is a
mapping of its own, handed back to the kernel when freed (bench/renditions.py).
"""

import ctypes

M_MMAP_THRESHOLD = -3  # mallopt's parameter number, from glibc's malloc.h


def return_large_blocks(threshold: int) -> bool:
    """Serve allocations of `threshold` bytes or more with their own mappings; False when
    the threshold is 0 (glibc's own moving threshold kept) or the C library is not glibc."""
    if threshold <= 0:
        return False
    try:
        mallopt = ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return False
    return mallopt(M_MMAP_THRESHOLD, threshold) == 1
