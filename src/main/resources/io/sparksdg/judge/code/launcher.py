# spark-sdg code sandbox launcher: runs solution.py then tests.py of the scratch directory
# (the working directory) under resource limits and writes one verdict line to stdout.
# argv: lockdown(0|1) uid timeout_s memory_mb fsize_mb nproc
import ctypes
import errno
import json
import os
import resource
import signal
import sys
import traceback

NONCE = os.environ.pop("SDG_NONCE", "")
OUT = os.dup(1)
MAIN = os.getpid()


def report(passed, reason, detail=""):
    if os.getpid() != MAIN:  # a child the candidate forked: only the launcher reports
        os._exit(1)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))  # room for this line after a flood
    line = json.dumps({"passed": passed, "reason": reason, "detail": detail[:400]})
    os.write(OUT, ("\n" + NONCE + " " + line + "\n").encode())
    os._exit(0)


def lockdown(scratch):
    """Every mount read-only but the scratch directory (in a private mount namespace)."""
    libc = ctypes.CDLL(None, use_errno=True)
    ms_rdonly, ms_remount, ms_bind, ms_rec = 1, 32, 4096, 16384
    if libc.mount(scratch.encode(), scratch.encode(), None, ms_bind | ms_rec, None) != 0:
        raise OSError(ctypes.get_errno(), "bind mount of the scratch directory")
    points = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            points.append((fields[4].replace("\\040", " "), fields[5]))
    for point, opts in points:
        if point == scratch or point.startswith("/proc") or "ro" in opts.split(","):
            continue
        flags = ms_remount | ms_bind | ms_rdonly
        for name, bit in (("nosuid", 2), ("nodev", 4), ("noexec", 8)):
            if name in opts.split(","):
                flags |= bit
        if libc.mount(None, point.encode(), None, flags, None) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "remount read-only of " + point + ": " + os.strerror(err))


def limit(timeout_s, memory_mb, fsize_mb, nproc):
    def set_limit(which, value):
        resource.setrlimit(which, (value, value))

    resource.setrlimit(resource.RLIMIT_CPU, (timeout_s, timeout_s + 2))
    set_limit(resource.RLIMIT_AS, memory_mb * 1024 * 1024)
    # the hard limit leaves room for the verdict line after output that hit the soft one
    resource.setrlimit(resource.RLIMIT_FSIZE, (fsize_mb << 20, (fsize_mb << 20) + 65536))
    set_limit(resource.RLIMIT_NOFILE, 64)
    if nproc > 0:  # counted per uid: only capped when the code runs as a uid of its own
        set_limit(resource.RLIMIT_NPROC, nproc)
    set_limit(resource.RLIMIT_CORE, 0)


def where(error, filename):
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    if not frames:
        return ""
    f = frames[-1]
    return " at %s:%d: %s" % (filename, f.lineno, (f.line or "").strip())


def describe(error, filename):
    text = str(error).strip().splitlines()
    return type(error).__name__ + (": " + text[0] if text else "") + where(error, filename)


def run(source, filename, scope, failing):
    try:
        code = compile(source, filename, "exec")
    except (SyntaxError, ValueError) as e:
        report(False, "error", describe(e, filename) + " (%s, line %s)" % (filename, getattr(e, "lineno", "?")))
    try:
        exec(code, scope)
    except MemoryError as e:
        report(False, "memory", describe(e, filename))
    except AssertionError as e:
        report(False, failing, describe(e, filename))
    except SystemExit as e:
        report(False, "error", "exit(%s) in %s before the tests finished" % (e.code, filename))
    except RecursionError as e:
        report(False, "error", describe(e, filename))
    except OSError as e:  # what the sandbox stopped: a write outside, the network, privileges
        stopped = e.errno in (errno.EROFS, errno.EACCES, errno.ENETUNREACH, errno.EPERM)
        stopped = stopped or type(e).__name__ == "gaierror"  # no name lookup without a network
        report(False, "sandbox-violation" if stopped else "error", describe(e, filename))
    except BaseException as e:  # the candidate's own failure, whatever it is
        report(False, "error", describe(e, filename))


def main():
    lock, uid, timeout_s, memory_mb, fsize_mb, nproc = sys.argv[1:7]
    scratch = os.getcwd()
    with open("solution.py", encoding="utf-8") as f:
        solution = f.read()
    with open("tests.py", encoding="utf-8") as f:
        tests = f.read()
    if lock == "1":
        lockdown(scratch)
        os.chdir(scratch)  # the working directory now on the writable bind mount
    if os.geteuid() == 0 and int(uid) > 0:
        os.chown(scratch, int(uid), int(uid))
        for name in os.listdir(scratch):
            os.chown(os.path.join(scratch, name), int(uid), int(uid))
        os.setgroups([])
        os.setgid(int(uid))
        os.setuid(int(uid))
    os.setpgid(0, 0)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an oversized write fails with EFBIG instead
    signal.signal(signal.SIGXCPU, lambda *_: report(False, "timeout", "over the CPU time limit"))
    limit(int(timeout_s), int(memory_mb), int(fsize_mb), int(nproc))
    scope = {"__name__": "__main__", "__builtins__": __builtins__}
    run(solution, "solution.py", scope, "error")
    run(tests, "tests.py", scope, "tests-failed")
    report(True, "passed")


main()
