"""Going on without a failing service: circuit breakers, and a cache that outlives Redis.

Generic machinery, like the page cache: it imports nothing else of Masthead's.
"""
