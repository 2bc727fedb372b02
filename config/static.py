"""Static files: WhiteNoise's compressed files under hashed names."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed static files, each file's address worked out once per process.

    The manifest is read when the storage is made and stays as it is until
    the next deployment restarts the process; every page asks for the same
    few addresses (style sheets, script, font, icon).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
