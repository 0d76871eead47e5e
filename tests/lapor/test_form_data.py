"""lapor.form_data reads a multipart body exactly as Django's parser does, only faster."""

import io
import random

import pytest
from django.core.files.uploadhandler import (
    FileUploadHandler,
    MemoryFileUploadHandler,
    SkipFile,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.http import QueryDict
from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lapor.form_data import FormDataParser

BOUNDARY = "----WebKitFormBoundaryq8bE4xVJgGk9Zs1P"


def part(headers, data):
    head = "".join(f"{line}\r\n" for line in headers).encode()
    return b"--" + BOUNDARY.encode() + b"\r\n" + head + b"\r\n" + data + b"\r\n"


def field(name, value):
    data = value.encode() if isinstance(value, str) else value
    return part([f'Content-Disposition: form-data; name="{name}"'], data)


def upload(name, filename, data, content_type="image/jpeg"):
    return part([f'Content-Disposition: form-data; name="{name}"; filename="{filename}"',
                 f"Content-Type: {content_type}"], data)


def body(*parts, end=True):
    return b"".join(parts) + (b"--" + BOUNDARY.encode() + b"--\r\n" if end else b"")


def read(parser_class, data, *, content_type=None, length=None, first_handler=None):
    """What a parser makes of a body: its fields and files, or the error it raises."""
    meta = {"CONTENT_TYPE": content_type or f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(len(data) if length is None else length)}
    handlers = [MemoryFileUploadHandler(), TemporaryFileUploadHandler()]
    if first_handler is not None:
        handlers.insert(0, first_handler())
    try:
        post, files = parser_class(meta, io.BytesIO(data), handlers, "utf-8").parse()
    except Exception as error:  # noqa: BLE001 - the error is the result compared
        return "error", type(error).__name__
    return sorted(post.lists()), sorted(
        (key, [(f.name, f.content_type, f.charset, f.content_type_extra, f.size,
                "closed" if f.closed else f.read(), type(f).__name__) for f in values])
        for key, values in files.lists())


@pytest.fixture
def delegated(monkeypatch):
    """Counts the bodies FormDataParser hands to Django's own reading."""
    calls = []
    original = MultiPartParser._parse

    def counted(self):
        calls.append(type(self))
        return original(self)

    monkeypatch.setattr(MultiPartParser, "_parse", counted)
    return calls


def same(data, delegated_calls, **kwargs):
    """FormDataParser's reading, checked against Django's; `delegated_calls` keeps what ours
    handed to Django's parser."""
    delegated_calls.clear()
    ours = read(FormDataParser, data, **kwargs)
    handed_over = list(delegated_calls)
    assert ours == read(MultiPartParser, data, **kwargs)
    delegated_calls[:] = handed_over
    return ours


FILING = body(
    field("csrfmiddlewaretoken", "x" * 64), field("kind", "complaint"),
    field("title", "Lampu jalan mati di depan balai desa"),
    field("description", "Sudah tiga malam lampu jalan mati — jalan gelap 🌑, rawan kecelakaan."),
    field("name", "Warga Uji"), field("phone", "0812 3456 7890"), field("consent", "on"),
    field("unit", ""), field("category", "5"), field("incident_date", "2026-12-01"),
)
PHOTO = bytes(range(256)) * 4000  # about 1 MB


def test_a_browser_s_filing_is_read_here_with_django_s_result(delegated):
    result = same(FILING, delegated)
    assert dict(result[0])["title"] == ["Lampu jalan mati di depan balai desa"]
    assert delegated == []  # read by the library, not by Django's parser


def test_photos_reach_the_upload_handlers_as_django_feeds_them(delegated):
    data = body(field("title", "Foto"), upload("attachments", "IMG_2026.jpg", PHOTO),
                upload("attachments", "denah.pdf", b"%PDF-1.4 ...", "application/pdf"),
                field("consent", "on"))
    post, files = same(data, delegated)
    (key, stored), = files
    assert key == "attachments"
    assert [(name, size, kind) for name, _, _, _, size, _, kind in stored] == [
        ("IMG_2026.jpg", len(PHOTO), "InMemoryUploadedFile"),
        ("denah.pdf", 12, "InMemoryUploadedFile")]
    assert stored[0][5] == PHOTO
    assert delegated == []


@pytest.mark.parametrize("data", [
    # A file input left empty: Django reads it as an empty field.
    body(field("title", "x"), upload("attachments", "", b"", "application/octet-stream")),
    body(field("title", "Alamat: Jl. Diponegoro No. 12; RT 03/RW 05"), field("  spaced  ", "v")),
    body(field("a;b", "quoted semicolon"), field("name", "x"), field("name", "y")),
    body(field("title", b"\xff\xfe not utf-8 \xc3")),
    body(field("title", "--" + BOUNDARY[:-1] + " almost a boundary\r\n--")),
    body(upload("f", r"C:\Users\warga\Pictures\foto.jpg", b"jpeg")),
    body(upload("f", "../../etc/passwd", b"x"), upload("g", ".", b"x"), upload("h", "..", b"y")),
    body(upload("f", "&quot;foto&amp;.jpg", b"x")),
    body(upload("f", "x.txt", b"teks", "text/plain; charset=iso-8859-1")),
    body(upload("f", "x.bin", b"bytes", "")),
    body(part(['Content-Disposition: form-data; name="\x1fjudul\x1c"'], b"stripped as bytes")),
    # Header values other than the plain ones are read by Django's own header function.
    body(part(["Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''foto%20jalan.jpg",
               "Content-Type: image/jpeg"], b"x")),
    body(part(['Content-Disposition: form-data; name="t\\"q"'], b"escaped quote")),
    b"preamble a robot wrote\r\n" + body(field("title", "x")) + b"epilogue\r\n",
])
def test_unusual_but_plain_bodies_give_django_s_result(data, delegated):
    same(data, delegated)


@pytest.mark.parametrize("data", [
    body(field("title", "x"),
         part(['Content-Disposition: form-data; name="f"; filename="foto jalan ©.jpg"',
               "Content-Type: image/jpeg"], b"x")),
    body(part(['Content-Disposition: form-data; name="title"',
               "Content-Transfer-Encoding: base64"], b"TGFtcHUgamFsYW4=")),
    body(part(['Content-Disposition: form-data; name="f"; filename="a.jpg"',
               "Content-Type: image/jpeg", "Content-Length: 3"], b"abc")),
    body(part(['Content-Disposition: form-data; name="a"',
               'Content-Disposition: form-data; name="b"'], b"two names")),
    body(part(["Content-Type: text/plain"], b"no disposition"), field("title", "x")),
    body(part(['Content-Disposition: attachment; name="title"'], b"not form-data")),
    body(part(["Content-Disposition: form-data"], b"no name"), field("title", "x")),
    body(upload("f", "n" * 1100 + ".jpg", b"headers longer than Django reads")),
    body(field("title", "x"), end=False),  # the closing boundary never came
    # A preamble and an epilogue that look like parts: Django reads them as parts.
    b'Content-Disposition: form-data; name="x"\r\n\r\nbefore\r\n' + body(field("title", "x")),
    body(field("title", "x")) + b'Content-Disposition: form-data; name="x"\r\n\r\nafter',
    FILING.replace(b"\r\n", b"\n"),  # bare line feeds
    b"no boundary at all",
    b"",
])
def test_anything_else_is_read_by_django_s_parser_from_the_same_bytes(data, delegated):
    same(data, delegated, length=len(data) or 1)
    assert len(delegated) == 1


def test_a_body_cut_short_by_the_client_is_read_by_django(delegated):
    same(FILING[:300], delegated, length=len(FILING))


def test_limits_are_django_s(delegated, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    three = body(field("a", "1"), field("b", "2"), field("c", "3"))
    assert same(three, delegated)[0][0] == ("a", ["1"])
    assert delegated == []
    assert same(body(field("a", "1"), field("b", "2"), field("c", "3"), field("d", "4")),
                delegated) == ("error", "TooManyFieldsSent")
    assert same(body(upload("f", "1.jpg", b"x"), upload("f", "2.jpg", b"x"),
                     upload("f", "3.jpg", b"x")), delegated) == ("error", "TooManyFilesSent")
    assert same(body(field("a", "x" * 98)), delegated) == ("error", "RequestDataTooBig")
    within = same(body(field("a", "x" * 97)), delegated)  # 97 + len("a") + 2 = 100
    assert within[0] == [("a", ["x" * 97])]
    assert delegated == []


class SkipsPdfs(FileUploadHandler):
    """Refuses a PDF as soon as it starts (SkipFile), before the next handlers see it."""

    def new_file(self, field_name, file_name, *args, **kwargs):
        if file_name.endswith(".pdf"):
            raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None


class StopsAtTheSecondFile(SkipsPdfs):
    """Ends the whole upload (StopUpload) when a second file starts."""

    files = 0

    def new_file(self, *args, **kwargs):
        self.files += 1
        if self.files == 2:
            raise StopUpload


class AnswersTheRawBody(SkipsPdfs):
    """Takes the whole body itself (handle_raw_input), as a custom handler may."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        return QueryDict("dibaca=sendiri"), MultiValueDict()


@pytest.mark.parametrize("handler", [SkipsPdfs, StopsAtTheSecondFile, AnswersTheRawBody])
def test_upload_handlers_that_skip_stop_or_take_the_body_are_obeyed_as_by_django(handler,
                                                                                  delegated):
    data = body(field("title", "x"), upload("f", "foto.jpg", b"jpeg"),
                upload("f", "denah.pdf", b"%PDF"), field("consent", "on"))
    ours = same(data, delegated, first_handler=handler)
    assert delegated == []
    assert ours != read(MultiPartParser, data)  # the handler made a difference


def test_a_body_over_the_in_memory_size_streams_through_django(delegated, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000
    data = body(field("title", "x"), upload("f", "foto.jpg", PHOTO[:5000]))
    post, files = same(data, delegated)
    assert files[0][1][0][6] == "TemporaryUploadedFile"
    assert len(delegated) == 1


names = st.text(st.characters(codec="utf-8", exclude_characters='"\\\r\n'), max_size=12)
values = st.one_of(st.text(max_size=40), st.binary(max_size=40))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(
    st.tuples(st.just("field"), names, values),
    st.tuples(st.just("file"), names, st.tuples(names, st.binary(max_size=200)))),
    max_size=8))
def test_any_generated_form_gives_django_s_result(delegated, parts):
    data = body(*[field(name, value) if kind == "field" else upload(name, *value)
                  for kind, name, value in parts])
    same(data, delegated)


PIECES = [b"\r\n", b"\n", b"--", BOUNDARY.encode(), b'"', b"\\", b";", b"=", b"filename", b"name",
          b"Content-Type: ", b"Content-Disposition: form-data; ", b"\x00", b"\xff", b" ", b"*"]


@pytest.mark.parametrize("seed", range(4))
def test_damaged_bodies_give_django_s_result(seed, delegated, settings):
    """Browser-like bodies with bytes cut, inserted and changed — where a difference between
    the two readers would show (a delimiter not at a line's start, a preamble or epilogue
    that looks like a part, a bare line feed in the headers …) — near the limits."""
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 8
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 400
    seeds = [FILING, body(field("title", "Foto"), upload("attachments", "IMG_1.jpg", b"\xff" * 99),
                          field("consent", "on")),
             body(upload("f", "", b"", "application/octet-stream"), field("a;b", "x")),
             body(upload("f", "a b.jpg", b"abc", "image/jpeg; charset=utf-8; x=1"))]
    rnd = random.Random(seed)
    read_here = 0
    for _ in range(1500):
        data = bytearray(rnd.choice(seeds))
        for _ in range(rnd.randint(1, 4)):
            where, choice = rnd.randrange(len(data) + 1), rnd.random()
            if choice < 0.3:
                del data[where:where + rnd.randint(1, 20)]
            elif choice < 0.7:
                data[where:where] = rnd.choice(PIECES)
            elif choice < 0.85 and data:
                data[min(where, len(data) - 1)] = rnd.randrange(256)
            else:
                data[where:where] = bytes(rnd.randrange(32, 127) for _ in range(rnd.randint(1, 30)))
        same(bytes(data), delegated, length=len(data) or 1)
        read_here += not delegated
    assert read_here > 100  # many of them are still plain enough to be read here
