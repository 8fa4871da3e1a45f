"""Demo devices for `make run`: a small desk of each kind, with Snipe-IT-like asset tags."""

from __future__ import annotations

from travelprep.loaner.inventory_csv import DeviceFields

_MODELS = {
    "laptop": [("MacBook Air 13 M2", "macOS 15"), ("ThinkPad X1 Carbon Gen 11", "Windows 11"),
               ("Chromebook Plus 14", "ChromeOS")],
    "phone": [("iPhone SE (3rd gen)", "iOS 18"), ("Pixel 8a", "Android 15")],
    "tablet": [("iPad (10th gen)", "iPadOS 18")],
    "hotspot": [("Netgear Nighthawk M6", "")],
}  # fmt: skip
_COUNTS = {"laptop": 6, "phone": 4, "tablet": 2, "hotspot": 2}
_PREFIX = {"laptop": "LT", "phone": "PH", "tablet": "TB", "hotspot": "HS"}


def demo_devices() -> list[DeviceFields]:
    """Fourteen devices: six laptops, four phones, two tablets, two hotspots."""
    devices = []
    for kind, count in _COUNTS.items():
        for number in range(1, count + 1):
            model, os = _MODELS[kind][(number - 1) % len(_MODELS[kind])]
            devices.append(
                DeviceFields(
                    asset_tag=f"DEMO-{_PREFIX[kind]}-{number:03d}",
                    kind=kind,
                    model=model,
                    os=os,
                    serial=f"DEMO{_PREFIX[kind]}{number:04d}",
                    notes="Demo device loaded by `travelprep devices load-demo`.",
                )
            )
    return devices
