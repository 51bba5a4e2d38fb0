"""The geocoder interface: what every implementation of the geocoding stage offers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from truceline._typing import OnAmbiguousPlace

if TYPE_CHECKING:
    from truceline.geocoding._resolver import GeoContext, Resolution

__all__ = ["Geocoder"]


@runtime_checkable
class Geocoder(Protocol):
    """Resolves a place name as written to a :class:`~truceline.domain.Place`."""

    def resolve(self, name: str, *, context: GeoContext | None = None,
                policy: OnAmbiguousPlace = "flag") -> Resolution:
        """Resolve ``name``; see :class:`~truceline.geocoding.GazetteerGeocoder`."""
        ...
