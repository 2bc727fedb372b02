"""Read generated PDFs back the way a reader's viewer would."""

import io

from pypdf import PdfReader


def read_pdf(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-"), data[:40]
    return PdfReader(io.BytesIO(data))


def pdf_text(reader: PdfReader) -> str:
    # Layout breaks long lines; compare on single spaces.
    return " ".join(
        " ".join(page.extract_text() or "" for page in reader.pages).split()
    )


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Map each font's base name to whether its program is embedded."""
    fonts: dict[str, bool] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descendant = font["/DescendantFonts"][0].get_object()
                descriptor = descendant.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader.outline)
    return titles


def get_pdf(client, article, **headers):
    """GET an article's PDF; its bytes are in `response.pdf`, streamed or not."""
    response = client.get(article.get_pdf_url(), headers=headers)
    # Reading the stream to its end closes the file, as a WSGI server would.
    if response.streaming:
        response.pdf = b"".join(response.streaming_content)
    else:
        response.pdf = response.content
    return response
