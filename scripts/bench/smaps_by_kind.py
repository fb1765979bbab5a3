"""The PSS of one process summed by kind of mapping (anonymous, [heap] and the other bracketed
ones, memfd and /dev/shm shared memory, libraries, other files by name), in MiB, with how many
mappings of each: the eight largest. Used by profile_stream.mjs (SMAPS=1) to see where a web
process's growth lives.

    python3 smaps_by_kind.py PID
"""
import collections
import re
import sys

HEADER = re.compile(r"^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$")


def kind(path: str) -> str:
    if path == "":
        return "anon"
    if "memfd:" in path:
        return "memfd"
    if path.startswith("/dev/shm"):
        return "shm"
    if path.startswith("["):
        return path
    if ".so" in path:
        return "libs"
    return "file:" + path.rsplit("/", 1)[-1][:30]


pss = collections.Counter()
count = collections.Counter()
current = None
with open(f"/proc/{sys.argv[1]}/smaps") as smaps:
    for line in smaps:
        m = HEADER.match(line)
        if m:
            current = kind(m.group(1).strip())
            count[current] += 1
        elif line.startswith("Pss:"):
            pss[current] += int(line.split()[1])
print(" ".join(f"{k}={v // 1024}M({count[k]})" for k, v in pss.most_common(8)))
