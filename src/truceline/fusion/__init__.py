"""Fusion stage: claims → incidents."""

from truceline.fusion._declared import fuse

__all__ = ["fuse"]
