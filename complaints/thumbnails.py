"""A photo's thumbnail, made the first time a page asks for it.

Making it while the citizen waited cost a 1 MB photo's whole decode (about two thirds of a
filing's CPU); most thumbnails are asked for minutes later, by the coordinator's workbench or
the tracking page, and some never. The first request reads the stored image (already upright
and without metadata, on the local disk or object storage), stores the thumbnail beside it and
records it on the attachment; two first requests at once each make one, and the one recorded
second deletes its own.
"""

import logging

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile

from complaints import uploads
from complaints.models import Attachment

logger = logging.getLogger(__name__)


def thumbnail_of(attachment: Attachment) -> FieldFile | None:
    """The attachment's stored thumbnail, made now when it has none; None for a PDF or a
    picture that cannot be read (the caller serves the file itself)."""
    if attachment.kind != Attachment.Kind.IMAGE:
        return None
    if attachment.thumbnail:
        return attachment.thumbnail
    try:
        with attachment.file.open("rb") as stored:
            small = uploads.thumbnail_bytes(stored.read())
    except Exception:  # Pillow raises many kinds; the page then shows the photo itself
        logger.warning("No thumbnail for attachment %s: its picture could not be read",
                       attachment.pk, exc_info=True)
        return None
    field = attachment.thumbnail
    name = field.storage.save(field.field.generate_filename(attachment, "t.jpg"),
                              ContentFile(small))
    if Attachment.objects.filter(pk=attachment.pk, thumbnail="").update(thumbnail=name):
        field.name = name
    else:  # another request recorded its thumbnail first
        field.storage.delete(name)
        attachment.refresh_from_db(fields=["thumbnail"])
    return attachment.thumbnail
