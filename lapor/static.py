"""Static files as production serves them, in every mode that collects them (`make run` too)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    """Hashed names, so each file may be cached for a year, and brotli/gzip copies — also
    under DEBUG, where Django would hand out the plain names (revalidated on every visit)."""

    def url(self, name, force=False):
        return super().url(name, force=True)
