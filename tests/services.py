"""Real services started by a test on loopback: free ports, waiting for them, an S3 server."""

import contextlib
import json
import signal
import socket
import subprocess
import sys
import time

import pytest


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process=None, timeout=20.0, what="service"):
    """Wait until something accepts connections on the port; fail if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before it listened")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} s")


def stop(process, timeout=5.0, how=signal.SIGTERM):
    """Stop a process this test started, by its own handle."""
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class S3Server:
    """moto's S3 server with one bucket whose objects anyone may read, as for public photos.

    Its credentials are moto's: any key is accepted.
    """

    def __init__(self, bucket):
        pytest.importorskip("boto3")
        pytest.importorskip("moto.server", reason="moto[server] is in the dev extra")
        self.bucket = bucket
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def ready(self):
        """Wait for the server, create the bucket; return (endpoint URL, boto3 client)."""
        import boto3

        wait_for_port(self.port, self.process, what="moto's S3 server")
        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=self.bucket)
        public_read = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{self.bucket}/*",
                }
            ],
        }
        client.put_bucket_policy(Bucket=self.bucket, Policy=json.dumps(public_read))
        return self.endpoint, client

    def stop(self):
        if self.process is not None:
            stop(self.process, how=signal.SIGKILL)  # it keeps nothing worth a graceful stop


@contextlib.contextmanager
def s3_server(bucket):
    """Run an S3Server for the block; yields (endpoint URL, boto3 client)."""
    server = S3Server(bucket)
    server.start()
    try:
        yield server.ready()
    finally:
        server.stop()
