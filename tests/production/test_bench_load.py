"""`make bench` reads wrk's report: exact percentiles in any unit, errors of every kind."""

from bench.load import Load, median_load, milliseconds, parse_wrk

REPORT = """Running 15s test @ http://127.0.0.1:8000/search/?q=talks
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.48s   383.29ms   1.97s    57.14%
  Latency Distribution
     50%    1.30s 
     75%    1.92s 
     90%    1.97s 
     99%  720.00us
  13 requests in 3.11s, 127.00KB read
  Socket errors: connect 0, read 1, write 0, timeout 6
  Non-2xx or 3xx responses: 2
Requests/sec:      4.18
Transfer/sec:     40.87KB
created 11
"""


def test_latencies_are_read_in_milliseconds_whatever_unit_wrk_chose():
    assert milliseconds("720.00us") == 0.72
    assert milliseconds("1.30s") == 1300.0
    assert milliseconds("2.50ms") == 2.5


def test_a_report_gives_throughput_percentiles_errors_and_created_posts():
    load = parse_wrk("search", REPORT)
    assert load.requests_per_second == 4.18
    assert load.p50_ms == 1300.0
    assert load.p99_ms == 0.72
    assert load.requests == 13
    assert load.errors == 2 + 7
    assert load.error_kinds == {"non-2xx": 2, "read": 1, "timeout": 6}
    assert load.created == 11


def test_several_runs_add_up_their_errors_by_kind():
    runs = [
        Load("front", 10.0, 1.0, 2.0, 100, 1, error_kinds={"timeout": 1}),
        Load("front", 30.0, 3.0, 4.0, 100, 2, error_kinds={"timeout": 1, "read": 1}),
        Load("front", 20.0, 2.0, 3.0, 100, 0),
    ]
    load = median_load("front", runs)
    assert (load.requests_per_second, load.p50_ms, load.p99_ms) == (20.0, 2.0, 3.0)
    assert (load.requests, load.errors) == (300, 3)
    assert load.error_kinds == {"timeout": 2, "read": 1}
