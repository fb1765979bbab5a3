"""The Pss of one process (kB → MiB) summed by kind of mapping: anonymous, [heap], shared memory
(memfd, /dev/shm), libraries, other files; and how many mappings of each. Used by
profile_stream.mjs (SMAPS=1) to see where a web process's growth lives."""
import sys,re,collections
pid=sys.argv[1]
cat=collections.Counter(); cnt=collections.Counter()
name=None
for line in open(f"/proc/{pid}/smaps"):
    m=re.match(r'^[0-9a-f]+-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$',line)
    if m:
        n=m.group(2).strip()
        if n=="" : name="anon"
        elif n.startswith("/memfd:") or "memfd" in n: name="memfd:"+n.split(":")[1].split(" ")[0][:20]
        elif n.startswith("/dev/shm"): name="shm"
        elif n.startswith("["): name=n
        elif ".so" in n: name="libs"
        else: name="file:"+n.split("/")[-1][:30]
        cnt[name]+=1
        continue
    if line.startswith("Pss:"):
        cat[name]+=int(line.split()[1])
print(" ".join(f"{k}={v//1024}M({cnt[k]})" for k,v in cat.most_common(8)))
