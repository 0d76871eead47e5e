"""Reading a multipart/form-data body (a filed report, a reply with a photo) faster than Django.

Django's MultiPartParser reads every part through layers of Python streams and parses each
part's headers with the e-mail package: a filing's dozen fields cost more than its SQL. The
`multipart` library (Bottle's parser, kept on PyPI) splits a body ten times faster. It is used
only where it cannot give another result than Django's parser would:

- a body of at most FILE_UPLOAD_MAX_MEMORY_SIZE, read whole (Django would keep its file in
  memory as well); a longer one streams through Django's parser as before;
- parts with only a Content-Disposition and a Content-Type header, in ASCII; a plain field's
  `form-data; name="..."` is read by a pattern, any other header value by Django's own
  function, so a file's name, type and charset are exactly Django's;
- within Django's limits on the number of fields and files and the fields' size.

Anything else — a malformed body, a Content-Transfer-Encoding, a name in another script, a
limit exceeded — is read by Django's parser from the same bytes, so its rules and its errors
(RequestDataTooBig, TooManyFieldsSent, …) stay the only ones.
"""

import io
import re

import multipart
from django.conf import settings
from django.core.files.uploadhandler import SkipFile, StopFutureHandlers, StopUpload
from django.http import QueryDict
from django.http.multipartparser import MAX_TOTAL_HEADER_SIZE, MultiPartParser
from django.utils.datastructures import MultiValueDict
from django.utils.encoding import force_str
from django.utils.http import parse_header_parameters

# What browsers send for a text field (and for a file input left empty, which Django reads as
# an empty field): no quote or backslash inside the name, nothing to unescape.
PLAIN_FIELD = re.compile(r'form-data; name="([ !#-\[\]-~]*)"(?:; filename="")?')
KNOWN_HEADERS = {"Content-Disposition", "Content-Type"}


class FormDataParser(MultiPartParser):
    def _parse(self):
        if not 0 < self._content_length <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
            return super()._parse()
        body = self._input_data.read(self._content_length)
        self._input_data = io.BytesIO(body)  # what Django's parser reads, when it is asked to
        parts = _plain_parts(body, self._boundary, self._content_length)
        if parts is None or not _within_limits(parts):
            return super()._parse()
        for handler in self._upload_handlers:
            result = handler.handle_raw_input(self._input_data, self._meta,
                                              self._content_length, self._boundary,
                                              self._encoding)
            if result is not None:
                return result[0], result[1]
        return self._collect(parts)

    def _collect(self, parts):
        """POST and FILES from the parts, through the upload handlers as Django feeds them."""
        self._post = QueryDict(mutable=True)
        self._files = MultiValueDict()
        try:
            for part in parts:
                if part.filename is None:
                    self._post.appendlist(part.name,
                                          force_str(part.data, self._encoding, errors="replace"))
                else:
                    self._store_file(part)
        except StopUpload:
            self._close_files()
        any(handler.upload_complete() for handler in self._upload_handlers)
        self._post._mutable = False
        return self._post, self._files

    def _store_file(self, part):
        file_name = self.sanitize_file_name(force_str(part.filename, self._encoding,
                                                      errors="replace"))
        if not file_name:
            return
        handlers = self._upload_handlers
        counters = [0] * len(handlers)
        try:
            for handler in handlers:
                try:
                    handler.new_file(part.name, file_name, part.content_type, None,
                                     part.type_params.get("charset"), part.type_params)
                except StopFutureHandlers:
                    break
            for start in range(0, len(part.data), self._chunk_size):
                chunk = part.data[start:start + self._chunk_size]
                for i, handler in enumerate(handlers):
                    length = len(chunk)
                    chunk = handler.receive_data_chunk(chunk, counters[i])
                    counters[i] += length
                    if chunk is None:
                        break
        except SkipFile:
            self._close_files()
            return
        if part.name:  # Django never completes a file whose field has no name
            self.handle_file_complete(part.name, counters)


class _Part:
    __slots__ = ("name", "filename", "content_type", "type_params", "data")

    def __init__(self, name, filename=None, content_type="", type_params=None, data=b""):
        self.name, self.filename = name, filename
        self.content_type, self.type_params = content_type, type_params or {}
        self.data = data


def _plain_parts(body, boundary, content_length):
    """The body's parts, or None when Django's parser should read it."""
    delimiter = b"--" + boundary
    segments, headers, chunks = [], None, []
    try:
        with multipart.PushMultipartParser(boundary, content_length, strict=True) as parser:
            for event in parser.parse(body):
                if isinstance(event, multipart.MultipartSegment):
                    headers, chunks = event.headerlist, []
                elif event is None:
                    segments.append((headers, b"".join(chunks)))
                else:
                    chunks.append(event)
    except multipart.MultipartError:
        return None
    if not _as_written(body, delimiter, segments):
        return None
    parts = [_part(headers, data) for headers, data in segments]
    return None if None in parts else parts


def _as_written(body, delimiter, segments):
    """Whether the body is exactly what the library read: each part's headers written as
    "Name: value" lines, its data, and the next delimiter — and no other "--boundary" in it,
    which Django would take for a delimiter wherever it is — and nothing before the first or
    after the last: Django reads a preamble or an epilogue that looks like a part as one."""
    if body.count(delimiter) != len(segments) + 1:
        return False
    position = len(delimiter)
    for headers, data in segments:
        head = b"\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers).encode() \
            + b"\r\n"
        # Django looks for a part's headers in its first 1,024 bytes only.
        if len(head) > MAX_TOTAL_HEADER_SIZE or not body.startswith(head, position):
            return False
        position += len(head) + len(data)
        if not body.startswith(b"\r\n" + delimiter, position):
            return False
        position += 2 + len(delimiter)
    return body[position:] in (b"--", b"--\r\n")


def _part(headers, data):
    values = dict(headers)
    if len(values) != len(headers) or not values.keys() <= KNOWN_HEADERS \
            or not all(value.isascii() for value in values.values()):
        return None
    disposition = values.get("Content-Disposition", "")
    if plain := PLAIN_FIELD.fullmatch(disposition):
        return _Part(plain[1].strip(), data=data)
    # Django's reading of these headers (multipartparser.parse_boundary_stream).
    kind, params = parse_header_parameters(disposition)
    if kind != "form-data" or "name" not in params:
        return None
    name = params["name"].encode().strip().decode()  # as bytes: "\x1f" is not stripped
    if not params.get("filename"):
        return _Part(name, data=data)
    content_type, type_params = parse_header_parameters(values.get("Content-Type", ""))
    return _Part(name, params["filename"], content_type.strip(),
                 {key: value.encode() for key, value in type_params.items()}, data)


def _within_limits(parts):
    """Within Django's limits; at a limit or over it, Django's parser decides."""
    fields = [part for part in parts if part.filename is None]
    files = len(parts) - len(fields)
    size = sum(len(part.data) + len(part.name) + 2 for part in fields)
    return ((settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is None
             or len(fields) <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
            and (settings.DATA_UPLOAD_MAX_MEMORY_SIZE is None
                 or size <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
            and (settings.DATA_UPLOAD_MAX_NUMBER_FILES is None
                 or files <= settings.DATA_UPLOAD_MAX_NUMBER_FILES))
