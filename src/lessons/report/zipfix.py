"""Office files are zip archives stamped with the time they were written. For reruns to
give the same bytes, entries get one fixed time and the document properties one fixed
date: no timestamp inside a document beyond the manifest."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

EPOCH = (1980, 1, 1, 0, 0, 0)
FIXED = "2000-01-01T00:00:00Z"


def fixed_zip(path: str | Path, xlsx_props: bool = False) -> None:
    path = Path(path)
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    tmp = path.with_suffix(path.suffix + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + FIXED.encode() + rb"\2", data)
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    tmp.replace(path)
