"""`make bench` reads wrk's report: exact percentiles in any unit, errors of every kind."""

from bench.load import milliseconds, parse_wrk

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
    assert load.created == 11
