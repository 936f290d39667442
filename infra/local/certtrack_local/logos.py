"""Certification logo artwork, made by the project (no third-party trademark files): one badge per
certification, for light and dark backgrounds, as SVG and PNG. `make run` uploads them to the logos
bucket at start; a deployment uploads them with `make logos BUCKET=<LogosBucketName>`."""

import argparse
import io
import sys
from typing import Any
from xml.sax.saxutils import escape

LEVEL_COLOURS = {
    "entry": "#6f7c91",
    "associate": "#049fd9",
    "specialist": "#6cc04a",
    "professional": "#005073",
    "expert": "#d0261e",
}
VARIANTS = {"light": ("#ffffff", "#1b2434"), "dark": ("#1b2434", "#ffffff")}
SIZE = 512


def svg(name: str, level: str, variant: str) -> str:
    background, ink = VARIANTS[variant]
    accent = LEVEL_COLOURS[level]
    words = _lines(name)
    text = "".join(
        f'<text x="256" y="{250 + i * 46 - (len(words) - 1) * 23}" font-size="40" font-weight="700" '
        f'text-anchor="middle" fill="{ink}" font-family="Helvetica, Arial, sans-serif">{escape(w)}</text>'
        for i, w in enumerate(words)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="48" fill="{background}"/>'
        f'<circle cx="256" cy="256" r="214" fill="none" stroke="{accent}" stroke-width="22"/>'
        f'<circle cx="256" cy="256" r="180" fill="none" stroke="{ink}" stroke-width="3" opacity="0.35"/>'
        f'<text x="256" y="140" font-size="30" letter-spacing="6" text-anchor="middle" fill="{accent}" '
        f'font-family="Helvetica, Arial, sans-serif" font-weight="700">CERTIFIED</text>{text}'
        f'<text x="256" y="400" font-size="26" letter-spacing="4" text-anchor="middle" fill="{ink}" '
        f'font-family="Helvetica, Arial, sans-serif">{escape(level.upper())}</text></svg>'
    )


def png(name: str, level: str, variant: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    background, ink = VARIANTS[variant]
    accent = LEVEL_COLOURS[level]
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, SIZE - 1, SIZE - 1), radius=48, fill=background)
    draw.ellipse((42, 42, 470, 470), outline=accent, width=22)
    font = ImageFont.load_default(size=40)
    small = ImageFont.load_default(size=28)
    draw.text((256, 140), "CERTIFIED", fill=accent, font=small, anchor="mm")
    words = _lines(name)
    for i, word in enumerate(words):
        draw.text((256, 250 + i * 46 - (len(words) - 1) * 23), word, fill=ink, font=font, anchor="mm")
    draw.text((256, 392), level.upper(), fill=ink, font=small, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _lines(name: str, width: int = 16) -> list[str]:
    lines: list[str] = []
    for word in name.replace(" - ", " ").split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:4]


def upload(s3: Any, bucket: str) -> int:
    """Makes and uploads every certification's logos; returns how many objects were written."""
    from certtrack.catalog import get_catalog
    from certtrack.logos import key

    count = 0
    for cert in get_catalog().certifications.values():
        for variant in VARIANTS:
            s3.put_object(
                Bucket=bucket,
                Key=key(cert.cert_id, variant, "svg"),
                Body=svg(cert.name, cert.level, variant).encode(),
                ContentType="image/svg+xml",
            )
            s3.put_object(
                Bucket=bucket,
                Key=key(cert.cert_id, variant, "png"),
                Body=png(cert.name, cert.level, variant),
                ContentType="image/png",
            )
            count += 2
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="certtrack_local.logos", description=__doc__)
    parser.add_argument("--bucket", required=True, help="the stack's LogosBucketName output")
    args = parser.parse_args(argv)
    import boto3

    print(f"uploaded {upload(boto3.client('s3'), args.bucket)} logo files to {args.bucket}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
