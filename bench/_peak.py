"""Peak memory of the confined child that reads an upload (ingest.confined), for the benchmarks, without changing
ingest. The child is forked by a fork server, not by the benchmark's process, so neither that process's VmHWM nor
getrusage(RUSAGE_CHILDREN) sees it; and once confined (Landlock) it cannot open /proc/self/status.

`install()` (in the process that calls ingest_file, after Django is set up) makes the parent start its children
with `child_main_measured`: the real ingest.child.child_main, whose final message of a vector read, `D{}` (its
payload is ignored by the parent), carries the child's getrusage ru_maxrss (its own high-water RSS, the same
figure as VmHWM) instead. The parent's receive is wrapped to collect it: `reader_peaks_kib` lists one peak per
read. The fork server is started from this process with its sys.path, so it can import this module."""

import resource

import orjson

reader_peaks_kib: list[int] = []


class _Reporting:
    """The child's end of the pipe; adds the peak to the last message of a vector read."""

    def __init__(self, conn):
        self._conn = conn

    def send_bytes(self, data: bytes) -> None:
        if data == b"D{}":
            data = b"D" + orjson.dumps({"maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
        self._conn.send_bytes(data)

    def close(self) -> None:
        self._conn.close()


def child_main_measured(conn, job: dict) -> None:
    from ingest.child import child_main

    child_main(_Reporting(conn), job)


def install() -> None:
    import ingest.confined as confined

    receive = confined._Channel.receive

    def receive_recording(self, *, startup: bool = False) -> bytes:
        message = receive(self, startup=startup)
        if message[:1] == b"D" and b"maxrss_kib" in message:
            reader_peaks_kib.append(orjson.loads(message[1:])["maxrss_kib"])
        return message

    confined._Channel.receive = receive_recording
    confined.child_main = child_main_measured


def vmhwm_kib(pid: int | str = "self") -> int:
    """A process's peak resident memory (VmHWM), KiB."""
    with open(f"/proc/{pid}/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])


def forkserver_vmhwm_kib() -> int | None:
    """The fork server's own peak (it holds GDAL, PROJ and Arrow loaded; the reading children are forked from it)."""
    from multiprocessing import forkserver

    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    try:
        return vmhwm_kib(pid) if pid else None
    except (OSError, StopIteration):
        return None
