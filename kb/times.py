"""Times as people read them: an ISO stamp with its offset (2026-12-01T04:30:00+0000, as
the build and feedback files store it) shown in the office's time zone with the zone named.

    >>> local_time("2026-12-01T04:30:00+0000", "Asia/Shanghai")
    '2026-12-01 12:30:00 (UTC+08:00)'
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local_time(stamp: str, zone: str, seconds: bool = True) -> str:
    """``stamp`` in ``zone``, with the zone; the stamp unchanged when either cannot be read."""
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z").astimezone(ZoneInfo(zone))
    except (ValueError, KeyError):
        return stamp
    offset = moment.strftime("%z")
    return moment.strftime("%Y-%m-%d %H:%M" + (":%S" if seconds else "")) + f" (UTC{offset[:3]}:{offset[3:]})"
