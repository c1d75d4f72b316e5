"""Landlock (Linux ≥ 5.13) through ctypes: after `landlock_restrict`, the calling process and its children may open
only the paths given (read-only or read-write, with what lies beneath them) and, where the kernel's Landlock has
network rules (ABI ≥ 4), may neither connect nor bind TCP. Where the kernel or a container's seccomp refuses
Landlock, nothing is restricted and the function says so by returning False."""

import ctypes
import os
import struct
from pathlib import Path

CREATE_RULESET, ADD_RULE, RESTRICT_SELF = 444, 445, 446  # the same numbers on every Linux architecture
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
MAKE_ALL = sum(1 << bit for bit in range(4, 13))  # remove dir/file, make char/dir/reg/sock/fifo/block/sym
REFER, TRUNCATE = 1 << 13, 1 << 14
FILE_ONLY = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 where Landlock is absent or refused."""
    version = _libc.syscall(CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(int(version), 0)


def _handled(abi: int) -> int:
    rights = EXECUTE | WRITE_FILE | READ_FILE | READ_DIR | MAKE_ALL
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    return rights


def _add(ruleset: int, path: Path, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist here needs no rule
    try:
        if not path.is_dir():
            rights &= FILE_ONLY
        attr = ctypes.create_string_buffer(struct.pack("=Qi", rights, fd))
        if _libc.syscall(ADD_RULE, ruleset, RULE_PATH_BENEATH, attr, 0) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
    finally:
        os.close(fd)


def landlock_restrict(*, readable: list[Path], writable: list[Path]) -> bool:
    """Allow only `readable` (read and execute) and `writable` (everything) from now on, and no TCP where the
    kernel can say so; True when Landlock is in force, False when this system does not offer it."""
    abi = landlock_abi()
    if abi < 1:
        return False
    handled = _handled(abi)
    attr = struct.pack("=QQ", handled, NET_BIND_TCP | NET_CONNECT_TCP) if abi >= 4 else struct.pack("=Q", handled)
    buffer = ctypes.create_string_buffer(attr)
    ruleset = _libc.syscall(CREATE_RULESET, buffer, ctypes.c_size_t(len(attr)), 0)
    if ruleset < 0:
        return False
    try:
        for path in readable:
            _add(ruleset, Path(path), EXECUTE | READ_FILE | READ_DIR)
        for path in writable:
            _add(ruleset, Path(path), handled)
        if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
        if _libc.syscall(RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return True
