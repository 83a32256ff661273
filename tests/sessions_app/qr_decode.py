"""Reading printed and on-screen QR codes back as a scanner would: zxing-cpp, an independent
decoder, on PNG screenshots and on PDF pages rasterised by pypdfium2 (PDFium, Chrome's own
PDF engine)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import zxingcpp
from PIL import Image


def decode_image(image: Image.Image) -> list[str]:
    """The text of every QR code found in the image, top to bottom, left to right."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    found.sort(key=lambda barcode: (barcode.position.top_left.y, barcode.position.top_left.x))
    return [barcode.text for barcode in found]


def decode_png(png: bytes | Path) -> list[str]:
    data = png.read_bytes() if isinstance(png, Path) else png
    return decode_image(Image.open(io.BytesIO(data)).convert("RGB"))


def pdf_pages(pdf: bytes, dpi: int = 200) -> list[Image.Image]:
    """Each page of the PDF as an RGB image at dpi, as a printer would lay it down."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in document]
    finally:
        document.close()


def decode_pdf(pdf: bytes, dpi: int = 200) -> list[list[str]]:
    """Per page, the QR codes it holds."""
    return [decode_image(image) for image in pdf_pages(pdf, dpi)]
