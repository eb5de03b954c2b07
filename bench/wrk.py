"""Run wrk, the HTTP load generator, and read its figures."""

import re
import subprocess
from pathlib import Path

DISTINCT = str(Path(__file__).resolve().parent / "distinct.lua")


def command(url, seconds, connections, threads=2, script=None):
    """Return the wrk command line; script: arguments of distinct.lua (every request distinct)."""
    threads = min(threads, connections)
    line = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        line += ["-s", DISTINCT, "--", *script]
    return line


def parse(out):
    """Return requests/s, requests, non-2xx answers and the 50th/99th percentile in ms."""
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.MULTILINE))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
    }


def measure(url, seconds, connections, threads=2, script=None):
    """Run wrk against url and return its figures (see parse)."""
    line = command(url, seconds, connections, threads, script)
    return parse(subprocess.run(line, capture_output=True, text=True, check=True).stdout)


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
