"""Thai province names from PyThaiNLP's bundled list, with the short forms people write
(``จ.ระยอง``, ``อยุธยา``, ``กาญ``, ``โคราช``)."""
from __future__ import annotations
from .config import offline as _offline

import re
from functools import lru_cache

_EXTRA_ALIASES = {
    "อยุธยา": "พระนครศรีอยุธยา",
    "กรุงเทพ": "กรุงเทพมหานคร",
    "กรุงเทพฯ": "กรุงเทพมหานคร",
    "กาญ": "กาญจนบุรี",
    "โคราช": "นครราชสีมา",
    "ประจวบ": "ประจวบคีรีขันธ์",
    "ฉะเชิงเทรา(แปดริ้ว)": "ฉะเชิงเทรา",
    "แปดริ้ว": "ฉะเชิงเทรา",
    "สุพรรณ": "สุพรรณบุรี",
    "ปราจีน": "ปราจีนบุรี",
    "สมุทรสาคร(มหาชัย)": "สมุทรสาคร",
    "มหาชัย": "สมุทรสาคร",
}


@_offline
@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    from pythainlp.corpus import provinces

    return tuple(sorted(p["name_th"] for p in provinces(details=True)))


@_offline
@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    from pythainlp.corpus import provinces

    out = {}
    for p in provinces(details=True):
        out[p["name_th"]] = p["name_th"]
        out[p["name_en"].lower()] = p["name_th"]
    out.update(_EXTRA_ALIASES)
    return out


_PREFIX = re.compile(r"^(?:จังหวัด|จ\.\s*|จ\s+)")


def canonical_province(value: object) -> str | None:
    """``'จ.ระยอง'`` -> ``'ระยอง'``; ``'อยุธยา'`` -> ``'พระนครศรีอยุธยา'``; unknown -> None."""
    if value is None:
        return None
    s = " ".join(str(value).split())
    if not s:
        return None
    s = _PREFIX.sub("", s).strip()
    aliases = _aliases()
    if s in aliases:
        return aliases[s]
    if s.lower() in aliases:
        return aliases[s.lower()]
    # a province name inside a longer string ("พมจ.ระยอง", "สภ.เมืองชลบุรี")
    for name in sorted(province_names(), key=len, reverse=True):
        if name in s:
            return name
    return None
