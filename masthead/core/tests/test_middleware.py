from masthead.core.middleware import client_address

PROXIES = frozenset({"127.0.0.1", "::1"})


def test_a_reader_behind_the_local_proxy_is_known_by_their_own_address():
    assert client_address("127.0.0.1", "203.0.113.7", PROXIES) == "203.0.113.7"


def test_addresses_a_client_wrote_itself_are_ignored():
    forged_then_real = "198.51.100.1, 203.0.113.7"
    assert client_address("127.0.0.1", forged_then_real, PROXIES) == "203.0.113.7"


def test_a_direct_client_cannot_claim_another_address():
    assert client_address("203.0.113.9", "198.51.100.1", PROXIES) == "203.0.113.9"


def test_without_the_header_the_proxy_address_stays():
    assert client_address("127.0.0.1", "", PROXIES) == "127.0.0.1"
