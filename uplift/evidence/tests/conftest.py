import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every evidence test stores files in its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "private-media"
    return settings.MEDIA_ROOT
