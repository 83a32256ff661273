"""A process's peak resident memory, as the benches print it (Linux /proc).

getrusage's ru_maxrss survives exec: every child started by a bench process that had grown
to 254 MB reported at least 254 MB, whatever it used itself (seen in `make bench` on
6 December 2026: the recap, the talent exports and the coverage download all "254 MB").
VmHWM belongs to the process's memory map, which exec replaces; `reset()` starts it again
for a bench that runs inside a process that has done other work."""

from pathlib import Path


def peak_mb(pid: int | str = "self") -> float:
    """The peak resident size of the process (this one by default), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


def reset() -> None:
    """Start this process's peak again from its present size (Linux 4.0 and later)."""
    Path("/proc/self/clear_refs").write_text("5")
