"""HTTP validators: when a client's held copy counts as current, and which answers may be cached."""

import pytest
from chalice import Blueprint

from certtrack.web import caching, route


def test_a_held_copy_is_current_only_when_its_tag_is_named():
    tag = caching.etag(b'{"items":[]}')
    assert caching.not_modified(tag, tag)
    assert caching.not_modified(f'"other", W/{tag}', tag)  # a list, and a weak form of the same tag
    assert caching.not_modified("*", tag)
    assert not caching.not_modified(None, tag)
    assert not caching.not_modified(caching.etag(b'{"items":[1]}'), tag)


def test_an_answer_behind_the_authorizer_cannot_be_made_cacheable():
    with pytest.raises(ValueError, match="only a public answer"):
        route(Blueprint(__name__), "/me/anything", max_age=60)
