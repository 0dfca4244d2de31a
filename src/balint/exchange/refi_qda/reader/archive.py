"""The zip archive of a .qdpx (or a .docx inside it), checked for bombs and path traversal, and the caps."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..errors import RefiQdaError

_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile file from exhausting memory or time."""

    max_input_bytes: int = 200 * _MB
    max_total_uncompressed_bytes: int = 500 * _MB
    max_member_bytes: int = 100 * _MB
    max_entries: int = 10_000
    max_ratio: int = 100
    # Tiny members can compress by odd ratios legitimately; the ratio counts only above this size.
    ratio_floor_bytes: int = 1 * _MB


DEFAULT_LIMITS = Limits()
_ZIP_BOMB = gettext_lazy("{label}: looks like a zip bomb (compression ratio too high).")


class _Archive:
    """A zip archive checked for bombs and traversal, with case-insensitive member lookup."""

    def __init__(self, raw: bytes, limits: Limits, *, label: str = "") -> None:
        """`label` names the zip in messages ("Word document"); the REFI-QDA archive by default."""
        self.limits = limits
        self.label = label = label or _("Archive")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.zip.infolist()
        except Exception as exc:  # zipfile raises many types on garbage (BadZipFile, EOFError, ValueError...)
            raise RefiQdaError(
                _("{label}: not a readable zip file.").format(label=label), element=label
            ) from exc
        if len(infos) > limits.max_entries:
            raise RefiQdaError(
                _("{label}: more than {count} files.").format(label=label, count=limits.max_entries),
                element=label,
            )
        total = 0
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            _check_member_name(info.filename)
            if info.flag_bits & 0x1:
                raise RefiQdaError(_("The archive is password-protected."), element=info.filename)
            if info.file_size > limits.max_member_bytes:
                raise RefiQdaError(
                    _("{label}: a file in it is larger than {mb} MB.").format(
                        label=label, mb=limits.max_member_bytes // _MB
                    ),
                    element=info.filename,
                )
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise RefiQdaError(_ZIP_BOMB.format(label=label), element=info.filename)
            total += info.file_size
            if not info.is_dir():
                self.members.setdefault(info.filename.replace("\\", "/").lower(), info)
        if total > limits.max_total_uncompressed_bytes:
            raise RefiQdaError(
                _("{label}: unpacks to more than {mb} MB.").format(
                    label=label, mb=limits.max_total_uncompressed_bytes // _MB
                ),
                element=label,
            )
        if total > limits.ratio_floor_bytes and total > limits.max_ratio * len(raw):
            raise RefiQdaError(_ZIP_BOMB.format(label=label), element=label)
        self.budget = limits.max_total_uncompressed_bytes

    def find(self, *names: str) -> zipfile.ZipInfo | None:
        """Return the first member matching one of `names`, ignoring case and slash direction."""
        for name in names:
            info = self.members.get(name.replace("\\", "/").lower())
            if info is not None:
                return info
        return None

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """Return a member's bytes, counting what really comes out rather than trusting the header."""
        cap = min(info.file_size, self.limits.max_member_bytes, self.budget)
        chunks = []
        size = 0
        try:
            with self.zip.open(info) as handle:
                while chunk := handle.read(64 * 1024):
                    size += len(chunk)
                    if size > cap:
                        raise RefiQdaError(
                            _("A file in the archive unpacks to more than it declares."),
                            element=info.filename,
                        )
                    chunks.append(chunk)
        except RefiQdaError:
            raise
        except Exception as exc:  # corrupt deflate data, CRC mismatch, unsupported compression method
            raise RefiQdaError(_("A file in the archive is damaged."), element=info.filename) from exc
        self.budget -= size
        return b"".join(chunks)


def _check_member_name(name: str) -> None:
    """Refuse archive entries that would escape a folder if anyone ever extracted them."""
    normalized = name.replace("\\", "/")
    parts = normalized.split("/")
    if (
        normalized.startswith("/")
        or re.match(r"^[A-Za-z]:", normalized)
        or ".." in parts
        or "\x00" in normalized
    ):
        raise RefiQdaError(_("The archive contains an unsafe path."), element=name[:200])
