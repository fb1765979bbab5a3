"""launch.py OUT STDOUT STDERR -- CMD...: runs CMD, waits for it with os.wait4 and writes its
rusage to OUT as JSON (exit, utime, stime, maxrss_kib, and floor_kib).

Why a separate, tiny process (run as `python3 -S -I`, importing nothing but os): on Linux a
child's ru_maxrss starts from the resident size of the process that forked it (the forker's
high-water mark is carried across fork and exec), so a client started by the harness directly
would report at least the harness's own RSS. Forked from here, a client reports its own peak
exactly whenever that peak is above this launcher's (floor_kib, about 8 MiB).

Used by `peers.py run --spawn launcher` only: the default starts clients directly (see peers.py).
"""
import os
import sys


def hwm_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def main():
    out, stdout_path, stderr_path, sep, *cmd = sys.argv[1:]
    assert sep == "--" and cmd, __doc__
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    floor = hwm_kib()
    pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=[
        (os.POSIX_SPAWN_OPEN, 1, stdout_path, flags, 0o644),
        (os.POSIX_SPAWN_OPEN, 2, stderr_path, flags, 0o644)])
    _, status, ru = os.wait4(pid, 0)
    with open(out, "w") as f:
        f.write('{"exit": %d, "utime": %r, "stime": %r, "maxrss_kib": %d, "floor_kib": %d}'
                % (os.waitstatus_to_exitcode(status), ru.ru_utime, ru.ru_stime, ru.ru_maxrss,
                   floor))


main()
