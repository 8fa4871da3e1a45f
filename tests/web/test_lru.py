"""The LRU that keeps rendered pages and checklists."""

from travelprep.web.lru import LruCache


def test_keeps_the_most_recently_used():
    cache: LruCache[str] = LruCache(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # a is now the most recent
    cache.put("c", "C")
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == ("A", "C")
